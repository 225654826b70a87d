package dev.cabledger.server.gate;

import dev.cabledger.core.event.AppliedPolicy;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.Freezes;
import dev.cabledger.core.policy.GateAnswer;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.core.policy.ReasonCode;
import dev.cabledger.core.policy.TargetApplies;
import dev.cabledger.core.policy.Templates;
import dev.cabledger.core.policy.VerdictCheck;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.StoredCheckpoint;
import dev.cabledger.server.workflow.AppliedTargets;
import dev.cabledger.server.workflow.ApprovedTemplates;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeVerifier;
import dev.cabledger.server.workflow.ChangeWriter;
import dev.cabledger.server.workflow.CheckedEntry;
import dev.cabledger.server.workflow.DeclaredFreezes;
import dev.cabledger.server.workflow.IndexedChange;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.ReceiptView;
import dev.cabledger.server.workflow.VerifiedChange;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Answers the gate: checks every entry of the change as an auditor would, applies the client's
 * policy to the entries that verify, and logs the answer as a {@code GATE_EVALUATED} entry before
 * giving it. An entry that does not verify blocks; an answer that cannot be logged is not given.
 */
@Component
final class Gate {
  /**
   * Reasons kept in the log entry, and characters of each: 32 of 512 characters take at most 48 KiB
   * of UTF-8, so that any answer fits in one entry (EventLimits: 64 KiB a statement).
   */
  static final int MAX_LOGGED_REASONS = 32;

  static final int MAX_LOGGED_REASON_CHARS = 512;

  private final ChangeRecords records;
  private final ChangeVerifier verifier;
  private final ChangeWriter writer;
  private final DeclaredFreezes freezes;
  private final AppliedTargets applies;
  private final ApprovedTemplates templates;

  Gate(
      ChangeRecords records,
      ChangeVerifier verifier,
      ChangeWriter writer,
      DeclaredFreezes freezes,
      AppliedTargets applies,
      ApprovedTemplates templates) {
    this.templates = templates;
    this.records = records;
    this.verifier = verifier;
    this.writer = writer;
    this.freezes = freezes;
    this.applies = applies;
  }

  /**
   * The gate's answer, logged.
   *
   * @throws dev.cabledger.server.access.NotVisibleException if there is no such change in the
   *     caller's scope
   * @throws InvalidInputException if no environment is asked and the change names none
   * @throws dev.cabledger.server.ledger.LedgerUnavailableException if the answer cannot be logged
   */
  GateView evaluate(GateQuery query, Caller caller) {
    IndexedChange indexed = records.indexed(query.change(), caller);
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Reason> failures = new ArrayList<>();
    Optional<StoredCheckpoint> checkpoint = Optional.empty();
    Optional<ChangeHistory> history = Optional.empty();
    Optional<Long> through = Optional.empty();
    try {
      VerifiedChange verified = verifier.verify(query.change());
      verified.requireVisibleTo(caller);
      checkpoint = Optional.of(verified.checkpoint());
      history = verified.history();
      failures.addAll(verified.failures());
      through =
          verified.entries().stream().mapToLong(CheckedEntry::index).boxed().max(Long::compare);
    } catch (LedgerIntegrityException e) {
      failures.add(
          new Reason(ReasonCode.NOT_IN_LOG, "the log cannot be verified: " + e.getMessage()));
    }
    // The change's own environment, as its verified submission states it; the index only stands
    // in when nothing verifies, and then the answer is BLOCKED whatever the environment.
    Optional<String> own =
        history.isPresent() ? history.get().environment() : indexed.environment();
    String environment =
        query
            .environment()
            .or(() -> own)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "environment is required: change "
                            + query.change()
                            + " names no environment of its own"));
    ClientId client = history.map(ChangeHistory::client).orElse(indexed.client());
    // The policy logged with the answer is the one the answer applied: one derivation for the gate
    // and the offline verifier (VerdictCheck).
    AppliedPolicy policy = records.policyFor(client).applied();
    GateAnswer answer =
        VerdictCheck.answer(
            query.change(),
            history,
            failures,
            policy,
            at,
            query.planHash(),
            environment,
            history.map(h -> freezes.of(h.client(), at)).orElse(Freezes.NONE),
            history.map(h -> applies.of(h, environment)).orElse(TargetApplies.NONE),
            // Only a standard change weighs templates: spare the others verifying their entries.
            history
                .filter(h -> h.submitted().changeType() == ChangeType.STANDARD)
                .map(h -> templates.of(h.client()))
                .orElse(Templates.NONE));

    GateEvaluated event =
        new GateEvaluated(
            client,
            query.planHash(),
            environment,
            answer.verdict(),
            logged(answer),
            Optional.of(policy),
            through);
    Recorded recorded =
        writer.record(
            ChangeRecords.statement(query.change(), event, caller, at),
            EntryProjection.NONE,
            Optional.empty(),
            caller,
            Map.of());
    return GateView.of(
        query, environment, at.toString(), answer, checkpoint, ReceiptView.of(recorded.receipt()));
  }

  /**
   * What the log entry keeps of an answer: its reasons, or for an answer an override approved, the
   * override ({@code overridden: by …}), so that the log names who waved the change through and
   * why. At most {@link #MAX_LOGGED_REASONS} reasons, each cut to {@link #MAX_LOGGED_REASON_CHARS}
   * characters, so that any answer fits in one entry. The caller gets them in full.
   */
  static List<String> logged(GateAnswer answer) {
    return answer.override().isPresent()
        ? List.of(cut(answer.override().get().logged()))
        : logged(answer.reasons());
  }

  /**
   * The reasons as the log entry keeps them ({@code code: text}): at most {@link
   * #MAX_LOGGED_REASONS}, each cut to {@link #MAX_LOGGED_REASON_CHARS} characters.
   */
  static List<String> logged(List<Reason> reasons) {
    List<String> out = new ArrayList<>();
    for (Reason r : reasons) {
      if (out.size() == MAX_LOGGED_REASONS - 1 && reasons.size() > MAX_LOGGED_REASONS) {
        out.add("… and " + (reasons.size() - out.size()) + " more reasons");
        break;
      }
      out.add(cut(r.toString()));
    }
    return out;
  }

  private static String cut(String text) {
    if (text.length() <= MAX_LOGGED_REASON_CHARS) {
      return text;
    }
    int end = MAX_LOGGED_REASON_CHARS - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a surrogate pair: a lone surrogate is not I-JSON
    }
    return text.substring(0, end) + "…";
  }
}
