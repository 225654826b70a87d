package dev.cabledger.server.console;

import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.workflow.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * The console's errors as pages, not problem documents: a change that is missing or outside the
 * reviewer's scope is a 404 page (the same either way), bad filter input a 400 page.
 */
// Before the API's problem handler, which would answer these as problem documents.
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
final class ConsoleErrors {
  @ExceptionHandler
  String notVisible(NotVisibleException e, HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    model.addAttribute("title", "Not found");
    model.addAttribute("message", e.getMessage() + ", or not within your client scope.");
    return "console/error";
  }

  @ExceptionHandler
  String invalid(InvalidInputException e, HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    model.addAttribute("title", "Invalid request");
    model.addAttribute("message", e.getMessage());
    return "console/error";
  }
}
