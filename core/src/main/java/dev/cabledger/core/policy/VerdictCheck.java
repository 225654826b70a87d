package dev.cabledger.core.policy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.AppliedPolicy;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.GateVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a logged gate answer ({@code GATE_EVALUATED}) is the answer the policy gives: its verdict
 * re-derived from the change's entries before it, under the policy the entry recorded, at the
 * moment it was made (its {@code created_at}), for its plan hash and environment.
 *
 * @param index the {@code GATE_EVALUATED} entry's index
 * @param changeId the change it answered for
 * @param outcome matched, mismatched, or not re-derivable
 * @param detail what was recorded and re-derived, or why it cannot be
 */
public record VerdictCheck(long index, String changeId, Outcome outcome, String detail) {
  /** Notice of an entry written before the gate recorded its policy. */
  public static final String NO_POLICY = "verdict not re-derivable: no policy recorded";

  /** Notice of an answer that cites a freeze the verifier may not have (declared earlier). */
  public static final String FREEZE_UNKNOWN =
      "verdict not re-derivable: it cites a freeze, and freezes declared before the bundle are"
          + " not in it";

  /** Notice of an approval by a template the verifier may not have (defined earlier). */
  public static final String TEMPLATE_UNKNOWN =
      "verdict not re-derivable: it approves a standard change by a template whose entries may"
          + " precede the bundle";

  /** How a logged verdict compares with the re-derived one. */
  public enum Outcome {
    /** The verdict and the reason codes are the ones re-derived. */
    MATCHED,
    /** The verdict or the reason codes are not the ones re-derived. */
    MISMATCHED,
    /** What the verdict depends on is not at hand (no policy recorded, history not in range). */
    NOT_REDERIVABLE
  }

  public VerdictCheck {
    if (detail.isBlank()) {
      throw new IllegalArgumentException("a verdict check says what it found");
    }
  }

  /**
   * Re-derives one logged gate answer, as the gate reached it: the entries of the change that
   * verified are its history (entries that did not verify come in as reasons and block, as they
   * blocked the gate), assessed under the recorded policy at the entry's {@code created_at}.
   *
   * @param gate the {@code GATE_EVALUATED} entry
   * @param verified the change's entries before it whose signatures and inclusion verified, in log
   *     order
   * @param unverified a reason for each entry of the change before it that did not verify ({@link
   *     ReasonCode#SIGNATURE_INVALID} or {@link ReasonCode#NOT_IN_LOG})
   * @throws IllegalArgumentException if {@code gate} is not a {@code GATE_EVALUATED} entry, or an
   *     entry of {@code verified} does not precede it
   */
  public static VerdictCheck of(
      LoggedEvent gate, List<LoggedEvent> verified, List<Reason> unverified) {
    return of(gate, verified, unverified, Freezes.NONE, false);
  }

  /**
   * As {@link #of(LoggedEvent, List, List)}, weighing the freezes declared before the gate's entry.
   *
   * @param freezes the freezes declared in the log before the gate's entry
   * @param earlierFreezesUnknown whether freezes may have been declared that {@code freezes} lacks
   *     (a bundle that does not start at the log's first entry): then a recorded {@code freeze}
   *     reason that is not re-derived makes the verdict not re-derivable rather than a mismatch
   */
  public static VerdictCheck of(
      LoggedEvent gate,
      List<LoggedEvent> verified,
      List<Reason> unverified,
      Freezes freezes,
      boolean earlierFreezesUnknown) {
    return of(gate, verified, unverified, freezes, TargetApplies.NONE, earlierFreezesUnknown);
  }

  /**
   * As {@link #of(LoggedEvent, List, List, Freezes, boolean)}, weighing the applies logged before
   * the gate's entry too.
   *
   * @param applies the applies logged before the gate's entry. Only those after the change's
   *     current plan was made count, so a bundle that holds the change's submission holds every
   *     apply that can make it stale: unlike freezes, none can be missing.
   * @param earlierFreezesUnknown as for {@link #of(LoggedEvent, List, List, Freezes, boolean)}
   */
  public static VerdictCheck of(
      LoggedEvent gate,
      List<LoggedEvent> verified,
      List<Reason> unverified,
      Freezes freezes,
      TargetApplies applies,
      boolean earlierFreezesUnknown) {
    return of(gate, verified, unverified, freezes, applies, Templates.NONE, earlierFreezesUnknown);
  }

  /**
   * As {@link #of(LoggedEvent, List, List, Freezes, TargetApplies, boolean)}, weighing the
   * standard-change templates logged before the gate's entry too.
   *
   * @param templates the templates' entries that verified, logged before the gate's entry
   * @param earlierUnknown whether entries before the bundle are unknown: then a recorded {@code
   *     freeze} reason not re-derived, or an approval whose only re-derived reason is {@code
   *     template-not-approved} (the template's entries may precede the bundle), makes the verdict
   *     not re-derivable rather than a mismatch
   */
  public static VerdictCheck of(
      LoggedEvent gate,
      List<LoggedEvent> verified,
      List<Reason> unverified,
      Freezes freezes,
      TargetApplies applies,
      Templates templates,
      boolean earlierUnknown) {
    boolean earlierFreezesUnknown = earlierUnknown;
    if (!(gate.data() instanceof GateEvaluated logged)) {
      throw new IllegalArgumentException("entry " + gate.index() + " is not a GATE_EVALUATED");
    }
    for (LoggedEvent e : verified) {
      if (e.index() >= gate.index()) {
        throw new IllegalArgumentException(
            "entry " + e.index() + " does not precede the gate's entry " + gate.index());
      }
    }
    String changeId = gate.statement().subjectName();
    if (logged.policy().isEmpty()) {
      return new VerdictCheck(gate.index(), changeId, Outcome.NOT_REDERIVABLE, NO_POLICY);
    }
    GateAnswer derived =
        answer(
            changeId,
            verified,
            unverified,
            logged.policy().get(),
            gate.createdAt(),
            logged.planHash(),
            logged.environment(),
            freezes,
            applies,
            templates);
    Set<String> derivedCodes = new TreeSet<>();
    derived.reasons().forEach(r -> derivedCodes.add(r.code().code()));
    derived.override().ifPresent(o -> derivedCodes.add(PolicyOverride.CODE));
    Set<String> recordedCodes = new TreeSet<>();
    boolean allCoded = true;
    for (String reason : logged.reasons()) {
      Optional<String> code = codeOf(reason);
      code.ifPresent(recordedCodes::add);
      allCoded &= code.isPresent();
    }
    // The gate logs at most so many reasons and says how many it left out, in words without a
    // code: then the codes it kept must be among those re-derived, not all of them.
    boolean codesAgree =
        allCoded ? recordedCodes.equals(derivedCodes) : derivedCodes.containsAll(recordedCodes);
    String recorded = describe(logged.verdict(), recordedCodes);
    String rederived = describe(derived.verdict(), derivedCodes);
    if (logged.verdict() == derived.verdict() && codesAgree) {
      return new VerdictCheck(
          gate.index(), changeId, Outcome.MATCHED, "verdict re-derived as recorded: " + recorded);
    }
    if (earlierUnknown
        && logged.verdict() == GateVerdict.APPROVED
        && derivedCodes.equals(Set.of(ReasonCode.TEMPLATE_NOT_APPROVED.code()))) {
      return new VerdictCheck(gate.index(), changeId, Outcome.NOT_REDERIVABLE, TEMPLATE_UNKNOWN);
    }
    String freeze = ReasonCode.FREEZE.code();
    if (earlierFreezesUnknown
        && logged.verdict() == GateVerdict.BLOCKED
        && recordedCodes.contains(freeze)
        && !derivedCodes.contains(freeze)) {
      Set<String> withFreeze = new TreeSet<>(derivedCodes);
      withFreeze.add(freeze);
      if (allCoded ? recordedCodes.equals(withFreeze) : withFreeze.containsAll(recordedCodes)) {
        return new VerdictCheck(gate.index(), changeId, Outcome.NOT_REDERIVABLE, FREEZE_UNKNOWN);
      }
    }
    return new VerdictCheck(
        gate.index(),
        changeId,
        Outcome.MISMATCHED,
        "recorded "
            + recorded
            + ", re-derived "
            + rederived
            + " from the change's entries before it, under the recorded policy at "
            + gate.createdAt());
  }

  /** A logged answer whose verdict cannot be re-derived, and why. */
  public static VerdictCheck notRederivable(LoggedEvent gate, String why) {
    return new VerdictCheck(
        gate.index(), gate.statement().subjectName(), Outcome.NOT_REDERIVABLE, why);
  }

  /**
   * The gate's answer from a change's entries: those that verified form its history, and each that
   * did not blocks; no history that forms, or none that begins with a submission, blocks too.
   *
   * @param changeId the change asked about
   * @param verified its entries whose signatures and inclusion verified, in log order
   * @param unverified a reason for each of its entries that did not
   * @param policy the client's policy
   * @param at the moment of the answer
   * @param planHash the plan about to be applied
   * @param environment where it is about to be applied
   * @param freezes the freezes declared for the change's client
   * @param applies the applies to the change's target
   * @param templates the standard-change templates' entries that verified
   */
  public static GateAnswer answer(
      String changeId,
      List<LoggedEvent> verified,
      List<Reason> unverified,
      AppliedPolicy policy,
      Instant at,
      Digest planHash,
      String environment,
      Freezes freezes,
      TargetApplies applies,
      Templates templates) {
    List<Reason> failures = new ArrayList<>(unverified);
    Optional<ChangeHistory> history = history(changeId, verified, failures);
    return answer(
        changeId,
        history,
        failures,
        policy,
        at,
        planHash,
        environment,
        freezes,
        applies,
        templates);
  }

  /**
   * A change's history from its entries that verified, as the gate and the verifier form it: when
   * they do not form one, that is a {@code signature-invalid} reason added to {@code failures}.
   */
  public static Optional<ChangeHistory> history(
      String changeId, List<LoggedEvent> verified, List<Reason> failures) {
    if (verified.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChangeHistory.of(verified));
    } catch (IllegalArgumentException e) {
      failures.add(
          new Reason(
              ReasonCode.SIGNATURE_INVALID,
              "the verified entries of change "
                  + changeId
                  + " do not form a history: "
                  + e.getMessage()));
      return Optional.empty();
    }
  }

  /**
   * The gate's answer for a change whose history was formed (or not) from its verified entries,
   * with {@code failures} the reasons its other entries block: the one derivation the gate and the
   * verifier share.
   */
  public static GateAnswer answer(
      String changeId,
      Optional<ChangeHistory> history,
      List<Reason> failures,
      AppliedPolicy policy,
      Instant at,
      Digest planHash,
      String environment,
      Freezes freezes,
      TargetApplies applies,
      Templates templates) {
    if (history.isEmpty()) {
      List<Reason> blocked = new ArrayList<>(failures);
      blocked.add(
          new Reason(
              ReasonCode.NOT_IN_LOG, "change " + changeId + " has no submission that verifies"));
      return new GateAnswer(GateVerdict.BLOCKED, blocked, List.of(), List.of());
    }
    return ChangeAssessment.assess(history.get(), Policy.of(policy), at)
        .gate(planHash, environment, failures, freezes, applies, templates);
  }

  /** The code of a reason logged as {@code code: text}, if it is one of the codes. */
  static Optional<String> codeOf(String reason) {
    int colon = reason.indexOf(": ");
    if (colon < 0) {
      return Optional.empty();
    }
    String prefix = reason.substring(0, colon);
    if (prefix.equals(PolicyOverride.CODE)) {
      return Optional.of(prefix);
    }
    for (ReasonCode c : ReasonCode.values()) {
      if (c.code().equals(prefix)) {
        return Optional.of(prefix);
      }
    }
    return Optional.empty();
  }

  private static String describe(GateVerdict verdict, Set<String> codes) {
    return verdict.json() + (codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")");
  }

  @Override
  public String toString() {
    return "entry " + index + " (change " + changeId + "): " + detail;
  }
}
