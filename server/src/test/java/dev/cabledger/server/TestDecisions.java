package dev.cabledger.server;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.event.ExceptionType;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.ChangeWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Decisions on a change recorded through the service's real signing path ({@link ChangeWriter}), by
 * people built here, with the {@code approval} rows the decision features write beside them. For
 * tests of what reads decisions (the gate, verification) independently of the endpoints that take
 * them.
 */
public final class TestDecisions {
  /** The identity provider the people below come from. */
  public static final String ISSUER = "https://sso.example.com/realms/test";

  private TestDecisions() {}

  /** A person with these roles, seeing every client. */
  public static Caller person(String subject, Role... roles) {
    return new Caller(subject, Set.of(roles), Set.of(), true, ISSUER);
  }

  /** A CAB approver. */
  public static Caller approver(String subject) {
    return person(subject, Role.CAB_APPROVER);
  }

  /** An approval by {@code by} of the change's current plan, to be shaped and recorded. */
  public static Approval approval(String changeId, Caller by) {
    return new Approval(changeId, by);
  }

  /** Records a plain approval (valid 30 days); returns its id. */
  public static UUID approve(TestService service, String changeId, Caller by) {
    return approval(changeId, by).record(service);
  }

  /** Records a denial, optionally replacing the same person's earlier decision; returns its id. */
  public static UUID deny(
      TestService service, String changeId, Caller by, Optional<UUID> supersedes) {
    ChangeHistory h = history(service, changeId);
    UUID id = UUID.randomUUID();
    CabRejected rejected =
        new CabRejected(
            id,
            h.client(),
            h.planHash(),
            h.submitted().module(),
            by.subject(),
            Role.CAB_APPROVER.name(),
            "the rollback plan is untested",
            supersedes);
    record(
        service,
        changeId,
        rejected,
        by,
        superseding(row(id, changeId, h, "cab", by, "denied", Optional.empty()), supersedes));
    return id;
  }

  /** Records the revocation of an approval by a platform admin. */
  public static void revoke(TestService service, String changeId, UUID approvalId, Caller admin) {
    ChangeHistory h = history(service, changeId);
    LoggedEvent approval =
        h.events().stream()
            .filter(e -> e.data() instanceof CabApproved a && a.approvalId().equals(approvalId))
            .findFirst()
            .orElseThrow();
    ApprovalRevoked revoked =
        new ApprovalRevoked(
            approvalId,
            h.client(),
            ((CabApproved) approval.data()).planHash(),
            admin.subject(),
            "approved by mistake",
            approval.createdAt());
    record(service, changeId, revoked, admin, EntryProjection.NONE);
  }

  /** Records a new plan for the change, by its requester. */
  public static void replan(TestService service, String changeId, String planHash) {
    ChangeHistory h = history(service, changeId);
    ChangeReplanned replanned =
        new ChangeReplanned(
            h.client(), Digest.fromHex(planHash), h.planHash(), h.submitted().module());
    Caller requester =
        new Caller(h.requester().subject(), Set.of(Role.REQUESTER), Set.of(), true, ISSUER);
    record(service, changeId, replanned, requester, EntryProjection.NONE);
  }

  /**
   * Records a {@code vulnerability_scan} exception requested by the change's requester and approved
   * by a security reviewer; returns the exception's approval id.
   */
  public static UUID exceptScan(TestService service, String changeId, Caller reviewer) {
    ChangeHistory h = history(service, changeId);
    UUID exceptionId = UUID.randomUUID();
    Caller requester =
        new Caller(h.requester().subject(), Set.of(Role.REQUESTER), Set.of(), true, ISSUER);
    record(
        service,
        changeId,
        new ExceptionRequested(
            exceptionId,
            h.client(),
            h.planHash(),
            ExceptionType.VULNERABILITY_SCAN,
            "the finding is in a test dependency",
            List.of("not deployed")),
        requester,
        EntryProjection.NONE);
    UUID approvalId = UUID.randomUUID();
    Instant expires = millis(Instant.now().plus(Duration.ofDays(7)));
    record(
        service,
        changeId,
        new ExceptionApproved(
            approvalId,
            exceptionId,
            h.client(),
            h.planHash(),
            reviewer.subject(),
            Role.SECURITY_REVIEWER.name(),
            ExceptionType.VULNERABILITY_SCAN,
            List.of("not deployed"),
            "accepted for one week",
            Optional.of(expires)),
        reviewer,
        row(approvalId, changeId, h, "exception", reviewer, "approved", Optional.of(expires)));
    return approvalId;
  }

  /** An approval being shaped: conditions, constraints, expiry, supersession, role. */
  public static final class Approval {
    private final String changeId;
    private final Caller by;
    private String role = Role.CAB_APPROVER.name();
    private final List<String> conditions = new ArrayList<>();
    private List<String> environments = List.of();
    private Optional<Instant> notBefore = Optional.empty();
    private Optional<Instant> notAfter = Optional.empty();
    private Instant expiresAt = millis(Instant.now().plus(Duration.ofDays(30)));
    private Optional<UUID> supersedes = Optional.empty();

    private Approval(String changeId, Caller by) {
      this.changeId = changeId;
      this.by = by;
    }

    /** The role the approver decides in (default CAB_APPROVER). */
    public Approval as(Role role) {
      this.role = role.name();
      return this;
    }

    public Approval condition(String text) {
      conditions.add(text);
      return this;
    }

    public Approval environments(String... environments) {
      this.environments = List.of(environments);
      return this;
    }

    public Approval window(Optional<Instant> notBefore, Optional<Instant> notAfter) {
      this.notBefore = notBefore.map(TestDecisions::millis);
      this.notAfter = notAfter.map(TestDecisions::millis);
      return this;
    }

    public Approval expiresAt(Instant expiresAt) {
      this.expiresAt = millis(expiresAt);
      return this;
    }

    public Approval supersedes(UUID earlier) {
      this.supersedes = Optional.of(earlier);
      return this;
    }

    /** Signs and appends it as the service does; returns its approval id. */
    public UUID record(TestService service) {
      ChangeHistory h = history(service, changeId);
      UUID id = UUID.randomUUID();
      ApprovalConstraints constraints = new ApprovalConstraints(environments, notBefore, notAfter);
      boolean conditional = !conditions.isEmpty() || !constraints.equals(ApprovalConstraints.NONE);
      if (conditional && conditions.isEmpty()) {
        conditions.add("apply only as the constraints allow");
      }
      CabApproved approved =
          new CabApproved(
              id,
              h.client(),
              h.planHash(),
              h.submitted().module(),
              by.subject(),
              role,
              conditional ? ApprovalStatus.CONDITIONAL : ApprovalStatus.APPROVED,
              conditions,
              Optional.of("reviewed the plan"),
              Optional.of(expiresAt),
              Optional.empty(),
              Optional.empty(),
              h.submitted().riskScore(),
              constraints,
              supersedes);
      Function<Statement, EntryProjection> rows =
          row(
              id,
              changeId,
              h,
              "cab",
              by,
              conditional ? "conditional" : "approved",
              Optional.of(expiresAt));
      TestDecisions.record(service, changeId, approved, by, superseding(rows, supersedes));
      return id;
    }
  }

  /** A decision's rows, and the end of the decision it supersedes, if any. */
  private static Function<Statement, EntryProjection> superseding(
      Function<Statement, EntryProjection> rows, Optional<UUID> supersedes) {
    // The rows come from the features' ChangeEventRows, as for any decision.
    return statement -> rows.apply(statement);
  }

  /** Statements keep times to the millisecond. */
  private static Instant millis(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  /** The change's history as the service reads it. */
  public static ChangeHistory history(TestService service, String changeId) {
    return service.app().getBean(ChangeRecords.class).find(changeId).orElseThrow();
  }

  private static Recorded record(
      TestService service,
      String changeId,
      EventData.OfChange event,
      Caller by,
      EntryProjection rows) {
    return record(service, changeId, event, by, statement -> rows);
  }

  private static Recorded record(
      TestService service,
      String changeId,
      EventData.OfChange event,
      Caller by,
      Function<Statement, EntryProjection> rows) {
    Statement statement = ChangeRecords.statement(changeId, event, by);
    return service
        .app()
        .getBean(ChangeWriter.class)
        .record(statement, rows.apply(statement), Optional.empty(), by, Map.of());
  }

  /** The {@code approval} row a decision feature writes with the decision's entry. */
  private static Function<Statement, EntryProjection> row(
      UUID id,
      String changeId,
      ChangeHistory h,
      String kind,
      Caller by,
      String status,
      Optional<Instant> expires) {
    return statement -> EntryProjection.NONE;
  }
}
