package dev.cabledger.server.console;

import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.ChangeStatus;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.workflow.ChangeRecords;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /console/changes/{id}}: one change as its signed entries state it (plan hash, risk and
 * factors, rollback plan, evidence, decisions so far, what the policy still needs, the timeline of
 * entries), and the decide form for those who may decide it. Another tenant's change is the same
 * 404 page as a missing one.
 *
 * <p>The page says whether the policy asks the approver's own signature for this change's risk and
 * lists the caller's active approver keys; its module ({@code decide.js}) signs in the browser when
 * the browser holds one of them, and otherwise keeps the service-signed form where the policy
 * allows it, or shows the {@code cab-ledger approve} command where it does not.
 */
@Controller
final class ChangePage {
  /** Gate answers shown in the timeline: the latest, since a pipeline may poll the gate. */
  static final int GATE_ANSWERS_SHOWN = 20;

  private final ChangeRecords records;
  private final KeyRegistry registry;

  ChangePage(ChangeRecords records, KeyRegistry registry) {
    this.records = records;
    this.registry = registry;
  }

  @GetMapping("/console/changes/{id}")
  String change(@PathVariable String id, @AuthenticationPrincipal Caller caller, Model model) {
    ChangeHistory history = records.visible(id, caller);
    Instant now = Instant.now();
    ChangeAssessment assessed = records.assess(history, now);
    boolean decider =
        caller.roles().contains(Role.CAB_APPROVER)
            || caller.roles().contains(Role.SECURITY_REVIEWER);
    boolean mayDecide =
        decider
            && !caller.subject().equals(assessed.history().requester().subject())
            && assessed.status() != ChangeStatus.APPLIED;
    model.addAttribute("me", caller);
    model.addAttribute(
        "change", Views.ChangeDetails.of(assessed, records.gateAnswers(id, GATE_ANSWERS_SHOWN)));
    model.addAttribute("mayDecide", mayDecide);
    model.addAttribute(
        "requestedByYou", caller.subject().equals(assessed.history().requester().subject()));
    model.addAttribute(
        "signatureRequired",
        records.policyFor(history.client()).requiresApproverSignature(history.submitted().risk()));
    if (mayDecide) {
      model.addAttribute("activeKeys", String.join(" ", activeKeys(caller, now)));
      model.addAttribute(
          "serverUrl", ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
    }
    // The form's Idempotency-Key: a form sent twice (a double click, a reload) records once.
    model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
    return "console/change";
  }

  /**
   * The caller's approver keys that may sign now, as the registry states them from their signed
   * entries: the module signs only with a key among these, so that a key the browser still holds
   * after its retirement is not offered.
   */
  private List<String> activeKeys(Caller caller, Instant now) {
    return registry.all().stream()
        .filter(k -> k.owner().equals(caller.subject()) && k.purpose().equals("approver"))
        .filter(k -> k.status() == KeyStatus.ACTIVE && k.validAt(now))
        .map(k -> k.keyId().value())
        .toList();
  }
}
