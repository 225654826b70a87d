package dev.cabledger.core.policy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalExpired;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeEvidence;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.event.ExceptionType;
import dev.cabledger.core.event.PolicyOverridden;
import dev.cabledger.core.event.Risk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One change's history for the policy tests, built entry by entry as the service logs it: real
 * statements, the decision's approver the statement's actor, the subject digest the event's plan.
 */
final class TestChange {
  static final String CHANGE = "CR-1";
  static final ClientId ACME = new ClientId("acme");
  static final Digest PLAN = digest("plan 1");
  static final Digest PLAN_2 = digest("plan 2");
  static final String PRODUCTION = "production";

  /** Entry i is created i seconds after T0. */
  static final Instant T0 = Instant.parse("2026-04-01T14:30:00Z");

  /** The moment the tests assess at: a day after T0, after every entry. */
  static final Instant NOW = T0.plus(Duration.ofDays(1));

  static final Actor PIPELINE = actor("pipeline:acme", "REQUESTER");
  static final Actor ALICE = actor("alice", "CAB_APPROVER");
  static final Actor BOB = actor("bob", "CAB_APPROVER");
  static final Actor CAROL = actor("carol", "CAB_APPROVER");
  static final Actor SAM = actor("sam", "SECURITY_REVIEWER");
  static final Actor TESS = actor("tess", "SECURITY_REVIEWER");
  static final Actor ADMIN = actor("admin", "PLATFORM_ADMIN");

  /** A scan result that passes. */
  static final ChangeEvidence SCAN_PASSED = scan("passed");

  private final List<LoggedEvent> events = new ArrayList<>();
  private Digest plan;
  private int ids;
  private long offset;

  private TestChange(Digest plan) {
    this.plan = plan;
  }

  /** A change of this risk for production, submitted by the pipeline, whose scan passed. */
  static TestChange submitted(Risk risk) {
    return submitted(PIPELINE, change(Optional.of(risk), Optional.of(PRODUCTION), SCAN_PASSED));
  }

  static TestChange submitted(Actor requester, ChangeSubmitted change) {
    return submittedAt(0, requester, change);
  }

  /** A change whose entries start at log index {@code first}, after others' entries. */
  static TestChange submittedAt(long first, Actor requester, ChangeSubmitted change) {
    TestChange c = new TestChange(change.planHash());
    c.offset = first;
    c.log(requester, change);
    return c;
  }

  static ChangeSubmitted change(
      Optional<Risk> risk, Optional<String> environment, ChangeEvidence evidence) {
    return new ChangeSubmitted(
        ACME,
        PLAN,
        Optional.of("tf-aws-rds"),
        environment,
        Optional.of("Resize the database"),
        risk,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        evidence);
  }

  static ChangeEvidence scan(String result) {
    return new ChangeEvidence(
        Optional.empty(), List.of(), Optional.of(result), Optional.empty(), Optional.empty());
  }

  static Actor actor(String subject, String... roles) {
    return Actor.of(subject, List.of(roles), "https://idp.example");
  }

  static Digest digest(String text) {
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Logs an event of this change by this actor; its subject digest is the event's plan. */
  LoggedEvent log(Actor actor, EventData.OfChange data) {
    int i = events.size();
    LoggedEvent e =
        new LoggedEvent(
            offset + i,
            new Statement(
                CHANGE, data.planHash(), new Event("corr-" + i, data, actor, T0.plusSeconds(i))));
    events.add(e);
    return e;
  }

  /**
   * An unconditional approval in the CAB_APPROVER role, for the current plan, that its approver
   * signed with an approver key of theirs (as the verified reader marks it).
   */
  UUID approveSigned(Actor who) {
    UUID id = approve(who);
    LoggedEvent last = events.removeLast();
    events.add(new LoggedEvent(last.index(), last.statement(), true));
    return id;
  }

  /** An unconditional approval in the CAB_APPROVER role, for the current plan. */
  UUID approve(Actor who) {
    return add(Approval.by(who));
  }

  UUID add(Approval a) {
    UUID id = nextId();
    log(
        a.actor,
        new CabApproved(
            id,
            ACME,
            a.plan.orElse(plan),
            Optional.of("tf-aws-rds"),
            a.actor.subject(),
            a.role,
            a.conditions.isEmpty() ? ApprovalStatus.APPROVED : ApprovalStatus.CONDITIONAL,
            a.conditions,
            Optional.of("Looks fine"),
            a.expiry,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            a.constraints,
            a.supersedes));
    return id;
  }

  /** A denial in the CAB_APPROVER role, for the current plan. */
  UUID reject(Actor who) {
    return reject(who, Optional.empty());
  }

  UUID reject(Actor who, Optional<UUID> supersedes) {
    UUID id = nextId();
    log(
        who,
        new CabRejected(
            id,
            ACME,
            plan,
            Optional.empty(),
            who.subject(),
            "CAB_APPROVER",
            "No rollback plan",
            supersedes));
    return id;
  }

  void revoke(Actor who, UUID approval) {
    log(who, new ApprovalRevoked(approval, ACME, plan, who.subject(), "Security incident", T0));
  }

  /** The expiry job's entry, logged by the service itself. */
  void expire(UUID approval) {
    log(Actor.SYSTEM, new ApprovalExpired(approval, ACME, plan, NOW));
  }

  void replan(Digest next) {
    log(PIPELINE, new ChangeReplanned(ACME, next, plan, Optional.empty()));
    plan = next;
  }

  void applied(Digest applied) {
    log(PIPELINE, new ChangeApplied(ACME, applied, PRODUCTION));
  }

  /** A platform admin's override of the current plan. */
  LoggedEvent override(Actor who) {
    return log(who, new PolicyOverridden(ACME, plan, "the database is down; this plan fixes it"));
  }

  UUID requestException(Actor who, ExceptionType type) {
    UUID id = nextId();
    log(
        who,
        new ExceptionRequested(
            id, ACME, plan, type, "Scanner false positive", List.of("Network isolation")));
    return id;
  }

  /** Approves an exception as its type; returns the approval's id. */
  UUID approveException(Actor who, UUID exception, ExceptionType type, Optional<Instant> expiry) {
    UUID id = nextId();
    log(
        who,
        new ExceptionApproved(
            id,
            exception,
            ACME,
            plan,
            who.subject(),
            "SECURITY_REVIEWER",
            type,
            List.of("Enhanced monitoring"),
            "Accepted risk",
            expiry));
    return id;
  }

  UUID denyException(Actor who, UUID exception) {
    UUID id = nextId();
    log(
        who,
        new ExceptionDenied(
            id, exception, ACME, plan, who.subject(), "SECURITY_REVIEWER", "Not justified"));
    return id;
  }

  Digest plan() {
    return plan;
  }

  List<LoggedEvent> events() {
    return List.copyOf(events);
  }

  ChangeHistory history() {
    return ChangeHistory.of(events);
  }

  ChangeAssessment assess() {
    return assess(Policy.DEFAULT);
  }

  ChangeAssessment assess(Policy policy) {
    return ChangeAssessment.assess(history(), policy, NOW);
  }

  /** The gate's answer for the current plan in production, now, with every entry verified. */
  GateAnswer gate() {
    return assess().gate(plan, PRODUCTION, List.of());
  }

  private UUID nextId() {
    return new UUID(0x0b6f6a572c4e4b8eL, ++ids);
  }

  /**
   * A CAB approval to log: unconditional in the CAB_APPROVER role for the current plan unless set.
   */
  static final class Approval {
    private final Actor actor;
    private String role = "CAB_APPROVER";
    private List<String> conditions = List.of();
    private Optional<Instant> expiry = Optional.empty();
    private ApprovalConstraints constraints = ApprovalConstraints.NONE;
    private Optional<UUID> supersedes = Optional.empty();
    private Optional<Digest> plan = Optional.empty();

    private Approval(Actor actor) {
      this.actor = actor;
    }

    static Approval by(Actor actor) {
      return new Approval(actor);
    }

    Approval as(String role) {
      this.role = role;
      return this;
    }

    Approval conditions(String... conditions) {
      this.conditions = List.of(conditions);
      return this;
    }

    Approval expires(Instant at) {
      this.expiry = Optional.of(at);
      return this;
    }

    Approval constraints(ApprovalConstraints constraints) {
      this.constraints = constraints;
      return this;
    }

    Approval supersedes(UUID earlier) {
      this.supersedes = Optional.of(earlier);
      return this;
    }

    Approval forPlan(Digest plan) {
      this.plan = Optional.of(plan);
      return this;
    }
  }
}
