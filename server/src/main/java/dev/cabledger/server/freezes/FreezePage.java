package dev.cabledger.server.freezes;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.events.IdempotencyKey;
import dev.cabledger.server.workflow.FormFailure;
import dev.cabledger.server.workflow.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /console/admin/freezes}: the web console's freezes page, the freezes of the clients in
 * scope and the form a platform admin declares one with. It lives in this feature, as the decide
 * form lives in {@code decisions}, because the console does not use another feature's write path;
 * the declaration takes {@link Freezes#declare}, the API's path. If it fails the page says plainly
 * that nothing was declared.
 */
@Controller
final class FreezePage {
  private static final Logger log = LoggerFactory.getLogger(FreezePage.class);

  private final Freezes freezes;

  FreezePage(Freezes freezes) {
    this.freezes = freezes;
  }

  @GetMapping("/console/admin/freezes")
  String page(@AuthenticationPrincipal Caller caller, Model model) {
    return render(caller, model);
  }

  @PostMapping("/console/admin/freezes")
  String declare(
      @RequestParam(required = false) @Nullable String clients,
      @RequestParam(required = false) @Nullable String environments,
      @RequestParam(required = false) @Nullable String kind,
      @RequestParam(required = false) @Nullable String start,
      @RequestParam(required = false) @Nullable String end,
      @RequestParam(required = false) @Nullable String zone,
      @RequestParam(required = false) @Nullable String cron,
      @RequestParam(required = false) @Nullable String duration,
      @RequestParam(required = false) @Nullable String timeZone,
      @RequestParam(required = false) @Nullable String reason,
      @RequestParam(required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller,
      HttpServletResponse response,
      RedirectAttributes redirect,
      Model model) {
    try {
      boolean recurring = "recurring".equals(kind);
      FreezeIntake intake =
          new FreezeIntake(
              names(clients),
              names(environments),
              recurring ? null : instant(start, zone, "start"),
              recurring ? null : instant(end, zone, "end"),
              recurring ? blankToNull(cron) : null,
              recurring ? blankToNull(duration) : null,
              recurring ? blankToNull(timeZone) : null,
              blankToNull(reason));
      Freezes.Declaration declared =
          freezes.declare(
              intake,
              caller,
              Optional.ofNullable(blankToNull(idempotencyKey)).map(IdempotencyKey::ofHeader));
      redirect.addFlashAttribute(
          "declared",
          "Freeze "
              + declared.view().freezeId()
              + " is declared as log entry "
              + declared.view().entryIndex()
              + ", signed by the service.");
      return "redirect:/console/admin/freezes";
    } catch (RuntimeException e) {
      FormFailure failure = FormFailure.of(e);
      if (failure.serviceFault()) {
        log.warn("console freeze by {} failed", caller.subject(), e);
      }
      response.setStatus(failure.status());
      model.addAttribute("problem", failure.words("the freeze", "declared", "declaring"));
      return render(caller, model);
    }
  }

  private String render(Caller caller, Model model) {
    model.addAttribute("me", caller);
    model.addAttribute(
        "freezes", freezes.list(Optional.empty(), Optional.empty(), Optional.empty(), caller));
    // The form's Idempotency-Key: a form sent twice (a double click, a reload) declares once.
    model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
    return "console/freezes";
  }

  /** Names separated by commas or lines; none is null, which the intake reports by name. */
  private static @Nullable List<String> names(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return Arrays.stream(text.split("[,\\n\\r]+"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** The form's local date and time in the browser's zone (UTC without scripts), as RFC 3339. */
  private static @Nullable String instant(
      @Nullable String local, @Nullable String zone, String name) {
    if (local == null || local.isBlank()) {
      return null;
    }
    try {
      ZoneId zoneId = zone == null || zone.isBlank() ? ZoneOffset.UTC : ZoneId.of(zone.strip());
      return LocalDateTime.parse(local.strip()).atZone(zoneId).toInstant().toString();
    } catch (DateTimeException e) {
      throw new InvalidInputException(
          name + " \"" + local + "\" is not a date and time (zone \"" + zone + "\")");
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
