package dev.cabledger.server.console;

import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeStatus;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.workflow.ChangeRecords;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code GET /console/changes/{id}}: one change as its signed entries state it (plan hash, risk and
 * factors, rollback plan, evidence, decisions so far, what the policy still needs, the timeline of
 * entries), and the decide form for those who may decide it. Another tenant's change is the same
 * 404 page as a missing one.
 */
@Controller
final class ChangePage {
  /** Gate answers shown in the timeline: the latest, since a pipeline may poll the gate. */
  static final int GATE_ANSWERS_SHOWN = 20;

  private final ChangeRecords records;

  ChangePage(ChangeRecords records) {
    this.records = records;
  }

  @GetMapping("/console/changes/{id}")
  String change(@PathVariable String id, @AuthenticationPrincipal Caller caller, Model model) {
    ChangeAssessment assessed = records.assess(records.visible(id, caller), Instant.now());
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
    // The form's Idempotency-Key: a form sent twice (a double click, a reload) records once.
    model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
    return "console/change";
  }
}
