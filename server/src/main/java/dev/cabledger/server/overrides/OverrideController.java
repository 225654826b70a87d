package dev.cabledger.server.overrides;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.PolicyOverridden;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.CurrentPlanCheck;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.SeparationOfDutiesException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
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
 * {@code POST /api/changes/{id}/override}: a platform admin who is not the change's requester
 * overrides the gate for the change's current plan, with a reason ({@code POLICY_OVERRIDDEN}); the
 * gate then approves that plan, naming the override. {@code GET /api/overrides}: every override of
 * the clients in scope, newest first, for auditors.
 */
@RestController
class OverrideController {
  static final int PAGE_SIZE = OverrideList.PAGE_SIZE;
  private static final Pattern PLAN_HASH = Pattern.compile("[0-9a-f]{64}");

  private final ChangeRecords records;
  private final ChangeWriter writer;
  private final OverrideList overrides;

  OverrideController(ChangeRecords records, ChangeWriter writer, OverrideList overrides) {
    this.records = records;
    this.writer = writer;
    this.overrides = overrides;
  }

  /**
   * The body.
   *
   * @param planHash the plan the override is for: the change's current one (required)
   * @param reason why the gate is overridden (required)
   */
  record OverrideIntake(@Nullable String planHash, @Nullable String reason) {}

  /** What a retry with the same Idempotency-Key must repeat: the change and the body. */
  record OverrideRequest(String changeId, OverrideIntake body) {}

  /**
   * An override as its signed entry states it.
   *
   * @param change the change overridden
   * @param client its client
   * @param planHash the plan the gate approves because of it
   * @param overriddenBy the platform admin who overrode
   * @param reason why
   * @param overriddenAt when (the entry's {@code created_at})
   * @param entryIndex the {@code POLICY_OVERRIDDEN} entry
   * @param receipt where the entry is, for the answer to a new override
   */
  record OverrideView(
      String change,
      String client,
      String planHash,
      String overriddenBy,
      String reason,
      String overriddenAt,
      long entryIndex,
      Optional<ReceiptView> receipt) {
    static OverrideView of(String changeId, LoggedEvent e) {
      if (!(e.data() instanceof PolicyOverridden o)) {
        throw new LedgerIntegrityException("entry " + e.index() + " is not an override");
      }
      return new OverrideView(
          changeId,
          o.client().value(),
          o.planHash().hex(),
          e.actor().subject(),
          o.reason(),
          e.createdAt().toString(),
          e.index(),
          Optional.empty());
    }

    OverrideView withReceipt(ReceiptView r) {
      return new OverrideView(
          change, client, planHash, overriddenBy, reason, overriddenAt, entryIndex, Optional.of(r));
    }
  }

  /** A page of overrides. */
  record OverridePage(int page, int size, List<OverrideView> overrides) {}

  @PostMapping(
      value = "/api/changes/{id}/override",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<OverrideView> override(
      @PathVariable String id,
      @RequestBody OverrideIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    ChangeHistory history = records.visible(id, caller);
    if (intake.planHash() == null || !PLAN_HASH.matcher(intake.planHash()).matches()) {
      throw new InvalidInputException(
          "planHash is required: the SHA-256 of the plan the override is for, as 64 lower-case hex"
              + " digits");
    }
    if (intake.reason() == null || intake.reason().isBlank()) {
      throw new InvalidInputException("reason is required: why the gate is overridden");
    }
    // The policy would never count it (ChangeAssessment.override): refused before anything is
    // signed.
    if (history.requester().subject().equals(caller.subject())) {
      throw new SeparationOfDutiesException(
          caller.subject() + " requested change " + id + " and may not override its gate");
    }
    Digest plan = Digest.fromHex(intake.planHash());
    PolicyOverridden event = new PolicyOverridden(history.client(), plan, intake.reason());
    Recorded recorded =
        writer.record(
            ChangeRecords.statement(id, event, caller),
            new CurrentPlanCheck(id, plan, "an override"),
            Optional.ofNullable(idempotencyKey),
            caller,
            new OverrideRequest(id, intake));
    long index = recorded.receipt().index();
    LoggedEvent entry =
        records.visible(id, caller).events().stream()
            .filter(e -> e.index() == index)
            .findFirst()
            .orElseThrow(
                () -> new LedgerIntegrityException("entry " + index + " is not the override"));
    URI location = URI.create("/api/changes/" + id);
    OverrideView view = OverrideView.of(id, entry).withReceipt(ReceiptView.of(recorded.receipt()));
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(view)
        : ResponseEntity.created(location).body(view);
  }

  @GetMapping(value = "/api/overrides", produces = MediaType.APPLICATION_JSON_VALUE)
  OverridePage overrides(
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String since,
      @RequestParam(defaultValue = "0") int page,
      @AuthenticationPrincipal Caller caller) {
    return new OverridePage(page, PAGE_SIZE, overrides.page(client, since, page, caller));
  }
}
