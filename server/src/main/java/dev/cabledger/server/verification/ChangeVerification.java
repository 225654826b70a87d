package dev.cabledger.server.verification;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.policy.AssessedDecision;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeVerifier;
import dev.cabledger.server.workflow.CheckedEntry;
import dev.cabledger.server.workflow.CheckpointView;
import dev.cabledger.server.workflow.VerifiedChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Verifies a change as an auditor would, and says so per decision: its signatures, its inclusion
 * proof against the latest checkpoint, and whether its projection row still equals what it signs.
 */
@Component
final class ChangeVerification {
  private static final Set<String> DECISIONS =
      Set.of(
          EventType.CAB_APPROVED.name(),
          EventType.CAB_REJECTED.name(),
          EventType.EXCEPTION_APPROVED.name(),
          EventType.EXCEPTION_DENIED.name());

  private final ChangeRecords records;
  private final ChangeVerifier verifier;
  private final ApprovalRows rows;
  private final JdbcTemplate jdbc;

  ChangeVerification(
      ChangeRecords records, ChangeVerifier verifier, ApprovalRows rows, JdbcTemplate jdbc) {
    this.records = records;
    this.verifier = verifier;
    this.rows = rows;
    this.jdbc = jdbc;
  }

  /**
   * The change's verification.
   *
   * @throws dev.cabledger.server.access.NotVisibleException if there is no such change in the
   *     caller's scope
   */
  VerificationView verify(String changeId, Caller caller) {
    records.indexed(changeId, caller);
    VerifiedChange verified = verifier.verify(changeId);
    verified.requireVisibleTo(caller);
    Optional<ChangeAssessment> assessment =
        verified.history().map(h -> records.assess(h, Instant.now()));
    Map<Long, AssessedDecision> assessed = new HashMap<>();
    assessment.ifPresent(a -> a.decisions().forEach(d -> assessed.put(d.entry().index(), d)));
    Map<Long, String> filedAs = indexedTypes(changeId);

    List<VerificationView.DecisionView> decisions = new ArrayList<>();
    for (CheckedEntry e : verified.entries()) {
      Optional<Statement> statement = e.statement();
      Optional<SignedDecision> signed = statement.flatMap(SignedDecision::of);
      if (signed.isPresent()) {
        decisions.add(
            decision(
                e,
                statement.get().predicate().eventType().name(),
                signed.get(),
                Optional.ofNullable(assessed.get(e.index()))));
      } else if (statement.isEmpty() && DECISIONS.contains(filedAs.get(e.index()))) {
        List<String> problems = new ArrayList<>(e.problems());
        problems.add(
            "its bytes hold no statement to compare the approval projection with; the change"
                + " index files it as "
                + filedAs.get(e.index()));
        decisions.add(
            new VerificationView.DecisionView(
                e.index(),
                filedAs.get(e.index()),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                e.signatureValid(),
                e.included(),
                false,
                List.of(),
                problems));
      }
    }

    Optional<AssessedDecision> latest =
        assessment.flatMap(a -> a.counted().stream().reduce((first, second) -> second));
    boolean signatureValid =
        verified.history().isPresent()
            && verified.entries().stream().allMatch(CheckedEntry::verified);
    List<String> problems =
        new ArrayList<>(verified.failures().stream().map(Reason::toString).toList());
    if (verified.history().isEmpty() && problems.isEmpty()) {
      problems.add("change " + changeId + " has no submission entry that verifies");
    }
    return new VerificationView(
        changeId,
        latest.map(AssessedDecision::approver),
        latest.map(d -> d.entry().createdAt().toString()),
        signatureValid,
        RegisteredKey.ML_DSA_65,
        !signatureValid || !verified.failures().isEmpty(),
        decisions.stream().allMatch(VerificationView.DecisionView::projectionMatches),
        verified.entries().size(),
        decisions,
        problems,
        CheckpointView.of(verified.checkpoint()));
  }

  private VerificationView.DecisionView decision(
      CheckedEntry e, String eventType, SignedDecision d, Optional<AssessedDecision> assessed) {
    ApprovalRows.Comparison row = rows.compare(d, e.index());
    List<String> problems = new ArrayList<>(e.problems());
    problems.addAll(row.problems());
    return new VerificationView.DecisionView(
        e.index(),
        eventType,
        Optional.of(d.approvalId().toString()),
        Optional.of(d.approver()),
        Optional.of(d.approverRole()),
        Optional.of(d.status()),
        Optional.of(d.decidedAt().toString()),
        d.expiresAt().map(Instant::toString),
        assessed.map(a -> a.standing().json()),
        e.signatureValid(),
        e.included(),
        row.matches(),
        row.columns(),
        problems);
  }

  /** The event type the change index files each entry of the change under. */
  private Map<Long, String> indexedTypes(String changeId) {
    Map<Long, String> out = new HashMap<>();
    jdbc.query(
        "SELECT entry_idx, event_type FROM change_entry WHERE change_id = ?",
        rs -> {
          out.put(rs.getLong(1), rs.getString(2));
        },
        changeId);
    return out;
  }
}
