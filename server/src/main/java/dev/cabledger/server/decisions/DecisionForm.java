package dev.cabledger.server.decisions;

import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.Recorded;
import dev.cabledger.server.workflow.ChangeRecords;
import dev.cabledger.server.workflow.FormFailure;
import dev.cabledger.server.workflow.InvalidInputException;
import dev.cabledger.server.workflow.WorkflowProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code POST /console/changes/{id}/decisions}: the web console's decide form. The decision takes
 * the API's path exactly ({@link DecisionIntake}'s checks, {@link Decisions#decide}, the form's
 * Idempotency-Key), signed by the service. If anything fails, the page says plainly that the
 * decision was NOT recorded and the change NOT approved; the one exception is an append whose
 * outcome is unknown, which is never called "not recorded".
 */
@Controller
final class DecisionForm {
  private static final Logger log = LoggerFactory.getLogger(DecisionForm.class);

  private final ChangeRecords records;
  private final Decisions decisions;
  private final WorkflowProperties properties;

  DecisionForm(ChangeRecords records, Decisions decisions, WorkflowProperties properties) {
    this.records = records;
    this.decisions = decisions;
    this.properties = properties;
  }

  @PostMapping("/console/changes/{id}/decisions")
  String decide(
      @PathVariable String id,
      @RequestParam(required = false) @Nullable String decision,
      @RequestParam(required = false) @Nullable String justification,
      @RequestParam(required = false) @Nullable String conditions,
      @RequestParam(required = false) @Nullable String expiresAt,
      @RequestParam(required = false) @Nullable String zone,
      @RequestParam(required = false) @Nullable String planHash,
      @RequestParam(required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller,
      HttpServletResponse response,
      RedirectAttributes redirect,
      Model model) {
    model.addAttribute("me", caller);
    model.addAttribute("changeId", id);
    try {
      ChangeHistory history = records.visible(id, caller);
      DecisionIntake intake =
          new DecisionIntake(
              decision,
              blankToNull(justification),
              conditionLines(conditions),
              expiry(expiresAt, zone),
              null,
              null,
              null,
              null,
              null,
              blankToNull(planHash));
      Decision checked =
          intake.decision(
              Instant.now(), properties.approvalValidity(), properties.maxApprovalValidity());
      Recorded recorded =
          decisions.decide(
              history,
              checked,
              caller,
              Optional.ofNullable(blankToNull(idempotencyKey)),
              new DecisionController.DecisionRequest(id, intake));
      redirect.addFlashAttribute(
          "recorded",
          "Your decision ("
              + checked.verdict().json()
              + ") is recorded as log entry "
              + recorded.receipt().index()
              + ", signed by the service.");
      return "redirect:/console/changes/" + id;
    } catch (RuntimeException e) {
      FormFailure failure = FormFailure.of(e);
      if (failure.serviceFault()) {
        log.warn("console decision on {} by {} failed", id, caller.subject(), e);
      }
      response.setStatus(failure.status());
      model.addAttribute("unknown", failure.outcomeUnknown());
      model.addAttribute("reason", failure.reason());
      return "console/not-recorded";
    }
  }

  /** One condition per line of the text area. */
  private static @Nullable List<String> conditionLines(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The expiry as RFC 3339: the form's local date and time in the browser's zone (set by the page's
   * module; UTC without it, as the form says).
   */
  private static @Nullable String expiry(@Nullable String local, @Nullable String zone) {
    if (local == null || local.isBlank()) {
      return null;
    }
    try {
      ZoneId zoneId = zone == null || zone.isBlank() ? ZoneOffset.UTC : ZoneId.of(zone.strip());
      return LocalDateTime.parse(local.strip()).atZone(zoneId).toInstant().toString();
    } catch (DateTimeException e) {
      throw new InvalidInputException(
          "expiresAt \"" + local + "\" is not a date and time (zone \"" + zone + "\")");
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
