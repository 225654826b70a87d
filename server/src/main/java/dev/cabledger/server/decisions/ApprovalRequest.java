package dev.cabledger.server.decisions;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.StateConflictException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The body of the source article's {@code POST /api/cab/approve}, with its members: the article's
 * client sends what it believes it approves, and each must match the stored change.
 *
 * @param changeRequestId the change request id
 * @param approvedBy who approves: must be the authenticated caller (the article took it on trust)
 * @param module the change's Terraform module
 * @param client the change's client
 * @param riskLevel the change's risk level
 * @param planHash SHA-256 of the plan file approved
 */
record ApprovalRequest(
    @Nullable String changeRequestId,
    @Nullable String approvedBy,
    @Nullable String module,
    @Nullable String client,
    @Nullable String riskLevel,
    @Nullable String planHash) {

  /** The change id, as given. */
  String changeId() {
    return Members.required(changeRequestId, "changeRequestId", "the change request to approve");
  }

  /**
   * Checks what the body says on its own, and who it says approves.
   *
   * @throws InvalidInputException if a member is missing or malformed, or approvedBy is not the
   *     caller
   */
  void check(Caller caller) {
    changeId();
    String by = Members.required(approvedBy, "approvedBy", "who approves: you");
    if (!by.equals(caller.subject())) {
      throw new InvalidInputException(
          "approvedBy is \""
              + by
              + "\" but you are authenticated as \""
              + caller.subject()
              + "\": the approver is whoever signs in");
    }
    Members.required(client, "client", "the change's client");
    Members.required(planHash, "planHash", "the SHA-256 of the plan file you approve");
    Members.planHash(planHash, "planHash");
    String level = Members.required(riskLevel, "riskLevel", "low, medium, high or critical");
    risk(level);
    if (module != null && module.isBlank()) {
      throw new InvalidInputException("module is blank: leave it out or name the module");
    }
  }

  /**
   * Checks that the body describes the stored change.
   *
   * @throws StateConflictException naming the first member that differs
   */
  void requireMatches(ChangeHistory history) {
    Digest plan = Members.planHash(planHash, "planHash").orElseThrow();
    if (!plan.equals(history.planHash())) {
      throw new StateConflictException(
          "planHash "
              + plan.hex()
              + " is not the plan of change "
              + history.changeId()
              + ", which is "
              + history.planHash().hex());
    }
    ClientId stored = history.client();
    if (!stored.value().equals(client)) {
      throw new StateConflictException(
          "client \"" + client + "\" is not the client of change " + history.changeId());
    }
    Optional<Risk> storedRisk = history.submitted().risk();
    Risk asked = risk(riskLevel == null ? "" : riskLevel);
    if (!storedRisk.equals(Optional.of(asked))) {
      throw new StateConflictException(
          "riskLevel "
              + asked.json()
              + " is not the risk of change "
              + history.changeId()
              + ", which is "
              + storedRisk.map(Risk::json).orElse("not assessed"));
    }
    Optional<String> storedModule = history.submitted().module();
    if (module != null && !storedModule.equals(Optional.of(module))) {
      throw new StateConflictException(
          "module \""
              + module
              + "\" is not the module of change "
              + history.changeId()
              + ", which is "
              + storedModule.map(m -> "\"" + m + "\"").orElse("not named"));
    }
  }

  private static Risk risk(String level) {
    for (Risk r : Risk.values()) {
      if (r.json().equals(level)) {
        return r;
      }
    }
    throw new InvalidInputException(
        "riskLevel must be one of low, medium, high, critical, not \"" + level + "\"");
  }
}
