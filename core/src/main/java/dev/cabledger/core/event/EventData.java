package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one event records: the typed {@code event_data} of a statement (docs/formats.md §2). The
 * only way events are written ({@link #toJson()}) and read ({@link #parse}).
 */
public sealed interface EventData
    permits EventData.OfClient, EventData.OfKey, FreezeDeclared, ReportGenerated {

  /** The event's type. */
  EventType type();

  /** The {@code event_data} JSON, in the one form {@link #parse} reads back. */
  ObjectNode toJson();

  /**
   * The client (tenant) the event belongs to; empty for the system's key and report events, and for
   * a freeze, which names its clients ({@link FreezeDeclared#clients()}).
   */
  default Optional<ClientId> tenant() {
    return Optional.empty();
  }

  /** The plan hash the event states; it must equal the statement's subject digest. */
  default Optional<Digest> statedPlanHash() {
    return Optional.empty();
  }

  /**
   * The principal the event says acted ({@code approver}, {@code revoked_by}); it must be the
   * statement's authenticated actor.
   */
  default Optional<String> statedActor() {
    return Optional.empty();
  }

  /** An event that belongs to a client. */
  sealed interface OfClient extends EventData
      permits OfChange, ChangeTemplateDefined, ChangeTemplateApproved {
    ClientId client();

    @Override
    default Optional<ClientId> tenant() {
      return Optional.of(client());
    }
  }

  /** An event about one plan of a change: the statement's subject digest is its plan hash. */
  sealed interface OfChange extends OfClient
      permits ChangeSubmitted,
          ChangeReplanned,
          ChangeApplied,
          EvidenceSealed,
          CabApproved,
          CabRejected,
          ExceptionRequested,
          ExceptionApproved,
          ExceptionDenied,
          ApprovalRevoked,
          ApprovalExpired,
          GateEvaluated,
          PolicyOverridden,
          ChangeTemplateMatched,
          EmergencyApproved,
          PipelineNote {
    Digest planHash();

    @Override
    default Optional<Digest> statedPlanHash() {
      return Optional.of(planHash());
    }
  }

  /** A key lifecycle event: the statement's subject is the key (name = key id). */
  sealed interface OfKey extends EventData
      permits KeyEnrolmentRequested,
          KeyEnrolmentRejected,
          KeyRegistered,
          KeyRetired,
          KeyCompromised {
    KeyId keyId();
  }

  /**
   * Parses {@code event_data} as the given type.
   *
   * @throws VerificationException ({@link Failure#FORMAT}) naming the member that is wrong,
   *     missing, unknown, not snake_case or beyond {@link EventLimits}
   */
  static EventData parse(EventType type, JsonNode data) {
    EventDataReader r = new EventDataReader(data, "event_data");
    EventData event;
    try {
      event =
          switch (type) {
            case CHANGE_SUBMITTED -> ChangeSubmitted.read(r);
            case CHANGE_REPLANNED -> ChangeReplanned.read(r);
            case CHANGE_APPLIED -> ChangeApplied.read(r);
            case EVIDENCE_SEALED -> EvidenceSealed.read(r);
            case CAB_APPROVED -> CabApproved.read(r);
            case CAB_REJECTED -> CabRejected.read(r);
            case EXCEPTION_REQUESTED -> ExceptionRequested.read(r);
            case EXCEPTION_APPROVED -> ExceptionApproved.read(r);
            case EXCEPTION_DENIED -> ExceptionDenied.read(r);
            case APPROVAL_REVOKED -> ApprovalRevoked.read(r);
            case APPROVAL_EXPIRED -> ApprovalExpired.read(r);
            case GATE_EVALUATED -> GateEvaluated.read(r);
            case POLICY_OVERRIDDEN -> PolicyOverridden.read(r);
            case FREEZE_DECLARED -> FreezeDeclared.read(r);
            case CHANGE_TEMPLATE_DEFINED -> ChangeTemplateDefined.read(r);
            case CHANGE_TEMPLATE_APPROVED -> ChangeTemplateApproved.read(r);
            case CHANGE_TEMPLATE_MATCHED -> ChangeTemplateMatched.read(r);
            case EMERGENCY_APPROVED -> EmergencyApproved.read(r);
            case KEY_ENROLMENT_REQUESTED -> KeyEnrolmentRequested.read(r);
            case KEY_ENROLMENT_REJECTED -> KeyEnrolmentRejected.read(r);
            case KEY_REGISTERED -> KeyRegistered.read(r);
            case KEY_RETIRED -> KeyRetired.read(r);
            case KEY_COMPROMISED -> KeyCompromised.read(r);
            case REPORT_GENERATED -> ReportGenerated.read(r);
            case PIPELINE_NOTE -> PipelineNote.read(r);
          };
    } catch (IllegalArgumentException e) {
      throw new VerificationException(
          Failure.FORMAT, "event_data of " + type + ": " + e.getMessage(), e);
    }
    r.end();
    return event;
  }

  /**
   * Checks that an event built in code is one {@link #parse} accepts and reads back unchanged, so
   * that whatever the service signs its verifier accepts.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static void requireParsable(EventData event) {
    EventData back;
    try {
      back = parse(event.type(), event.toJson());
    } catch (VerificationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (!back.equals(event)) {
      throw new IllegalArgumentException(
          event.type() + " does not read back as written: " + event + " became " + back);
    }
  }
}
