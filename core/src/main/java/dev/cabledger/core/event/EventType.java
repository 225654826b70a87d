package dev.cabledger.core.event;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;

/**
 * The event catalog (docs/formats.md §2, "Event catalog"): every {@code event_type} a statement may
 * carry. Names come from the Approval Audit Schema v1.0 where it has them.
 */
public enum EventType {
  CHANGE_SUBMITTED,
  CHANGE_REPLANNED,
  CHANGE_APPLIED,
  EVIDENCE_SEALED,
  CAB_APPROVED,
  CAB_REJECTED,
  EXCEPTION_REQUESTED,
  EXCEPTION_APPROVED,
  EXCEPTION_DENIED,
  APPROVAL_REVOKED,
  APPROVAL_EXPIRED,
  GATE_EVALUATED,
  POLICY_OVERRIDDEN,
  FREEZE_DECLARED,
  CHANGE_TEMPLATE_DEFINED,
  CHANGE_TEMPLATE_APPROVED,
  CHANGE_TEMPLATE_MATCHED,
  EMERGENCY_APPROVED,
  KEY_ENROLMENT_REQUESTED,
  KEY_ENROLMENT_REJECTED,
  KEY_REGISTERED,
  KEY_RETIRED,
  KEY_COMPROMISED,
  REPORT_GENERATED,
  /** The one generic type: a pipeline's annotation, free-form but bounded snake_case data. */
  PIPELINE_NOTE;

  /**
   * The type named {@code name}.
   *
   * @throws VerificationException ({@link Failure#FORMAT}) if the catalog has no such type
   */
  public static EventType of(String name) {
    for (EventType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new VerificationException(
        Failure.FORMAT,
        "event_type \"" + name + "\" is not in the event catalog (docs/formats.md §2)");
  }

  /** Whether this is a key lifecycle event (the subject is the key, not a change). */
  public boolean isKeyEvent() {
    return name().startsWith("KEY_");
  }
}
