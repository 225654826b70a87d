package dev.cabledger.core.bundle;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ChangeTemplateApproved;
import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.Freezes;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.core.policy.ReasonCode;
import dev.cabledger.core.policy.TargetApplies;
import dev.cabledger.core.policy.Templates;
import dev.cabledger.core.policy.VerdictCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Re-derives every gate answer of a bundle as the verifier reads it: keeps the entries of each
 * change whose submission is in the bundle, in log order with whether each verified, and checks
 * each {@code GATE_EVALUATED} against the entries of its change before it ({@link VerdictCheck}).
 *
 * <p>The change's history is what the gate read through the change index: the change's entries
 * (pipeline notes are not among them) that verified, each other one a reason that blocks. Entries
 * of changes whose submission the bundle does not hold are not kept: a gate answer for such a
 * change cannot be re-derived (the history starts before the bundle), or, in a bundle from the
 * log's first entry, is re-derived as the gate answers a change with no submission. The entries
 * kept take at most {@code budget} bytes: beyond it the changes touched least recently are dropped,
 * and their later gate answers are reported as not re-derivable rather than checked against part of
 * a history.
 *
 * <p>Every {@code FREEZE_DECLARED} entry is kept too (freezes are few), and each answer is checked
 * against the freezes before it. A bundle that starts after index 0 may lack freezes declared
 * earlier: an answer that cites a freeze none of the bundle's explains is then not re-derivable.
 *
 * <p>Every {@code CHANGE_APPLIED} entry is kept as an apply to its target as well (a few dozen
 * bytes each), whether or not its change's history is kept: an apply makes other changes for its
 * target stale. Only applies logged after a change's plan was made count, so a bundle that holds
 * the change's submission holds every apply that can make it stale.
 *
 * <p>The standard-change templates' entries that verified are kept too (few, as freezes), and each
 * answer is checked against those before it; in a bundle that starts after index 0 an approval by a
 * template the bundle does not hold is not re-derivable.
 */
final class GateReplay {
  /** Bytes of kept entries by default: a log's changes, not the whole log, in a bounded heap. */
  static final long DEFAULT_BUDGET = 64L << 20;

  /** What one kept entry costs beyond its statement's bytes (objects, list slot). */
  private static final long ENTRY_OVERHEAD = 64;

  private static final String BEFORE_THE_BUNDLE =
      "verdict not re-derivable: the change's history starts before the bundle";

  private static final String DROPPED =
      "verdict not re-derivable: the verifier dropped the change's entries to stay within its"
          + " memory budget";

  private final long from;
  private final long budget;
  // Access order: the change touched least recently is dropped first.
  private final LinkedHashMap<String, Kept> changes = new LinkedHashMap<>(64, 0.75f, true);
  private final Set<String> dropped = new HashSet<>();
  private long bytes;
  private long matched;
  private long mismatched;
  private long notRederivable;
  private final List<VerdictCheck> notices = new ArrayList<>();
  private final List<FreezeDeclared> freezes = new ArrayList<>();
  private final List<LoggedEvent> templates = new ArrayList<>();
  // By client and environment: a gate answer weighs only the applies to its own.
  private final Map<List<String>, List<TargetApplies.Applied>> applies = new HashMap<>();

  /**
   * @param from the bundle's first index
   * @param budget bytes of kept entries at most
   */
  GateReplay(long from, long budget) {
    this.from = from;
    this.budget = budget;
  }

  /** One change's kept entries. */
  private static final class Kept {
    final List<KeptEntry> entries = new ArrayList<>();
    long bytes;
  }

  /**
   * An entry that verified (its statement's bytes, whether its actor signed it with an approver
   * key), or the reason why it did not.
   */
  private record KeptEntry(
      long index, byte[] statement, boolean approverSigned, Optional<Reason> failure) {}

  /**
   * Takes the bundle's next entry whose statement parsed.
   *
   * @param verified whether its signatures verified
   * @param approverSigned whether one of them, verified, is by an approver key of its actor
   * @param included whether its inclusion proof verified
   * @return the check of a gate answer that does not re-derive, to report as a finding
   */
  Optional<VerdictCheck> entry(
      long index,
      Statement statement,
      byte[] payload,
      boolean verified,
      boolean approverSigned,
      boolean included) {
    EventData data = statement.predicate().data();
    if (data instanceof FreezeDeclared freeze) {
      // A freeze only ever holds changes back: it counts whether or not its entry verified, as
      // the gate counts it, and the entry's own findings are reported.
      freezes.add(freeze);
      return Optional.empty();
    }
    if (data instanceof ChangeTemplateDefined || data instanceof ChangeTemplateApproved) {
      // A template approves changes: like the gate, count only its entries that verify.
      if (verified && included) {
        templates.add(new LoggedEvent(index, statement));
      }
      return Optional.empty();
    }
    // The change index, which the gate reads, leaves pipeline notes out.
    if (!(data instanceof EventData.OfChange) || data.type() == EventType.PIPELINE_NOTE) {
      return Optional.empty();
    }
    String changeId = statement.subjectName();
    if (data instanceof ChangeApplied applied) {
      // Like a freeze, an apply only ever holds other changes back: it counts as the gate counts
      // it, from the index of applies, whether or not its entry verified.
      applies
          .computeIfAbsent(
              List.of(applied.client().value(), applied.environment()), k -> new ArrayList<>())
          .add(
              new TargetApplies.Applied(
                  changeId, index, statement.predicate().createdAt(), applied));
    }
    Optional<VerdictCheck> mismatch = Optional.empty();
    if (data instanceof GateEvaluated) {
      VerdictCheck check = check(new LoggedEvent(index, statement), changeId);
      switch (check.outcome()) {
        case MATCHED -> matched++;
        case MISMATCHED -> {
          mismatched++;
          mismatch = Optional.of(check);
        }
        case NOT_REDERIVABLE -> {
          notRederivable++;
          if (notices.size() < GateVerdicts.MAX_NOTICES) {
            notices.add(check);
          }
        }
      }
    }
    // Gate answers are entries about the change but not part of its history (the server's
    // change index reads them apart), so an answer never weighs on a later one.
    if (ChangeHistory.partOf(data)) {
      keep(index, statement, payload, verified, approverSigned, included, changeId, data);
    }
    return mismatch;
  }

  GateVerdicts result() {
    return new GateVerdicts(matched, mismatched, notRederivable, notices);
  }

  private VerdictCheck check(LoggedEvent gate, String changeId) {
    Kept kept = changes.get(changeId);
    if (kept != null) {
      List<LoggedEvent> verified = new ArrayList<>();
      List<Reason> unverified = new ArrayList<>();
      long through = ((GateEvaluated) gate.data()).historyThrough().orElse(Long.MAX_VALUE);
      for (KeptEntry e : kept.entries) {
        if (e.index() > through) {
          break; // appended after the gate read the history: the answer did not assess it
        }
        if (e.failure().isPresent()) {
          unverified.add(e.failure().get());
        } else {
          // It parsed when it was read, from these very bytes.
          verified.add(
              new LoggedEvent(e.index(), Statement.parse(e.statement()), e.approverSigned()));
        }
      }
      return VerdictCheck.of(
          gate, verified, unverified, freezes(), applies(gate), templates(), from > 0);
    }
    if (dropped.contains(changeId)) {
      return VerdictCheck.notRederivable(gate, DROPPED);
    }
    if (from > 0) {
      return VerdictCheck.notRederivable(gate, BEFORE_THE_BUNDLE);
    }
    // The log from its first entry holds no submission of this change: the gate finds none.
    return VerdictCheck.of(
        gate, List.of(), List.of(), freezes(), applies(gate), templates(), false);
  }

  private TargetApplies applies(LoggedEvent gate) {
    GateEvaluated asked = (GateEvaluated) gate.data();
    return new TargetApplies(
        applies.getOrDefault(List.of(asked.client().value(), asked.environment()), List.of()));
  }

  private Templates templates() {
    return new Templates(templates);
  }

  private Freezes freezes() {
    return new Freezes(freezes);
  }

  private void keep(
      long index,
      Statement statement,
      byte[] payload,
      boolean verified,
      boolean approverSigned,
      boolean included,
      String changeId,
      EventData data) {
    Kept kept = changes.get(changeId);
    if (kept == null) {
      if (!(data instanceof ChangeSubmitted) || dropped.contains(changeId)) {
        return;
      }
      kept = new Kept();
      changes.put(changeId, kept);
    }
    KeptEntry entry;
    if (verified && included) {
      entry = new KeptEntry(index, payload, approverSigned, Optional.empty());
    } else {
      // As the gate counts an entry that does not verify: a reason that blocks.
      entry =
          new KeptEntry(
              index,
              new byte[0],
              false,
              Optional.of(
                  new Reason(
                      included ? ReasonCode.SIGNATURE_INVALID : ReasonCode.NOT_IN_LOG,
                      "entry "
                          + index
                          + " of change "
                          + changeId
                          + (included
                              ? ": its signatures do not verify"
                              : ": it is not proven included in the log"))));
    }
    kept.entries.add(entry);
    long cost = entry.statement().length + ENTRY_OVERHEAD;
    kept.bytes += cost;
    bytes += cost;
    Iterator<Map.Entry<String, Kept>> eldest = changes.entrySet().iterator();
    while (bytes > budget && eldest.hasNext()) {
      Map.Entry<String, Kept> e = eldest.next();
      bytes -= e.getValue().bytes;
      dropped.add(e.getKey());
      eldest.remove();
    }
  }
}
