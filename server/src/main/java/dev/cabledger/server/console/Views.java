package dev.cabledger.server.console;

import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.EvidenceSealed;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.AssessedDecision;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Reason;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What the console's pages show, read from a change's signed entries as assessed now. */
final class Views {
  private Views() {}

  /** One change in the queue: what it is and what it still needs. */
  record QueueRow(
      String id,
      String title,
      String client,
      String environment,
      String risk,
      String type,
      String submittedAt,
      String status,
      List<String> missing,
      boolean decidedByYou) {
    static QueueRow of(ChangeAssessment a, String viewer) {
      ChangeSubmitted s = a.history().submitted();
      return new QueueRow(
          a.history().changeId(),
          s.title().orElse("(untitled)"),
          s.client().value(),
          s.environment().orElse("(any)"),
          s.risk().map(Risk::json).orElse("unrated"),
          s.changeType().json(),
          a.history().submission().createdAt().toString(),
          a.status().json(),
          a.missing().stream().map(Reason::text).toList(),
          a.decisions().stream().anyMatch(d -> d.approver().equals(viewer)));
    }
  }

  /** A decision so far, as its signed entry states it, and how it stands. */
  record DecisionRow(
      String decision,
      String approver,
      String role,
      String standing,
      String decidedAt,
      String expiresAt,
      List<String> conditions,
      String justification,
      long entryIndex) {
    static DecisionRow of(AssessedDecision d) {
      String word = "deny";
      String why = "";
      switch (d.entry().data()) {
        case CabApproved a -> {
          word = a.conditions().isEmpty() ? "approve" : "approve with conditions";
          why = a.justification().orElse("");
        }
        case CabRejected r -> why = r.justification();
        default -> {}
      }
      return new DecisionRow(
          word,
          d.approver(),
          d.approverRole(),
          d.standing().json(),
          d.entry().createdAt().toString(),
          d.expiresAt().map(Object::toString).orElse(""),
          d.conditions(),
          why,
          d.entry().index());
    }
  }

  /** One signed entry of the change's timeline. */
  record EntryRow(long index, String eventType, String actor, String createdAt) {
    static EntryRow of(LoggedEvent e) {
      return new EntryRow(
          e.index(), e.data().type().name(), e.actor().subject(), e.createdAt().toString());
    }
  }

  /** A sealed evidence package of the change. */
  record SealRow(String evidencePackId, String evidenceHash, String sealedAt, long entryIndex) {}

  /** Everything the change page shows. */
  record ChangeDetails(
      String id,
      String title,
      String client,
      String module,
      String environment,
      String planHash,
      String planSummary,
      String risk,
      Optional<Long> riskScore,
      List<String> riskFactors,
      String rollbackPlan,
      String requester,
      String submittedAt,
      String status,
      List<String> missing,
      int cabApprovers,
      int securityReviewers,
      List<String> prApprovers,
      String prUrl,
      String securityScan,
      String testResults,
      String pipelineUrl,
      List<DecisionRow> decisions,
      List<SealRow> seals,
      List<EntryRow> entries) {
    static ChangeDetails of(ChangeAssessment a, List<LoggedEvent> gateAnswers) {
      ChangeHistory h = a.history();
      ChangeSubmitted s = h.submitted();
      List<SealRow> seals =
          h.events().stream()
              .filter(e -> e.data() instanceof EvidenceSealed)
              .map(
                  e -> {
                    EvidenceSealed sealed = (EvidenceSealed) e.data();
                    return new SealRow(
                        sealed.evidencePackId().toString(),
                        sealed.evidenceHash().hex(),
                        e.createdAt().toString(),
                        e.index());
                  })
              .toList();
      List<EntryRow> entries =
          Stream.concat(h.events().stream(), gateAnswers.stream())
              .sorted(Comparator.comparingLong(LoggedEvent::index))
              .map(EntryRow::of)
              .toList();
      return new ChangeDetails(
          h.changeId(),
          s.title().orElse("(untitled)"),
          s.client().value(),
          s.module().orElse(""),
          s.environment().orElse(""),
          h.planHash().hex(),
          s.planSummary().orElse(""),
          s.risk().map(Risk::json).orElse("unrated"),
          s.riskScore(),
          s.riskFactors(),
          s.rollbackPlan().orElse(""),
          h.requester().subject(),
          h.submission().createdAt().toString(),
          a.status().json(),
          a.missing().stream().map(Reason::text).toList(),
          a.quorum().cabApprovers(),
          a.quorum().securityReviewers(),
          s.evidence().prApprovers(),
          s.evidence().prUrl().orElse(""),
          s.evidence().securityScan().orElse(""),
          s.evidence().testResults().orElse(""),
          s.evidence().pipelineUrl().orElse(""),
          a.decisions().stream().map(DecisionRow::of).toList(),
          seals,
          entries);
    }
  }
}
