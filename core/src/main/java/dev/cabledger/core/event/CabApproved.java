package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CAB member approved a change, possibly with conditions (Approval Audit Schema v1.0, "CAB
 * Approval Record" and "Conditional Approval Record").
 *
 * @param approvalId the approval's id
 * @param client the tenant
 * @param planHash SHA-256 of the approved plan file
 * @param module the Terraform module or stack, if named
 * @param approver the authenticated approver; must be the statement's actor
 * @param approverRole the role the approver acted in, e.g. {@code CAB_APPROVER}
 * @param status {@code approved}, or {@code conditional} with at least one condition
 * @param conditions the conditions of a conditional approval
 * @param justification why, if given
 * @param expiryDate when the approval stops counting, if it does
 * @param evidencePackId the evidence pack it rests on, if any
 * @param evidenceHash SHA-256 of that sealed evidence, if any
 * @param riskScore the risk score (0 to 100), if assessed
 * @param constraints what the gate enforces of the conditions
 * @param supersedes the decision of this approver that this one replaces (a condition update or a
 *     change of mind), if any
 */
public record CabApproved(
    UUID approvalId,
    ClientId client,
    Digest planHash,
    Optional<String> module,
    String approver,
    String approverRole,
    ApprovalStatus status,
    List<String> conditions,
    Optional<String> justification,
    Optional<Instant> expiryDate,
    Optional<UUID> evidencePackId,
    Optional<Digest> evidenceHash,
    Optional<Long> riskScore,
    ApprovalConstraints constraints,
    Optional<UUID> supersedes)
    implements EventData.OfChange {
  public CabApproved {
    conditions = List.copyOf(conditions);
    if ((status == ApprovalStatus.CONDITIONAL) == conditions.isEmpty()) {
      throw new IllegalArgumentException(
          "a conditional approval has conditions and an approval without conditions is approved");
    }
    if (status == ApprovalStatus.APPROVED && !constraints.equals(ApprovalConstraints.NONE)) {
      throw new IllegalArgumentException(
          "constraints (environments, not_before, not_after) make an approval conditional");
    }
  }

  @Override
  public Optional<String> statedActor() {
    return Optional.of(approver);
  }

  @Override
  public EventType type() {
    return EventType.CAB_APPROVED;
  }

  @Override
  public ObjectNode toJson() {
    EventDataWriter w =
        new EventDataWriter()
            .uuid("approval_id", approvalId)
            .client(client)
            .sha256("plan_hash", planHash)
            .text("module", module)
            .text("approver", approver)
            .text("approver_role", approverRole)
            .word("status", status)
            .texts("conditions", conditions)
            .text("justification", justification)
            .instant("expiry_date", expiryDate)
            .uuid("evidence_pack_id", evidencePackId)
            .sha256("evidence_hash", evidenceHash)
            .integer("risk_score", riskScore)
            .uuid("supersedes", supersedes);
    constraints.write(w);
    return w.node();
  }

  static CabApproved read(EventDataReader r) {
    return new CabApproved(
        r.uuid("approval_id"),
        r.client(),
        r.sha256("plan_hash"),
        r.optionalName("module"),
        r.name("approver"),
        r.name("approver_role"),
        r.word("status", ApprovalStatus.class),
        r.texts("conditions"),
        r.optionalText("justification"),
        r.optionalInstant("expiry_date"),
        r.optionalUuid("evidence_pack_id"),
        r.optionalSha256("evidence_hash"),
        r.optionalInteger("risk_score", 0, 100),
        ApprovalConstraints.read(r),
        r.optionalUuid("supersedes"));
  }
}
