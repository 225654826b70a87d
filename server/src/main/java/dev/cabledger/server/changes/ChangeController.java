package dev.cabledger.server.changes;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.ChangeStatus;
import dev.cabledger.core.policy.EmergencyReview;
import dev.cabledger.core.policy.Templates;
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
import java.time.Duration;
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
  private final StandardChanges standard;
  private final Duration reviewPeriod;

  ChangeController(
      ChangeRecords records,
      ChangeWriter writer,
      JdbcTemplate jdbc,
      DeclaredFreezes freezes,
      WorkflowProperties properties,
      StandardChanges standard) {
    this.records = records;
    this.writer = writer;
    this.jdbc = jdbc;
    this.freezes = freezes;
    this.oneInFlightPerTarget = properties.oneInFlightPerTarget();
    this.standard = standard;
    this.reviewPeriod = properties.emergencyReviewPeriod();
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
      Optional<ChangeView.OverrideView> override,
      ChangeTypeView changeType) {
    static ChangeSummary of(ChangeAssessment a, Duration reviewPeriod) {
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
          ChangeView.OverrideView.of(a),
          ChangeTypeView.of(h, reviewPeriod, a.at()));
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
    Optional<Templates.Approved> template =
        event.templateId().map(t -> standard.matching(event, t));
    Statement statement = ChangeRecords.statement(intake.changeId(), event, caller);
    EntryProjection inFlight =
        oneInFlightPerTarget
            ? new InFlightCheck(statement.subjectName(), event)
            : EntryProjection.NONE;
    Recorded recorded =
        writer.record(statement, inFlight, Optional.ofNullable(idempotencyKey), caller, intake);
    String changeId = records.changeIdAt(recorded.receipt().index());
    if (template.isPresent()) {
      // Right after the submission, for the requester: the entry that approves it by rule. A
      // retry of the submission (same Idempotency-Key) appends it if the first attempt did not.
      standard.cite(changeId, template.get(), caller);
    }
    ChangeView view =
        ChangeView.of(
                records.assess(records.visible(changeId, caller), Instant.now()), reviewPeriod)
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
    return ChangeView.of(assessed, reviewPeriod)
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
      @RequestParam(required = false) @Nullable String reviewOverdue,
      @RequestParam(defaultValue = "0") int page,
      @AuthenticationPrincipal Caller caller) {
    if (page < 0 || page > 1_000_000) {
      throw new InvalidInputException("page must be a whole number from 0");
    }
    if (reviewOverdue != null && !reviewOverdue.equals("true") && !reviewOverdue.equals("false")) {
      throw new InvalidInputException(
          "reviewOverdue must be true or false, not \"" + reviewOverdue + "\"");
    }
    boolean overdueOnly = "true".equals(reviewOverdue);
    StringBuilder sql = new StringBuilder("SELECT change_id FROM change_request WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (overdueOnly) {
      // Only emergency changes an emergency approval was logged for can owe a review; whether
      // each does, and is past due, is read from its signed entries below.
      sql.append(
          " AND change_id IN (SELECT change_id FROM change_entry WHERE event_type ="
              + " 'EMERGENCY_APPROVED')");
    }
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
    Instant now = Instant.now();
    List<ChangeSummary> out = new ArrayList<>();
    // Newest first; the status filter uses the status as of each change's latest entry.
    sql.append(" ORDER BY entry_idx DESC");
    if (overdueOnly) {
      // Emergencies are few: each candidate's review is judged from its entries, then paged.
      long skip = (long) page * PAGE_SIZE;
      for (String id : jdbc.queryForList(sql.toString(), String.class, args.toArray())) {
        Optional<ChangeHistory> h = records.find(id);
        if (h.isEmpty()
            || EmergencyReview.of(h.get(), reviewPeriod).filter(r -> r.overdue(now)).isEmpty()) {
          continue;
        }
        if (skip-- > 0) {
          continue;
        }
        out.add(ChangeSummary.of(records.assess(h.get(), now), reviewPeriod));
        if (out.size() == PAGE_SIZE) {
          break;
        }
      }
      return new ChangePage(page, PAGE_SIZE, out);
    }
    sql.append(" LIMIT ? OFFSET ?");
    args.add(PAGE_SIZE);
    args.add((long) page * PAGE_SIZE);
    for (String id : jdbc.queryForList(sql.toString(), String.class, args.toArray())) {
      records
          .find(id)
          .ifPresent(h -> out.add(ChangeSummary.of(records.assess(h, now), reviewPeriod)));
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
