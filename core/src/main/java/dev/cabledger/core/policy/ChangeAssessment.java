package dev.cabledger.core.policy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalExpired;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.event.ExceptionType;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.event.PolicyOverridden;
import dev.cabledger.core.event.Risk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a change's history adds up to under a policy at one moment (docs/workflow.md, "Policy"):
 * each decision's standing, each exception's state, what is still missing, and the status.
 *
 * @param history the change's signed entries
 * @param policy the rules applied
 * @param at the moment assessed: approvals whose expiry is not after it have expired
 * @param quorum the quorum the change's risk needs
 * @param decisions every CAB decision, in log order
 * @param exceptions every exception requested for the current plan, in log order
 * @param missing what the policy still needs, empty when the change is approved
 * @param status where the change stands
 */
public record ChangeAssessment(
    ChangeHistory history,
    Policy policy,
    Instant at,
    Quorum quorum,
    List<AssessedDecision> decisions,
    List<AssessedException> exceptions,
    List<Reason> missing,
    ChangeStatus status) {

  public static final String CAB_APPROVER = "CAB_APPROVER";
  public static final String SECURITY_REVIEWER = "SECURITY_REVIEWER";
  public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";

  public ChangeAssessment {
    decisions = List.copyOf(decisions);
    exceptions = List.copyOf(exceptions);
    missing = List.copyOf(missing);
  }

  /** Assesses a change's history under a policy at a moment. */
  public static ChangeAssessment assess(ChangeHistory history, Policy policy, Instant at) {
    LoggedEvent planEntry = history.planEntry();
    String requester = history.requester().subject();
    Map<UUID, LoggedEvent> revoked = new HashMap<>();
    Set<UUID> expired = new HashSet<>();
    Map<UUID, String> approverOf = new HashMap<>();
    Set<UUID> superseded = new HashSet<>();
    boolean applied = false;
    for (LoggedEvent e : history.events()) {
      switch (e.data()) {
        // A revocation counts only from a platform admin (DESIGN.md, "Identity and access").
        case ApprovalRevoked r when e.actor().hasRole(PLATFORM_ADMIN) ->
            revoked.putIfAbsent(r.approvalId(), e);
        case ApprovalExpired x -> expired.add(x.approvalId());
        case CabApproved a -> {
          supersede(a.supersedes(), a.approver(), approverOf, superseded);
          approverOf.putIfAbsent(a.approvalId(), a.approver());
        }
        case CabRejected r -> {
          supersede(r.supersedes(), r.approver(), approverOf, superseded);
          approverOf.putIfAbsent(r.approvalId(), r.approver());
        }
        case ChangeApplied c when ofCurrentPlan(e, planEntry) -> applied = true;
        default -> {}
      }
    }

    List<AssessedDecision> decisions = new ArrayList<>();
    Set<String> counted = new HashSet<>();
    int cab = 0;
    int security = 0;
    for (LoggedEvent e : history.events()) {
      AssessedDecision d =
          switch (e.data()) {
            case CabApproved a ->
                decision(
                    e,
                    a.approvalId(),
                    a.approver(),
                    a.approverRole(),
                    true,
                    a.planHash(),
                    a.expiryDate(),
                    a.status() == ApprovalStatus.CONDITIONAL ? a.conditions() : List.of(),
                    a.constraints());
            case CabRejected r ->
                decision(
                    e,
                    r.approvalId(),
                    r.approver(),
                    r.approverRole(),
                    false,
                    r.planHash(),
                    Optional.empty(),
                    List.of(),
                    ApprovalConstraints.NONE);
            default -> null;
          };
      if (d == null) {
        continue;
      }
      Standing s;
      if (revoked.containsKey(d.approvalId())) {
        s = Standing.REVOKED;
      } else if (superseded.contains(d.approvalId())) {
        s = Standing.SUPERSEDED;
      } else if (d.approves()
          && (expired.contains(d.approvalId())
              || d.expiresAt().map(t -> !t.isAfter(at)).orElse(false))) {
        s = Standing.EXPIRED;
      } else if (!ofCurrentPlan(e, planEntry)) {
        s = Standing.OTHER_PLAN;
      } else if (!(d.approverRole().equals(CAB_APPROVER)
              || d.approverRole().equals(SECURITY_REVIEWER))
          || !e.actor().hasRole(d.approverRole())) {
        s = Standing.ROLE_NOT_HELD;
      } else if (!d.approves()) {
        // Separation of duties limits who may approve; any CAB member's objection blocks.
        s = Standing.DENIES;
      } else if (d.approver().equals(requester)) {
        s = Standing.SELF_APPROVAL;
      } else if (policy.excludePrApprovers()
          && history.submitted().evidence().prApprovers().contains(d.approver())) {
        s = Standing.PR_APPROVER;
      } else if (policy.requiresApproverSignature(history.submitted().risk())
          && !e.approverSigned()) {
        s = Standing.UNSIGNED;
      } else if (!counted.add(d.approver())) {
        s = Standing.DUPLICATE;
      } else {
        s = Standing.COUNTS;
        if (d.approverRole().equals(CAB_APPROVER)) {
          cab++;
        } else {
          security++;
        }
      }
      decisions.add(withStanding(d, s));
    }

    List<AssessedException> exceptions = exceptions(history, planEntry, revoked, expired, at);

    Quorum quorum = policy.quorumFor(history.submitted().risk());
    List<Reason> missing = new ArrayList<>();
    for (AssessedDecision d : decisions) {
      if (d.standing() == Standing.DENIES) {
        missing.add(
            new Reason(
                ReasonCode.DENIED,
                d.approver() + " denied the change (decision " + d.approvalId() + ")"));
      }
    }
    // A standard change's template or an emergency's one approver stands in for the quorum
    // (ChangeTypeRule); denials, exceptions and the scan still count.
    boolean byRule = ChangeTypeRule.approval(history).isPresent();
    if (!byRule && (cab < quorum.cabApprovers() || security < quorum.securityReviewers())) {
      missing.add(
          new Reason(
              ReasonCode.MISSING_QUORUM,
              history.submitted().risk().map(r -> r.json() + " risk").orElse("unassessed risk")
                  + " needs "
                  + quorum
                  + "; counted: "
                  + cab
                  + " CAB approval"
                  + (cab == 1 ? "" : "s")
                  + (quorum.securityReviewers() > 0
                      ? " and " + security + " security review" + (security == 1 ? "" : "s")
                      : "")));
      for (AssessedDecision d : decisions) {
        if (d.standing() == Standing.EXPIRED) {
          missing.add(
              new Reason(
                  ReasonCode.EXPIRED,
                  "the approval " + d.approvalId() + " by " + d.approver() + " has expired"));
        } else if (d.standing() == Standing.UNSIGNED) {
          missing.add(
              new Reason(
                  ReasonCode.APPROVER_SIGNATURE_MISSING,
                  "the approval "
                      + d.approvalId()
                      + " by "
                      + d.approver()
                      + " is not signed with an approver key of theirs, which "
                      + history.submitted().risk().map(Risk::json).orElse("unassessed")
                      + " risk asks (prepare and sign it: POST /api/changes/"
                      + history.changeId()
                      + "/decisions/prepare)"));
        } else if (d.standing() == Standing.REVOKED && d.approves()) {
          missing.add(
              new Reason(
                  ReasonCode.REVOKED,
                  "the approval "
                      + d.approvalId()
                      + " by "
                      + d.approver()
                      + " was revoked by "
                      + revoked.get(d.approvalId()).actor().subject()));
        }
      }
    }
    boolean scanExcepted = false;
    for (AssessedException x : exceptions) {
      if (x.state() == AssessedException.State.APPROVED) {
        scanExcepted |= x.type() == ExceptionType.VULNERABILITY_SCAN;
      } else {
        missing.add(
            new Reason(
                ReasonCode.EXCEPTION_MISSING,
                "the "
                    + x.type().json()
                    + " exception "
                    + x.exceptionId()
                    + " is "
                    + x.state().json()));
      }
    }
    if (policy.requireSecurityScan()
        && !history.submitted().evidence().securityScanPassed()
        && !scanExcepted) {
      missing.add(
          new Reason(
              ReasonCode.EXCEPTION_MISSING,
              "the security scan "
                  + history
                      .submitted()
                      .evidence()
                      .securityScan()
                      .map(s -> "reported \"" + s + "\"")
                      .orElse("is missing")
                  + " and no vulnerability_scan exception is approved"));
    }

    ChangeStatus status;
    if (applied) {
      status = ChangeStatus.APPLIED;
    } else if (missing.stream().anyMatch(r -> r.code() == ReasonCode.DENIED)) {
      status = ChangeStatus.DENIED;
    } else if (!missing.isEmpty()) {
      status = ChangeStatus.PENDING;
    } else if (decisions.stream()
        .anyMatch(d -> d.standing() == Standing.COUNTS && !d.conditions().isEmpty())) {
      status = ChangeStatus.CONDITIONAL;
    } else {
      status = ChangeStatus.APPROVED;
    }
    return new ChangeAssessment(
        history, policy, at, quorum, decisions, exceptions, missing, status);
  }

  /** The decisions that count towards the quorum. */
  public List<AssessedDecision> counted() {
    return decisions.stream().filter(d -> d.standing() == Standing.COUNTS).toList();
  }

  /**
   * The gate's answer for applying a plan to an environment at this assessment's moment.
   *
   * @param planHash SHA-256 of the plan file about to be applied
   * @param environment where it is about to be applied
   * @param unverified reasons found before the policy ran: entries of the change whose signature or
   *     inclusion proof did not verify (each blocks)
   */
  public GateAnswer gate(Digest planHash, String environment, List<Reason> unverified) {
    return gate(planHash, environment, unverified, Freezes.NONE);
  }

  /**
   * The gate's answer for applying a plan to an environment at this assessment's moment, with the
   * freezes declared before it: each that holds the change's client and the environment at the
   * moment blocks with {@link ReasonCode#FREEZE}.
   *
   * @param planHash SHA-256 of the plan file about to be applied
   * @param environment where it is about to be applied
   * @param unverified reasons found before the policy ran: entries of the change whose signature or
   *     inclusion proof did not verify (each blocks)
   * @param freezes the freezes declared in the log before the answer
   */
  public GateAnswer gate(
      Digest planHash, String environment, List<Reason> unverified, Freezes freezes) {
    return gate(planHash, environment, unverified, freezes, TargetApplies.NONE);
  }

  /**
   * The gate's answer for applying a plan to an environment at this assessment's moment, with the
   * freezes and the applies logged before it.
   *
   * <p>An apply of another change to the same target (client, module, environment) logged after the
   * change's current plan was made blocks with {@link ReasonCode#TARGET_CHANGED}. A platform
   * admin's override of the current plan ({@code POLICY_OVERRIDDEN}) approves it whatever the
   * policy says, naming the override, unless an entry does not verify or another plan is asked
   * about: an override lifts rules, not the record's integrity.
   *
   * @param planHash SHA-256 of the plan file about to be applied
   * @param environment where it is about to be applied
   * @param unverified reasons found before the policy ran: entries of the change whose signature or
   *     inclusion proof did not verify (each blocks)
   * @param freezes the freezes declared in the log before the answer
   * @param applies the applies logged before the answer
   */
  public GateAnswer gate(
      Digest planHash,
      String environment,
      List<Reason> unverified,
      Freezes freezes,
      TargetApplies applies) {
    return gate(planHash, environment, unverified, freezes, applies, Templates.NONE);
  }

  /**
   * The gate's answer, weighing the standard-change templates logged before it too: a standard
   * change approved by rule is approved only if the template it cites was approved before the
   * citing entry and covers it ({@link ReasonCode#TEMPLATE_NOT_APPROVED} otherwise). An approved
   * answer names what approved it by rule (the template, or the emergency's approver).
   *
   * @param templates the templates' entries that verified, logged before the answer
   */
  public GateAnswer gate(
      Digest planHash,
      String environment,
      List<Reason> unverified,
      Freezes freezes,
      TargetApplies applies,
      Templates templates) {
    List<Reason> reasons = new ArrayList<>(unverified);
    if (!planHash.equals(history.planHash())) {
      reasons.add(
          new Reason(
              ReasonCode.PLAN_HASH_DIFFERS,
              "the plan's SHA-256 is "
                  + planHash.hex()
                  + " but change "
                  + history.changeId()
                  + " is for "
                  + history.planHash().hex()));
    }
    history
        .environment()
        .filter(env -> !env.equals(environment))
        .ifPresent(
            env ->
                reasons.add(
                    new Reason(
                        ReasonCode.ENVIRONMENT_NOT_ALLOWED,
                        "change "
                            + history.changeId()
                            + " targets "
                            + env
                            + ", not "
                            + environment)));
    reasons.addAll(missing);
    List<String> conditions = new ArrayList<>();
    for (AssessedDecision d : counted()) {
      conditions.addAll(d.conditions());
      if (!d.constraints().allowsEnvironment(environment)) {
        reasons.add(
            new Reason(
                ReasonCode.ENVIRONMENT_NOT_ALLOWED,
                "the approval "
                    + d.approvalId()
                    + " by "
                    + d.approver()
                    + " allows only "
                    + String.join(", ", d.constraints().environments())));
      }
      if (!d.constraints().allowsTime(at)) {
        reasons.add(
            new Reason(
                ReasonCode.OUTSIDE_WINDOW,
                "the approval "
                    + d.approvalId()
                    + " by "
                    + d.approver()
                    + " allows applying only"
                    + d.constraints().notBefore().map(t -> " from " + t).orElse("")
                    + d.constraints().notAfter().map(t -> " until " + t).orElse("")));
      }
    }
    if (!passesFreezes()) {
      for (Freezes.Held held : freezes.holding(history.client(), environment, at)) {
        reasons.add(
            new Reason(
                ReasonCode.FREEZE,
                "freeze "
                    + held.freeze().freezeId()
                    + " holds "
                    + history.client().value()
                    + " in "
                    + environment
                    + " from "
                    + held.window().start()
                    + " until "
                    + held.window().end()
                    + ": "
                    + held.freeze().reason()));
      }
    }
    for (TargetApplies.Applied a : applies.staling(history, environment)) {
      reasons.add(
          new Reason(
              ReasonCode.TARGET_CHANGED,
              "change "
                  + a.changeId()
                  + " was applied to "
                  + history.client().value()
                  + a.applied().module().map(m -> " module " + m).orElse("")
                  + " in "
                  + environment
                  + " at "
                  + a.appliedAt()
                  + " (entry "
                  + a.index()
                  + "), after this plan was made: plan again against the new state"));
    }
    Optional<LoggedEvent> rule =
        quorumCounted() ? Optional.empty() : ChangeTypeRule.approval(history);
    rule.ifPresent(r -> reasons.addAll(ChangeTypeRule.templateReasons(history, r, templates)));
    // Distinct reasons, in the order found.
    List<Reason> distinct = reasons.stream().distinct().toList();
    Optional<LoggedEvent> override =
        planHash.equals(history.planHash()) ? override() : Optional.empty();
    if (override.isPresent() && distinct.stream().noneMatch(r -> INTEGRITY.contains(r.code()))) {
      return new GateAnswer(
          GateVerdict.APPROVED,
          List.of(),
          counted(),
          conditions,
          Optional.of(new PolicyOverride(override.get(), distinct)));
    }
    return new GateAnswer(
        distinct.isEmpty() ? GateVerdict.APPROVED : GateVerdict.BLOCKED,
        distinct,
        counted(),
        conditions,
        Optional.empty(),
        distinct.isEmpty()
            ? rule.or(this::freezePass).map(r -> ChangeTypeRule.named(history, r, templates))
            : Optional.empty());
  }

  /** Whether the decisions that count meet the quorum by themselves. */
  private boolean quorumCounted() {
    long cab = counted().stream().filter(d -> d.approverRole().equals(CAB_APPROVER)).count();
    return cab >= quorum.cabApprovers() && counted().size() - cab >= quorum.securityReviewers();
  }

  /**
   * An emergency approved by its quorum still passes freezes as an emergency: the answer names its
   * emergency approval, if it has one.
   */
  private Optional<LoggedEvent> freezePass() {
    return ChangeTypeRule.passesFreezes(history)
        ? ChangeTypeRule.approval(history)
        : Optional.empty();
  }

  /** Reasons an override does not lift: the record does not verify, or is about another plan. */
  private static final Set<ReasonCode> INTEGRITY =
      Set.of(ReasonCode.SIGNATURE_INVALID, ReasonCode.NOT_IN_LOG, ReasonCode.PLAN_HASH_DIFFERS);

  /**
   * The override of the current plan, if there is one: the latest {@code POLICY_OVERRIDDEN} logged
   * after the plan was made, by a platform admin who is not the change's requester (separation of
   * duties: nobody waves through their own change).
   */
  public Optional<LoggedEvent> override() {
    LoggedEvent planEntry = history.planEntry();
    String requester = history.requester().subject();
    Optional<LoggedEvent> found = Optional.empty();
    for (LoggedEvent e : history.events()) {
      if (e.data() instanceof PolicyOverridden
          && ofCurrentPlan(e, planEntry)
          && e.actor().hasRole(PLATFORM_ADMIN)
          && !e.actor().subject().equals(requester)) {
        found = Optional.of(e);
      }
    }
    return found;
  }

  /** Whether the change passes freezes: an emergency does (ChangeTypeRule). */
  private boolean passesFreezes() {
    return ChangeTypeRule.passesFreezes(history);
  }

  private static List<AssessedException> exceptions(
      ChangeHistory history,
      LoggedEvent planEntry,
      Map<UUID, LoggedEvent> revoked,
      Set<UUID> expired,
      Instant at) {
    Map<UUID, LoggedEvent> requests = new LinkedHashMap<>();
    Map<UUID, LoggedEvent> latestDecision = new HashMap<>();
    String requester = history.requester().subject();
    for (LoggedEvent e : history.events()) {
      switch (e.data()) {
        case ExceptionRequested r when ofCurrentPlan(e, planEntry) ->
            requests.putIfAbsent(r.exceptionId(), e);
        case ExceptionApproved a
            when decides(e, a.exceptionId(), a.approver(), requests, requester) ->
            latestDecision.put(a.exceptionId(), e);
        case ExceptionDenied d
            when decides(e, d.exceptionId(), d.approver(), requests, requester) ->
            latestDecision.put(d.exceptionId(), e);
        default -> {}
      }
    }
    List<AssessedException> out = new ArrayList<>();
    for (Map.Entry<UUID, LoggedEvent> r : requests.entrySet()) {
      ExceptionRequested request = (ExceptionRequested) r.getValue().data();
      Optional<LoggedEvent> decision = Optional.ofNullable(latestDecision.get(r.getKey()));
      AssessedException.State state =
          decision
              .map(
                  d ->
                      switch (d.data()) {
                        case ExceptionApproved a when revoked.containsKey(a.approvalId()) ->
                            AssessedException.State.REVOKED;
                        case ExceptionApproved a
                            when expired.contains(a.approvalId())
                                || a.expiryDate().map(t -> !t.isAfter(at)).orElse(false) ->
                            AssessedException.State.EXPIRED;
                        case ExceptionApproved a
                            when a.exceptionType() == request.exceptionType() ->
                            AssessedException.State.APPROVED;
                        default -> AssessedException.State.DENIED;
                      })
              .orElse(AssessedException.State.PENDING);
      out.add(
          new AssessedException(
              r.getKey(), request.exceptionType(), r.getValue(), state, decision));
    }
    return out;
  }

  /**
   * Whether an exception decision counts: by a security reviewer, on a requested exception, by
   * someone other than the change's and the exception's requesters.
   */
  private static boolean decides(
      LoggedEvent e,
      UUID exceptionId,
      String approver,
      Map<UUID, LoggedEvent> requests,
      String changeRequester) {
    LoggedEvent request = requests.get(exceptionId);
    return request != null
        && e.actor().hasRole(SECURITY_REVIEWER)
        && !approver.equals(changeRequester)
        && !approver.equals(request.actor().subject());
  }

  /**
   * Marks the decision a new one supersedes, only if it is an earlier CAB decision of the same
   * approver: a reference to someone else's decision, or to one not yet logged, changes nothing, so
   * it can neither withdraw another person's decision nor bring back one its author replaced.
   */
  private static void supersede(
      Optional<UUID> earlier, String approver, Map<UUID, String> approverOf, Set<UUID> superseded) {
    earlier.filter(id -> approver.equals(approverOf.get(id))).ifPresent(superseded::add);
  }

  /**
   * Whether an entry is about the change's current plan: logged after the entry that made it
   * current and for its hash. A re-plan voids what came before it, even when it returns to an
   * earlier hash.
   */
  private static boolean ofCurrentPlan(LoggedEvent e, LoggedEvent planEntry) {
    return e.index() > planEntry.index()
        && e.statement().subjectDigest().equals(planEntry.statement().subjectDigest());
  }

  private static AssessedDecision decision(
      LoggedEvent e,
      UUID id,
      String approver,
      String role,
      boolean approves,
      Digest planHash,
      Optional<Instant> expiresAt,
      List<String> conditions,
      ApprovalConstraints constraints) {
    return new AssessedDecision(
        e, id, approver, role, approves, Standing.COUNTS, expiresAt, conditions, constraints);
  }

  private static AssessedDecision withStanding(AssessedDecision d, Standing s) {
    return new AssessedDecision(
        d.entry(),
        d.approvalId(),
        d.approver(),
        d.approverRole(),
        d.approves(),
        s,
        d.expiresAt(),
        d.conditions(),
        d.constraints());
  }
}
