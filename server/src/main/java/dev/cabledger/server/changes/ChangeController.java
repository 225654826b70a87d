package dev.cabledger.server.changes;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.ChangeStatus;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.DeclaredFreezes;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/changes}: a pipeline submits a change request for a plan; anyone with a role reads
 * the changes of the clients in scope, each with its decisions, exceptions, evidence and what the
 * policy still needs.
 */
@RestController
class ChangeController {
  static final int PAGE_SIZE = 50;

  private final ChangeRecords records;
  private final ChangeWriter writer;
  private final JdbcTemplate jdbc;
  private final DeclaredFreezes freezes;
  private final boolean oneInFlightPerTarget;

  ChangeController(
      ChangeRecords records,
      ChangeWriter writer,
      JdbcTemplate jdbc,
      DeclaredFreezes freezes,
      WorkflowProperties properties) {
    this.records = records;
    this.writer = writer;
    this.jdbc = jdbc;
    this.freezes = freezes;
    this.oneInFlightPerTarget = properties.oneInFlightPerTarget();
  }

  /** A page of changes. */
  record ChangePage(int page, int size, List<ChangeSummary> changes) {}

  /**
   * One change in a list: its submission and where it stands now; {@code override} when a platform
   * admin's override lets the gate approve its current plan whatever is missing.
   */
  record ChangeSummary(
      String id,
      Optional<String> title,
      Optional<String> module,
      String client,
      Optional<String> environment,
      String planHash,
      Optional<String> riskLevel,
      String requester,
      String submittedAt,
      String status,
      List<ChangeView.ReasonView> missing,
      Optional<ChangeView.OverrideView> override) {
    static ChangeSummary of(ChangeAssessment a) {
      ChangeHistory h = a.history();
      ChangeSubmitted s = h.submitted();
      return new ChangeSummary(
          h.changeId(),
          s.title(),
          s.module(),
          s.client().value(),
          s.environment(),
          h.planHash().hex(),
          s.risk().map(Risk::json),
          h.requester().subject(),
          h.submission().createdAt().toString(),
          a.status().json(),
          a.missing().stream().map(ChangeView.ReasonView::of).toList(),
          ChangeView.OverrideView.of(a));
    }
  }

  @PostMapping(
      value = "/api/changes",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ChangeView> submit(
      @RequestBody ChangeIntake intake,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    ChangeSubmitted event = intake.event();
    if (!caller.sees(event.client().value())) {
      throw new NotVisibleException(
          "No client \"" + event.client().value() + "\" within your client scope.");
    }
    Statement statement = ChangeRecords.statement(intake.changeId(), event, caller);
    EntryProjection inFlight =
        oneInFlightPerTarget
            ? new InFlightCheck(statement.subjectName(), event)
            : EntryProjection.NONE;
    Recorded recorded =
        writer.record(statement, inFlight, Optional.ofNullable(idempotencyKey), caller, intake);
    String changeId = records.changeIdAt(recorded.receipt().index());
    ChangeView view =
        ChangeView.of(records.assess(records.visible(changeId, caller), Instant.now()))
            .withReceipt(ReceiptView.of(recorded.receipt()));
    URI location = URI.create("/api/changes/" + changeId);
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(view)
        : ResponseEntity.created(location).body(view);
  }

  @GetMapping(value = "/api/changes/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  ChangeView change(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
    Instant now = Instant.now();
    ChangeAssessment assessed = records.assess(records.visible(id, caller), now);
    return ChangeView.of(assessed)
        .withGateAnswers(records.gateAnswers(id, GATE_ANSWERS_SHOWN))
        .withFreezeWarnings(FreezeWarnings.of(assessed, freezes, now));
  }

  /** Gate answers listed with a change: the latest, since a pipeline may poll the gate. */
  static final int GATE_ANSWERS_SHOWN = 100;

  @GetMapping(value = "/api/changes", produces = MediaType.APPLICATION_JSON_VALUE)
  ChangePage changes(
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String riskLevel,
      @RequestParam(defaultValue = "0") int page,
      @AuthenticationPrincipal Caller caller) {
    if (page < 0 || page > 1_000_000) {
      throw new InvalidInputException("page must be a whole number from 0");
    }
    StringBuilder sql = new StringBuilder("SELECT change_id FROM change_request WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (status != null) {
      sql.append(" AND status = ?");
      args.add(word(status, "status", ChangeStatus.values()));
    }
    if (riskLevel != null) {
      sql.append(" AND risk_level = ?");
      args.add(word(riskLevel, "riskLevel", Risk.values()));
    }
    if (client != null) {
      sql.append(" AND client = ?");
      args.add(client);
    }
    if (!caller.allClients()) {
      if (caller.clients().isEmpty()) {
        return new ChangePage(page, PAGE_SIZE, List.of());
      }
      sql.append(" AND client IN (")
          .append(String.join(", ", caller.clients().stream().map(c -> "?").toList()))
          .append(")");
      args.addAll(caller.clients());
    }
    // Newest first; the status filter uses the status as of each change's latest entry.
    sql.append(" ORDER BY entry_idx DESC LIMIT ? OFFSET ?");
    args.add(PAGE_SIZE);
    args.add((long) page * PAGE_SIZE);
    Instant now = Instant.now();
    List<ChangeSummary> out = new ArrayList<>();
    for (String id : jdbc.queryForList(sql.toString(), String.class, args.toArray())) {
      records.find(id).ifPresent(h -> out.add(ChangeSummary.of(records.assess(h, now))));
    }
    return new ChangePage(page, PAGE_SIZE, out);
  }

  private static String word(String value, String name, Enum<?>[] allowed) {
    List<String> words =
        Arrays.stream(allowed).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList();
    if (!words.contains(value)) {
      throw new InvalidInputException(
          name + " must be one of " + String.join(", ", words) + ", not \"" + value + "\"");
    }
    return value;
  }
}
