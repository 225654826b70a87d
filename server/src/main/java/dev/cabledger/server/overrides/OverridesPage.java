package dev.cabledger.server.overrides;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /console/overrides}: every override of the gate of the clients in scope, newest first,
 * as {@code GET /api/overrides} lists them ({@link OverrideList}), for auditors and admins.
 */
@Controller
final class OverridesPage {
  private final OverrideList overrides;

  OverridesPage(OverrideList overrides) {
    this.overrides = overrides;
  }

  @GetMapping("/console/overrides")
  String page(
      @RequestParam(defaultValue = "0") String page,
      @AuthenticationPrincipal Caller caller,
      HttpServletResponse response,
      Model model) {
    model.addAttribute("me", caller);
    int number;
    try {
      number = Integer.parseInt(page);
    } catch (NumberFormatException e) {
      number = -1;
    }
    List<OverrideController.OverrideView> listed;
    try {
      listed = overrides.page(null, null, number, caller);
    } catch (InvalidInputException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("title", "Invalid request");
      model.addAttribute("message", e.getMessage());
      return "console/error";
    }
    model.addAttribute("overrides", listed);
    model.addAttribute("page", number);
    model.addAttribute("hasNext", listed.size() == OverrideList.PAGE_SIZE);
    return "console/overrides";
  }
}
