package dev.cabledger.server.templates;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeTemplateApproved;
import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Templates;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.SeparationOfDutiesException;
import dev.cabledger.server.workflow.StateConflictException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/change-templates}: a platform admin defines a standard-change template for a client
 * it sees; a CAB approver who is not its definer approves it once; anyone lists the templates of
 * the clients in scope, with their status.
 */
@RestController
class TemplateController {
  /** Templates listed at most, newest first. */
  static final int LIST_LIMIT = 500;

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final ChangeWriter writer;
  private final TemplateStore store;

  TemplateController(ChangeWriter writer, TemplateStore store) {
    this.writer = writer;
    this.store = store;
  }

  /**
   * The templates listed.
   *
   * @param templates newest first
   */
  record TemplateList(List<TemplateView> templates) {}

  /**
   * The body of an approval.
   *
   * @param definition the SHA-256 of the definition approved, as the template's view shows it: the
   *     approver approves exactly the terms it read
   */
  record ApprovalIntake(@Nullable String definition) {}

  /** What a retry with the same Idempotency-Key must repeat: the template and the body. */
  record ApprovalRequest(String templateId, ApprovalIntake body) {}

  @PostMapping(
      value = "/api/change-templates",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<TemplateView> define(
      @RequestBody TemplateIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    ChangeTemplateDefined template = intake.template(UUID.randomUUID());
    if (!caller.sees(template.client().value())) {
      throw new NotVisibleException(
          "No client \"" + template.client().value() + "\" within your client scope.");
    }
    Statement statement =
        new Statement(
            template.subjectName(),
            template.subjectDigest(),
            new Event(UUID.randomUUID().toString(), template, caller.actor(), now()));
    Recorded recorded =
        writer.recordOffChange(
            statement,
            TemplateRows.of(statement).orElseThrow().projection(),
            Optional.ofNullable(idempotencyKey),
            caller,
            intake);
    // A replay answers the entry the first request appended, with its own template id.
    LoggedEvent entry = entryAt(template.client(), recorded.receipt().index());
    TemplateView view =
        TemplateView.of(entry, store.of(template.client()))
            .withReceipt(ReceiptView.of(recorded.receipt()));
    return ResponseEntity.status(recorded.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(view);
  }

  @PostMapping(
      value = "/api/change-templates/{id}/approve",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<TemplateView> approve(
      @PathVariable String id,
      @RequestBody ApprovalIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    UUID templateId = templateId(id);
    ClientId client = clientOf(templateId, caller);
    Templates known = store.of(client);
    LoggedEvent definition =
        known
            .definition(templateId)
            .orElseThrow(() -> new NotVisibleException("no change template " + id));
    ChangeTemplateDefined template = (ChangeTemplateDefined) definition.data();
    if (intake.definition() == null || !SHA256.matcher(intake.definition()).matches()) {
      throw new InvalidInputException(
          "definition is required: the SHA-256 of the template's definition as its view shows it,"
              + " 64 lower-case hex digits");
    }
    // The policy would never count it (Templates.approvedBefore): refused before anything is
    // signed.
    if (definition.actor().subject().equals(caller.subject())) {
      throw new SeparationOfDutiesException(
          caller.subject() + " defined change template " + id + " and may not approve it");
    }
    Digest approved = Digest.fromHex(intake.definition());
    if (!approved.equals(template.subjectDigest())) {
      throw new StateConflictException(
          "change template "
              + id
              + " is defined as "
              + template.subjectDigest().hex()
              + ", not "
              + approved.hex()
              + ": read it again before approving");
    }
    ChangeTemplateApproved approval =
        new ChangeTemplateApproved(templateId, client, approved, caller.subject());
    Statement statement =
        new Statement(
            id, approved, new Event(UUID.randomUUID().toString(), approval, caller.actor(), now()));
    Recorded recorded =
        writer.recordOffChange(
            statement,
            new ApprovedOnce(id, TemplateRows.of(statement).orElseThrow()),
            Optional.ofNullable(idempotencyKey),
            caller,
            new ApprovalRequest(id, intake));
    TemplateView view =
        TemplateView.of(definition, store.of(client))
            .withReceipt(ReceiptView.of(recorded.receipt()));
    return ResponseEntity.status(recorded.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(view);
  }

  @GetMapping(value = "/api/change-templates", produces = MediaType.APPLICATION_JSON_VALUE)
  TemplateList templates(
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String status,
      @AuthenticationPrincipal Caller caller) {
    if (status != null && !status.equals("approved") && !status.equals("pending")) {
      throw new InvalidInputException(
          "status must be one of approved, pending, not \"" + status + "\"");
    }
    Optional<List<String>> clients;
    if (client != null) {
      clients = Optional.of(caller.sees(client) ? List.of(client) : List.of());
    } else {
      clients = caller.allClients() ? Optional.empty() : Optional.of(List.copyOf(caller.clients()));
    }
    Templates known = store.ofClients(clients);
    List<TemplateView> out = new ArrayList<>();
    for (LoggedEvent e : known.entries().reversed()) {
      if (e.data() instanceof ChangeTemplateDefined t
          && known.definition(t.templateId()).filter(d -> d.index() == e.index()).isPresent()) {
        TemplateView view = TemplateView.of(e, known);
        if (status == null || status.equals(view.status())) {
          out.add(view);
        }
      }
      if (out.size() == LIST_LIMIT) {
        break;
      }
    }
    return new TemplateList(out);
  }

  private static UUID templateId(String id) {
    try {
      UUID parsed = UUID.fromString(id);
      if (parsed.toString().equals(id)) {
        return parsed;
      }
    } catch (IllegalArgumentException e) {
      // reported below, as any id that is not a template's
    }
    throw new NotVisibleException("no change template " + id);
  }

  /** The template's client, if the caller sees it; a template it does not see is not found. */
  private ClientId clientOf(UUID templateId, Caller caller) {
    return store.clientsOf(templateId).stream()
        .filter(caller::sees)
        .findFirst()
        .map(ClientId::new)
        .orElseThrow(() -> new NotVisibleException("no change template " + templateId));
  }

  private LoggedEvent entryAt(ClientId client, long index) {
    return store.of(client).entries().stream()
        .filter(e -> e.index() == index)
        .findFirst()
        .orElseThrow(
            () ->
                new LedgerIntegrityException(
                    "entry " + index + " is not a template that verifies"));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
