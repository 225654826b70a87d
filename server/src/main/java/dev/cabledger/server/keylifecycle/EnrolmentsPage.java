package dev.cabledger.server.keylifecycle;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.FormFailure;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/admin/enrolments}: the enrolments waiting for a platform admin, the approve
 * button of each and the reject form with its required reason; rejected ones with their reason.
 * Both take the API's path ({@link EnrolmentApproval}); if one fails the page says plainly that
 * nothing was recorded.
 */
@Controller
final class EnrolmentsPage {
  private static final Logger log = LoggerFactory.getLogger(EnrolmentsPage.class);

  private final Enrolments enrolments;
  private final EnrolmentApproval approval;

  EnrolmentsPage(Enrolments enrolments, EnrolmentApproval approval) {
    this.enrolments = enrolments;
    this.approval = approval;
  }

  @GetMapping("/console/admin/enrolments")
  String page(@AuthenticationPrincipal Caller caller, Model model) {
    return render(caller, model);
  }

  @PostMapping("/console/admin/enrolments/{id}/approve")
  String approve(
      @PathVariable String id,
      @RequestParam(required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller,
      HttpServletResponse response,
      RedirectAttributes redirect,
      Model model) {
    try {
      EnrolmentApproval.Approved approved =
          approval.approve(
              id, null, Optional.ofNullable(idempotencyKey).filter(k -> !k.isBlank()), caller);
      redirect.addFlashAttribute(
          "approved",
          "Key "
              + approved.enrolment().keyId()
              + " of "
              + approved.enrolment().owner()
              + " is registered as log entry "
              + approved.recorded().receipt().index()
              + ".");
      return "redirect:/console/admin/enrolments";
    } catch (RuntimeException e) {
      FormFailure failure = FormFailure.of(e);
      if (failure.serviceFault()) {
        log.warn("console approval of enrolment {} by {} failed", id, caller.subject(), e);
      }
      response.setStatus(failure.status());
      model.addAttribute("problem", failure.words("the key", "registered", "approving"));
      return render(caller, model);
    }
  }

  @PostMapping("/console/admin/enrolments/{id}/reject")
  String reject(
      @PathVariable String id,
      @RequestParam(required = false) @Nullable String reason,
      @RequestParam(required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller,
      HttpServletResponse response,
      RedirectAttributes redirect,
      Model model) {
    try {
      EnrolmentApproval.Decided rejected =
          approval.reject(
              id,
              new EnrolmentController.RejectionIntake(reason),
              Optional.ofNullable(idempotencyKey).filter(k -> !k.isBlank()),
              caller);
      redirect.addFlashAttribute(
          "approved",
          "The enrolment of key "
              + rejected.enrolment().keyId()
              + " of "
              + rejected.enrolment().owner()
              + " is rejected as log entry "
              + rejected.recorded().receipt().index()
              + ".");
      return "redirect:/console/admin/enrolments";
    } catch (RuntimeException e) {
      FormFailure failure = FormFailure.of(e);
      if (failure.serviceFault()) {
        log.warn("console rejection of enrolment {} by {} failed", id, caller.subject(), e);
      }
      response.setStatus(failure.status());
      model.addAttribute("problem", failure.words("the enrolment", "rejected", "rejecting"));
      return render(caller, model);
    }
  }

  private String render(Caller caller, Model model) {
    model.addAttribute("me", caller);
    model.addAttribute("enrolments", enrolments.all());
    // Each form's Idempotency-Key is this and the enrolment's id: a form sent twice records once.
    model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
    return "console/enrolments";
  }
}
