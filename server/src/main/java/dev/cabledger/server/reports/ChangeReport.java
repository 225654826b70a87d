package dev.cabledger.server.reports;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalExpired;
import dev.cabledger.core.event.ApprovalRevoked;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ChangeReplanned;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ChangeType;
import dev.cabledger.core.event.EmergencyApproved;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionDenied;
import dev.cabledger.core.event.ExceptionRequested;
import dev.cabledger.core.event.PolicyOverridden;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.EmergencyReview;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.workflow.CheckedEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One change's entries up to the report's checkpoint, and what of them the report holds: its CAB
 * decisions of the period, the exceptions and ended approvals of the period, and the entries their
 * values come from (which the report verifies). Every value is read from the entries' signed bytes;
 * the change index only found them.
 */
final class ChangeReport {
  /** The event types that put a change in a report; the sections' only when they are written. */
  static final List<String> DECISION_TYPES = List.of("CAB_APPROVED", "CAB_REJECTED");

  /**
   * The event types that put a change in a report that has sections; an emergency change's apply
   * among them, since a review's due time counts from it once applied.
   */
  static final List<String> SECTION_TYPES =
      List.of(
          "EXCEPTION_REQUESTED",
          "EXCEPTION_APPROVED",
          "EXCEPTION_DENIED",
          "APPROVAL_REVOKED",
          "APPROVAL_EXPIRED",
          "POLICY_OVERRIDDEN",
          "EMERGENCY_APPROVED",
          "CHANGE_APPLIED");

  private final String changeId;
  private final List<Logged> entries;
  private final ReportQuery query;
  private final boolean sections;
  private final long periodStart;
  private final long periodEnd;
  private final Duration reviewPeriod;
  private final Instant now;

  private @Nullable Logged submission;
  private @Nullable ChangeSubmitted submitted;
  private @Nullable Digest currentPlan;
  private final Map<UUID, Logged> decisionsById = new HashMap<>();
  private final Map<UUID, Logged> endingOf = new HashMap<>();
  private final Map<UUID, Logged> requests = new HashMap<>();
  private final List<Logged> decisions = new ArrayList<>();
  private final Map<UUID, List<Logged>> exceptions = new LinkedHashMap<>();
  private final List<Logged> endings = new ArrayList<>();
  private final List<Logged> overrides = new ArrayList<>();
  private Optional<Emergency> emergency = Optional.empty();
  private final SortedSet<Long> needed = new TreeSet<>();
  private final Map<Long, Logged> byIndex = new HashMap<>();

  /**
   * Reads what the report holds of a change.
   *
   * @param entries the change's entries in log order, up to the checkpoint, gate answers left out
   * @param periodStart the first index of the log range the period was found in
   * @param periodEnd the end (excluded) of that range: an entry there that no longer holds a
   *     statement may be of the period, and is named
   * @param reviewPeriod the review period of an emergency change ({@code
   *     cab.workflow.emergency-review-days})
   * @param now the report's time: a review not made by then is overdue once due
   */
  ChangeReport(
      String changeId,
      List<Logged> entries,
      ReportQuery query,
      boolean sections,
      long periodStart,
      long periodEnd,
      Duration reviewPeriod,
      Instant now) {
    this.changeId = changeId;
    this.entries = List.copyOf(entries);
    this.query = query;
    this.sections = sections;
    this.periodStart = periodStart;
    this.periodEnd = periodEnd;
    this.reviewPeriod = reviewPeriod;
    this.now = now;
    entries.forEach(e -> byIndex.put(e.index(), e));
    index();
    select();
  }

  /** The entries whose values the report uses: each must be verified before {@link #emit}. */
  Set<Long> needed() {
    return needed;
  }

  /** An entry of the change, as read. */
  Logged logged(long index) {
    return byIndex.get(index);
  }

  /** Where each decision stands, the plan, and the submission: read from every entry. */
  private void index() {
    for (Logged e : entries) {
      if (e.statement().isEmpty()) {
        continue;
      }
      switch (e.statement().get().predicate().data()) {
        case ChangeSubmitted c -> {
          if (submission == null) {
            submission = e;
            submitted = c;
          }
          currentPlan = c.planHash();
        }
        case ChangeReplanned r -> currentPlan = r.planHash();
        case CabApproved a -> decided(e, a.approvalId(), a.approver(), a.supersedes());
        case CabRejected r -> decided(e, r.approvalId(), r.approver(), r.supersedes());
        case ExceptionApproved a -> decisionsById.putIfAbsent(a.approvalId(), e);
        case ExceptionDenied d -> decisionsById.putIfAbsent(d.approvalId(), e);
        case ExceptionRequested r -> requests.putIfAbsent(r.exceptionId(), e);
        case ApprovalRevoked r -> ends(r.approvalId(), e);
        case ApprovalExpired x -> ends(x.approvalId(), e);
        default -> {}
      }
    }
  }

  private void decided(Logged e, UUID approvalId, String approver, Optional<UUID> supersedes) {
    decisionsById.putIfAbsent(approvalId, e);
    // As the policy reads it: a decision supersedes only its own author's earlier one.
    supersedes
        .filter(s -> approverOf(s).filter(approver::equals).isPresent())
        .ifPresent(s -> ends(s, e));
  }

  private void ends(UUID approvalId, Logged ending) {
    Logged decision = decisionsById.get(approvalId);
    if (decision != null && decision.index() < ending.index()) {
      endingOf.putIfAbsent(approvalId, ending);
    }
  }

  /** Selects the period's records under the query's filters, and the entries they need. */
  private void select() {
    boolean risk =
        query.riskLevel().isEmpty()
            || (submitted != null && submitted.risk().equals(query.riskLevel()));
    for (Logged e : entries) {
      if (e.statement().isEmpty()) {
        unreadable(e);
        continue;
      }
      Statement s = e.statement().get();
      EventData data = s.predicate().data();
      if (!risk
          || !query.holds(s.predicate().createdAt())
          || !data.tenant().map(query::covers).orElse(false)) {
        continue;
      }
      switch (data) {
        case CabApproved a -> decision(e, a.approver());
        case CabRejected r -> decision(e, r.approver());
        case ExceptionRequested r when sections && query.approver().isEmpty() -> {
          exceptions.computeIfAbsent(r.exceptionId(), id -> new ArrayList<>());
          need(e);
        }
        case ExceptionApproved a when sections && !query.excludesApprover(a.approver()) ->
            exceptionDecision(a.exceptionId(), a.approvalId(), e);
        case ExceptionDenied d when sections && !query.excludesApprover(d.approver()) ->
            exceptionDecision(d.exceptionId(), d.approvalId(), e);
        case ApprovalRevoked r when sections -> ended(r.approvalId(), e);
        case ApprovalExpired x when sections -> ended(x.approvalId(), e);
        case PolicyOverridden o
            when sections && !query.excludesApprover(s.predicate().actor().subject()) -> {
          overrides.add(e);
          need(e);
        }
        default -> {}
      }
    }
    if (sections && risk) {
      emergency();
    }
    if (!needed.isEmpty() && submission != null) {
      need(submission);
    }
  }

  /**
   * An emergency change's approval and review, as {@code core/policy/EmergencyReview} reads them
   * from the change's entries, when the approval is of the period or its review fell due in the
   * period and was not made by then.
   */
  private void emergency() {
    if (submitted == null
        || submitted.changeType() != ChangeType.EMERGENCY
        || !query.covers(submitted.client())) {
      return;
    }
    List<LoggedEvent> events = new ArrayList<>();
    for (Logged e : entries) {
      e.statement()
          .filter(s -> ChangeHistory.partOf(s.predicate().data()))
          .ifPresent(s -> events.add(new LoggedEvent(e.index(), s)));
    }
    Optional<EmergencyReview> found;
    try {
      found = EmergencyReview.of(ChangeHistory.of(events), reviewPeriod);
    } catch (IllegalArgumentException contradictory) {
      // Entries that contradict each other make no history: the ledger check names them, and the
      // report names those of its period that do not verify.
      return;
    }
    if (found.isEmpty()) {
      return;
    }
    EmergencyReview review = found.get();
    EmergencyApproved approved = (EmergencyApproved) review.approval().data();
    if (query.excludesApprover(approved.approver())) {
      return;
    }
    boolean missed = review.review().map(r -> r.createdAt().isAfter(review.dueAt())).orElse(true);
    Emergency x =
        new Emergency(
            review,
            query.holds(review.approval().createdAt()),
            missed && query.holds(review.dueAt()) && review.dueAt().isBefore(now),
            entries.stream()
                .filter(e -> e.index() > review.approval().index())
                .filter(
                    e ->
                        e.statement().map(s -> s.predicate().data()).orElse(null)
                            instanceof ChangeApplied)
                .findFirst());
    if (x.approvedInPeriod() || x.overdueInPeriod()) {
      emergency = Optional.of(x);
      need(byIndex.get(review.approval().index()));
      review.review().ifPresent(r -> need(byIndex.get(r.index())));
      x.apply().ifPresent(this::need);
    }
  }

  /**
   * An emergency change the report lists.
   *
   * @param review its review, as the policy reads it
   * @param approvedInPeriod whether its emergency approval is of the period
   * @param overdueInPeriod whether its review fell due in the period, before the report's time, and
   *     was not made by then
   * @param apply its first apply after the approval, from which the review's due time counts
   */
  private record Emergency(
      EmergencyReview review,
      boolean approvedInPeriod,
      boolean overdueInPeriod,
      Optional<Logged> apply) {}

  private void decision(Logged e, String approver) {
    if (query.excludesApprover(approver)) {
      return;
    }
    decisions.add(e);
    need(e);
    approvalIdOf(e).map(endingOf::get).ifPresent(this::need);
  }

  private void exceptionDecision(UUID exceptionId, UUID approvalId, Logged e) {
    exceptions.computeIfAbsent(exceptionId, id -> new ArrayList<>()).add(e);
    need(e);
    Optional.ofNullable(requests.get(exceptionId)).ifPresent(this::need);
    Optional.ofNullable(endingOf.get(approvalId)).ifPresent(this::need);
  }

  private void ended(UUID approvalId, Logged e) {
    Optional<String> approver = approverOf(approvalId);
    if (query.approver().isPresent() && !approver.equals(query.approver())) {
      return;
    }
    endings.add(e);
    need(e);
    Optional.ofNullable(decisionsById.get(approvalId)).ifPresent(this::need);
  }

  /**
   * An entry of the period's range that no longer holds a statement, filed as a type the report
   * shows: its time cannot be read, so it is named as a problem (to callers who see the change).
   */
  private void unreadable(Logged e) {
    boolean shown =
        DECISION_TYPES.contains(e.filedAs()) || (sections && SECTION_TYPES.contains(e.filedAs()));
    boolean visible =
        submitted != null
            ? query.covers(submitted.client())
            : query.client().isEmpty() && query.clients().isEmpty();
    if (shown && visible && e.index() >= periodStart && e.index() < periodEnd) {
      need(e);
    }
  }

  private void need(Logged e) {
    needed.add(e.index());
  }

  /**
   * Hands the change's records to the sink, with what the checks of {@link #needed} found.
   *
   * @param checked every needed entry, checked
   * @param ring the keys that checked them: which are the service's, which an approver's own
   */
  void emit(Map<Long, CheckedEntry> checked, KeyRing ring, ReportSink sink, ReportSummary summary) {
    boolean signaturesValid = true;
    boolean entriesIncluded = true;
    for (long index : needed) {
      CheckedEntry c = checked.get(index);
      summary.checked(c.signatureValid(), c.included());
      signaturesValid &= c.signatureValid();
      entriesIncluded &= c.included();
      if (!c.verified()) {
        Logged e = byIndex.get(index);
        String type = e.statement().map(s -> s.predicate().eventType().name()).orElse(e.filedAs());
        List<String> problems = new ArrayList<>(c.problems());
        if (e.statement().isEmpty()) {
          problems.add("its bytes hold no statement");
        }
        summary.problem(
            "entry "
                + index
                + " of change "
                + changeId
                + " ("
                + type
                + "): "
                + String.join("; ", problems));
      }
    }
    if (!decisions.isEmpty()) {
      ReportedChange change =
          change(
              decisions.stream().map(e -> decision(e, checked, ring)).toList(),
              signaturesValid,
              entriesIncluded);
      summary.change(change);
      sink.change(change);
    }
    exceptions.forEach(
        (exceptionId, decided) ->
            Optional.ofNullable(requests.get(exceptionId))
                .ifPresent(r -> sink.exception(exception(r, decided, checked, ring))));
    for (Logged e : endings) {
      sink.ended(ended(e, checked.get(e.index())));
    }
    for (Logged e : overrides) {
      summary.override();
      sink.override(override(e, checked.get(e.index())));
    }
    if (emergency.isPresent()) {
      Emergency x = emergency.get();
      ReportedEmergency reported = reported(x, checked);
      if (x.approvedInPeriod()) {
        summary.emergency();
        sink.emergency(reported);
      }
      if (x.overdueInPeriod()) {
        summary.overdueReview();
        sink.overdueReview(reported);
      }
    }
  }

  private ReportedOverride override(Logged e, CheckedEntry c) {
    Statement s = e.statement().orElseThrow();
    PolicyOverridden o = (PolicyOverridden) s.predicate().data();
    return new ReportedOverride(
        changeId,
        o.client().value(),
        o.planHash().hex(),
        s.predicate().actor().subject(),
        s.predicate().createdAt().toString(),
        o.reason(),
        e.index(),
        c.signatureValid(),
        c.included());
  }

  private ReportedEmergency reported(Emergency x, Map<Long, CheckedEntry> checked) {
    EmergencyReview review = x.review();
    LoggedEvent approval = review.approval();
    EmergencyApproved a = (EmergencyApproved) approval.data();
    List<Long> sources = new ArrayList<>();
    sources.add(approval.index());
    review.review().ifPresent(r -> sources.add(r.index()));
    x.apply().ifPresent(e -> sources.add(e.index()));
    Optional.ofNullable(submission).ifPresent(e -> sources.add(e.index()));
    String status;
    if (review.review().isPresent()) {
      status = review.review().get().createdAt().isAfter(review.dueAt()) ? "late" : "done";
    } else {
      status = now.isAfter(review.dueAt()) ? "overdue" : "pending";
    }
    Optional<ChangeSubmitted> s = Optional.ofNullable(submitted);
    return new ReportedEmergency(
        changeId,
        a.client().value(),
        s.flatMap(ChangeSubmitted::title),
        s.flatMap(ChangeSubmitted::emergencyReason),
        a.planHash().hex(),
        a.approver(),
        a.approverRole(),
        approval.createdAt().toString(),
        review.dueAt().toString(),
        review.review().map(r -> r.actor().subject()),
        review.review().map(r -> r.createdAt().toString()),
        status,
        approval.index(),
        sources.stream().allMatch(i -> checked.get(i).signatureValid()),
        sources.stream().allMatch(i -> checked.get(i).included()));
  }

  private ReportedChange change(
      List<ReportedDecision> reported, boolean signaturesValid, boolean entriesIncluded) {
    // The article's approver: the latest approval of the period that verifies and still stands
    // (an approval that expired after it was used is still who approved).
    Optional<ReportedDecision> approval =
        reported.reversed().stream()
            .filter(d -> d.approves() && d.signatureValid() && d.included())
            .filter(d -> d.ended().map(x -> x.how().equals("expired")).orElse(true))
            .findFirst();
    ReportedDecision keyed = approval.orElse(reported.getLast());
    Optional<ChangeSubmitted> s = Optional.ofNullable(submitted);
    Optional<Statement> submissionStatement =
        Optional.ofNullable(submission).flatMap(Logged::statement);
    String client =
        s.map(c -> c.client().value())
            .orElseGet(() -> tenantOf(decisions.getFirst()).orElseThrow());
    return new ReportedChange(
        changeId,
        approval.map(ReportedDecision::approver),
        approval.map(ReportedDecision::decidedAt),
        s.flatMap(ChangeSubmitted::module),
        client,
        s.flatMap(ChangeSubmitted::risk).map(Risk::json),
        Optional.ofNullable(currentPlan).map(Digest::hex).orElse(keyed.planHash()),
        reported.stream().allMatch(d -> !d.keyIds().isEmpty()),
        keyed.serviceKeyId(),
        s.flatMap(ChangeSubmitted::title),
        s.flatMap(ChangeSubmitted::environment),
        submissionStatement.map(st -> st.predicate().actor().subject()),
        submissionStatement.map(st -> st.predicate().createdAt().toString()),
        signaturesValid,
        entriesIncluded,
        reported);
  }

  private ReportedDecision decision(Logged e, Map<Long, CheckedEntry> checked, KeyRing ring) {
    Statement s = e.statement().orElseThrow();
    CheckedEntry c = checked.get(e.index());
    String at = s.predicate().createdAt().toString();
    Signers signers = Signers.of(c, ring);
    List<String> keyIds = signers.keyIds();
    boolean approverSigned = signers.approverSigned();
    Optional<String> serviceKey = signers.serviceKey();
    Optional<Ending> ended =
        approvalIdOf(e).map(endingOf::get).map(x -> ending(x, checked.get(x.index())));
    List<String> problems = c.verified() ? List.of() : c.problems();
    String type = s.predicate().eventType().name();
    return switch (s.predicate().data()) {
      case CabApproved a ->
          new ReportedDecision(
              a.approvalId().toString(),
              e.index(),
              type,
              a.approver(),
              a.approverRole(),
              a.status().json(),
              at,
              a.planHash().hex(),
              a.conditions(),
              a.constraints().environments(),
              a.constraints().notBefore().map(Instant::toString),
              a.constraints().notAfter().map(Instant::toString),
              a.expiryDate().map(Instant::toString),
              a.justification(),
              a.supersedes().map(UUID::toString),
              ended,
              approverSigned,
              keyIds,
              serviceKey,
              c.signatureValid(),
              c.included(),
              problems);
      case CabRejected r ->
          new ReportedDecision(
              r.approvalId().toString(),
              e.index(),
              type,
              r.approver(),
              r.approverRole(),
              "denied",
              at,
              r.planHash().hex(),
              List.of(),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(r.justification()),
              r.supersedes().map(UUID::toString),
              ended,
              approverSigned,
              keyIds,
              serviceKey,
              c.signatureValid(),
              c.included(),
              problems);
      case ExceptionApproved a ->
          new ReportedDecision(
              a.approvalId().toString(),
              e.index(),
              type,
              a.approver(),
              a.approverRole(),
              "approved",
              at,
              a.planHash().hex(),
              List.of(),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              a.expiryDate().map(Instant::toString),
              Optional.of(a.justification()),
              Optional.empty(),
              ended,
              approverSigned,
              keyIds,
              serviceKey,
              c.signatureValid(),
              c.included(),
              problems);
      case ExceptionDenied x ->
          new ReportedDecision(
              x.approvalId().toString(),
              e.index(),
              type,
              x.approver(),
              x.approverRole(),
              "denied",
              at,
              x.planHash().hex(),
              List.of(),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(x.justification()),
              Optional.empty(),
              ended,
              approverSigned,
              keyIds,
              serviceKey,
              c.signatureValid(),
              c.included(),
              problems);
      default -> throw new IllegalArgumentException("entry " + e.index() + " is no decision");
    };
  }

  private static Ending ending(Logged e, CheckedEntry c) {
    Statement s = e.statement().orElseThrow();
    String at = s.predicate().createdAt().toString();
    return switch (s.predicate().data()) {
      case ApprovalRevoked r ->
          new Ending(
              "revoked",
              at,
              Optional.of(r.revokedBy()),
              Optional.of(r.revocationReason()),
              e.index(),
              c.verified());
      case ApprovalExpired x ->
          new Ending("expired", at, Optional.empty(), Optional.empty(), e.index(), c.verified());
      default ->
          new Ending(
              "superseded",
              at,
              Optional.of(s.predicate().actor().subject()),
              Optional.empty(),
              e.index(),
              c.verified());
    };
  }

  private ReportedException exception(
      Logged request, List<Logged> decided, Map<Long, CheckedEntry> checked, KeyRing ring) {
    Statement s = request.statement().orElseThrow();
    ExceptionRequested r = (ExceptionRequested) s.predicate().data();
    CheckedEntry c = checked.get(request.index());
    return new ReportedException(
        r.exceptionId().toString(),
        changeId,
        r.client().value(),
        r.exceptionType().json(),
        r.planHash().hex(),
        s.predicate().actor().subject(),
        s.predicate().createdAt().toString(),
        r.justification(),
        r.compensatingControls(),
        request.index(),
        c.signatureValid(),
        c.included(),
        decided.stream().map(d -> decision(d, checked, ring)).toList());
  }

  private EndedApproval ended(Logged e, CheckedEntry c) {
    Statement s = e.statement().orElseThrow();
    String at = s.predicate().createdAt().toString();
    UUID approvalId = approvalIdOf(e).orElseThrow();
    Optional<Statement> approval =
        Optional.ofNullable(decisionsById.get(approvalId)).flatMap(Logged::statement);
    Optional<String> kind =
        approval.map(
            a -> a.predicate().eventType().name().startsWith("CAB_") ? "cab" : "exception");
    Optional<String> approvedAt = approval.map(a -> a.predicate().createdAt().toString());
    String client = s.predicate().data().tenant().orElseThrow().value();
    return switch (s.predicate().data()) {
      case ApprovalRevoked r ->
          new EndedApproval(
              approvalId.toString(),
              changeId,
              client,
              kind,
              approverOf(approvalId),
              approvedAt,
              "revoked",
              at,
              Optional.of(r.revokedBy()),
              Optional.of(r.revocationReason()),
              expiryOf(approval),
              e.index(),
              c.signatureValid(),
              c.included());
      case ApprovalExpired x ->
          new EndedApproval(
              approvalId.toString(),
              changeId,
              client,
              kind,
              approverOf(approvalId),
              approvedAt,
              "expired",
              at,
              Optional.empty(),
              Optional.empty(),
              Optional.of(x.expiryDate().toString()),
              e.index(),
              c.signatureValid(),
              c.included());
      default -> throw new IllegalArgumentException("entry " + e.index() + " ends no approval");
    };
  }

  private static Optional<String> expiryOf(Optional<Statement> approval) {
    return approval.flatMap(
        a ->
            switch (a.predicate().data()) {
              case CabApproved c -> c.expiryDate().map(Instant::toString);
              case ExceptionApproved x -> x.expiryDate().map(Instant::toString);
              default -> Optional.empty();
            });
  }

  private Optional<String> approverOf(UUID approvalId) {
    return Optional.ofNullable(decisionsById.get(approvalId))
        .flatMap(Logged::statement)
        .flatMap(s -> s.predicate().data().statedActor());
  }

  private static Optional<UUID> approvalIdOf(Logged e) {
    return e.statement()
        .flatMap(
            s ->
                switch (s.predicate().data()) {
                  case CabApproved a -> Optional.of(a.approvalId());
                  case CabRejected r -> Optional.of(r.approvalId());
                  case ExceptionApproved a -> Optional.of(a.approvalId());
                  case ExceptionDenied d -> Optional.of(d.approvalId());
                  case ApprovalRevoked r -> Optional.of(r.approvalId());
                  case ApprovalExpired x -> Optional.of(x.approvalId());
                  default -> Optional.empty();
                });
  }

  private static Optional<String> tenantOf(Logged e) {
    return e.statement().flatMap(s -> s.predicate().data().tenant()).map(c -> c.value());
  }

  /**
   * Who signed an entry, in one pass over its signatures.
   *
   * @param keyIds every signature's key id, in order
   * @param approverSigned whether an approver's key signed it
   * @param serviceKey the first service key that signed it
   */
  private record Signers(List<String> keyIds, boolean approverSigned, Optional<String> serviceKey) {
    static Signers of(CheckedEntry c, KeyRing ring) {
      if (c.envelope().isEmpty()) {
        return new Signers(List.of(), false, Optional.empty());
      }
      List<EnvelopeSignature> signatures = c.envelope().get().signatures();
      List<String> keyIds = new ArrayList<>(signatures.size());
      boolean approverSigned = false;
      Optional<String> serviceKey = Optional.empty();
      for (EnvelopeSignature signature : signatures) {
        keyIds.add(signature.keyId().value());
        Optional<String> purpose = ring.find(signature.keyId()).map(RegisteredKey::purpose);
        if (purpose.isPresent()) {
          approverSigned |= purpose.get().equals("approver");
          if (serviceKey.isEmpty() && purpose.get().equals("service")) {
            serviceKey = Optional.of(signature.keyId().value());
          }
        }
      }
      return new Signers(List.copyOf(keyIds), approverSigned, serviceKey);
    }
  }
}
