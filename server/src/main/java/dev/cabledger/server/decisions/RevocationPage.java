package dev.cabledger.server.decisions;

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
 * {@code /console/admin/revocations}: the approvals that count now, of the clients in scope (one
 * change's, if asked), each with a form a platform admin revokes it with, giving a reason. The
 * revocation takes the API's path ({@link Revocations}); if it fails the page says plainly that
 * nothing was revoked.
 */
@Controller
final class RevocationPage {
  private static final Logger log = LoggerFactory.getLogger(RevocationPage.class);

  private final ApprovalSearch search;
  private final Revocations revocations;

  RevocationPage(ApprovalSearch search, Revocations revocations) {
    this.search = search;
    this.revocations = revocations;
  }

  @GetMapping("/console/admin/revocations")
  String page(
      @RequestParam(required = false) @Nullable String change,
      @AuthenticationPrincipal Caller caller,
      Model model) {
    return render(change, caller, model);
  }

  @PostMapping("/console/admin/approvals/{id}/revoke")
  String revoke(
      @PathVariable String id,
      @RequestParam(required = false) @Nullable String reason,
      @RequestParam(required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller,
      HttpServletResponse response,
      RedirectAttributes redirect,
      Model model) {
    try {
      Revocations.Revoked revoked =
          revocations.revoke(
              id,
              new RevocationController.RevocationIntake(
                  reason == null || reason.isBlank() ? null : reason.strip()),
              Optional.ofNullable(idempotencyKey).filter(k -> !k.isBlank()),
              caller);
      redirect.addFlashAttribute(
          "revoked",
          "Approval "
              + revoked.answer().approvalId()
              + " of change "
              + revoked.changeId()
              + " is revoked as log entry "
              + revoked.answer().receipt().index()
              + "; the change is now "
              + revoked.answer().change().status()
              + ".");
      return "redirect:/console/admin/revocations";
    } catch (RuntimeException e) {
      FormFailure failure = FormFailure.of(e);
      if (failure.serviceFault()) {
        log.warn("console revocation of {} by {} failed", id, caller.subject(), e);
      }
      response.setStatus(failure.status());
      model.addAttribute("problem", failure.words("the approval", "revoked", "revoking"));
      return render(null, caller, model);
    }
  }

  private String render(@Nullable String change, Caller caller, Model model) {
    String changeId = change == null || change.isBlank() ? null : change.strip();
    model.addAttribute("me", caller);
    model.addAttribute("change", changeId == null ? "" : changeId);
    model.addAttribute("approvals", search.search(changeId, "valid", null, null, null, 0, caller));
    model.addAttribute("pageSize", ApprovalSearch.PAGE_SIZE);
    // Each form's Idempotency-Key is this and the approval's id: a form sent twice records once.
    model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
    return "console/revocations";
  }
}
