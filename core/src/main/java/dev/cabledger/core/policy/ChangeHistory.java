package dev.cabledger.core.policy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.PipelineNote;
import java.util.List;
import java.util.Optional;

/**
 * Everything the log says about one change, in log order: its {@code CHANGE_SUBMITTED} entry first,
 * then every entry whose subject names the same change.
 */
public final class ChangeHistory {
  private final List<LoggedEvent> events;
  private final ChangeSubmitted submitted;

  private ChangeHistory(List<LoggedEvent> events, ChangeSubmitted submitted) {
    this.events = events;
    this.submitted = submitted;
  }

  /**
   * Whether an entry is part of a change's history: every event of a change but a pipeline's notes
   * and the gate's answers ({@code GATE_EVALUATED}), which change nothing the policy reads, and
   * which a pipeline polling the gate would otherwise pile onto every later reading of the change.
   * The server's change index, its ledger check and the offline verifier all draw the line here.
   */
  public static boolean partOf(EventData data) {
    return data instanceof EventData.OfChange
        && !(data instanceof GateEvaluated)
        && !(data instanceof PipelineNote);
  }

  /**
   * The history made of these entries.
   *
   * @throws IllegalArgumentException if the first is not a {@code CHANGE_SUBMITTED}, the entries
   *     are not in log order, one names another change or client, one states a plan hash other than
   *     its subject's or an approver other than its actor, or an apply states a module other than
   *     the change's at that point
   */
  public static ChangeHistory of(List<LoggedEvent> events) {
    if (events.isEmpty() || !(events.getFirst().data() instanceof ChangeSubmitted submitted)) {
      throw new IllegalArgumentException("a change's history begins with its CHANGE_SUBMITTED");
    }
    String id = events.getFirst().statement().subjectName();
    long previous = -1;
    Optional<String> module = submitted.module();
    for (LoggedEvent e : events) {
      if (e.index() <= previous) {
        throw new IllegalArgumentException("a change's entries must be in log order");
      }
      previous = e.index();
      if (!e.statement().subjectName().equals(id)) {
        throw new IllegalArgumentException(
            "entry " + e.index() + " is about " + e.statement().subjectName() + ", not " + id);
      }
      if (!(e.data() instanceof EventData.OfChange c) || !c.client().equals(submitted.client())) {
        throw new IllegalArgumentException(
            "entry " + e.index() + " is not an event of client " + submitted.client().value());
      }
      // What the verifier reports as findings (docs/formats.md §2), refused here too: the policy
      // reads the approver and plan from event_data, so they must be the actor and the subject.
      if (!c.planHash().equals(e.statement().subjectDigest())) {
        throw new IllegalArgumentException(
            "entry "
                + e.index()
                + " states plan_hash "
                + c.planHash().hex()
                + " but is about "
                + e.statement().subjectDigest().hex());
      }
      Optional<String> named = c.statedActor();
      if (named.isPresent() && !named.get().equals(e.actor().subject())) {
        throw new IllegalArgumentException(
            "entry "
                + e.index()
                + " names "
                + named.get()
                + " as who acted, but its actor is "
                + e.actor().subject());
      }
      if (e != events.getFirst() && e.data() instanceof ChangeSubmitted) {
        throw new IllegalArgumentException("change " + id + " is submitted twice");
      }
      // An apply names its target (docs/workflow.md, "Targets"): the module must be the change's,
      // or an apply could make the wrong changes stale.
      if (e.data() instanceof ChangeApplied a
          && a.module().isPresent()
          && !a.module().equals(module)) {
        throw new IllegalArgumentException(
            "entry "
                + e.index()
                + " applies module "
                + a.module().get()
                + " but change "
                + id
                + (module.isPresent() ? " is for module " + module.get() : " names no module"));
      }
      if (e.data() instanceof ChangeReplanned r && r.module().isPresent()) {
        module = r.module();
      }
    }
    return new ChangeHistory(List.copyOf(events), submitted);
  }

  /** The change request id: the subject name of its entries. */
  public String changeId() {
    return events.getFirst().statement().subjectName();
  }

  public ChangeSubmitted submitted() {
    return submitted;
  }

  public LoggedEvent submission() {
    return events.getFirst();
  }

  /** Who submitted the change. */
  public Actor requester() {
    return events.getFirst().actor();
  }

  public ClientId client() {
    return submitted.client();
  }

  /** The plan the change is about now: the last re-plan's, or the submitted one. */
  public Digest planHash() {
    return planEntry().statement().subjectDigest();
  }

  /**
   * The entry that made the current plan the change's: the last {@code CHANGE_REPLANNED}, or the
   * submission. Entries before it are about an earlier plan, even one with the same hash.
   */
  public LoggedEvent planEntry() {
    LoggedEvent entry = events.getFirst();
    for (LoggedEvent e : events) {
      if (e.data() instanceof ChangeReplanned) {
        entry = e;
      }
    }
    return entry;
  }

  /**
   * The Terraform module or stack the change is about now: the last re-plan's that names one, or
   * the submitted one.
   */
  public Optional<String> module() {
    Optional<String> module = submitted.module();
    for (LoggedEvent e : events) {
      if (e.data() instanceof ChangeReplanned r && r.module().isPresent()) {
        module = r.module();
      }
    }
    return module;
  }

  /** The environment the change targets, if it names one. */
  public Optional<String> environment() {
    return submitted.environment();
  }

  /** Every entry, in log order. */
  public List<LoggedEvent> events() {
    return events;
  }
}
