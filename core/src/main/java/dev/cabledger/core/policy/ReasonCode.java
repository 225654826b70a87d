package dev.cabledger.core.policy;

/** Why a change may not be applied (yet): the codes of the gate's reasons. */
public enum ReasonCode {
  MISSING_QUORUM("missing-quorum"),
  EXPIRED("expired"),
  REVOKED("revoked"),
  PLAN_HASH_DIFFERS("plan-hash-differs"),
  ENVIRONMENT_NOT_ALLOWED("environment-not-allowed"),
  OUTSIDE_WINDOW("outside-window"),
  EXCEPTION_MISSING("exception-missing"),
  DENIED("denied"),
  SIGNATURE_INVALID("signature-invalid"),
  NOT_IN_LOG("not-in-log"),
  FREEZE("freeze"),
  TARGET_CHANGED("target-changed"),
  TEMPLATE_NOT_APPROVED("template-not-approved"),
  /** Quorum is short of approvals that the policy asks to be signed by the approver's own key. */
  APPROVER_SIGNATURE_MISSING("approver-signature-missing");

  private final String code;

  ReasonCode(String code) {
    this.code = code;
  }

  /** The code as the API and the log write it. */
  public String code() {
    return code;
  }
}
