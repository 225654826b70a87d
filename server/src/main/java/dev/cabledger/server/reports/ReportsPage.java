package dev.cabledger.server.reports;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.workflow.InvalidInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /console/reports}: the web console's reports page. The form takes the filters of {@code
 * GET /api/cab/report}; making a report logs it (REPORT_GENERATED), so the form is a POST with its
 * CSRF token, and the browser then lands on the report's own page with its download and its
 * signature ({@code .sig.json}). The report is made and fetched by {@link Reports}, the API's path.
 */
@Controller
final class ReportsPage {
  private static final Logger log = LoggerFactory.getLogger(ReportsPage.class);
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Reports reports;

  ReportsPage(Reports reports) {
    this.reports = reports;
  }

  @GetMapping("/console/reports")
  String form(@AuthenticationPrincipal Caller caller, Model model) {
    model.addAttribute("me", caller);
    return "console/reports";
  }

  @PostMapping("/console/reports")
  String generate(
      @RequestParam(required = false) @Nullable String client,
      @RequestParam(required = false) @Nullable String days,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String riskLevel,
      @RequestParam(required = false) @Nullable String approver,
      @RequestParam(required = false) @Nullable String format,
      @AuthenticationPrincipal Caller caller,
      HttpServletResponse response,
      Model model) {
    model.addAttribute("me", caller);
    try {
      ReportQuery query =
          ReportQuery.of(
              given(client),
              given(days),
              given(from),
              given(to),
              given(riskLevel),
              given(approver),
              given(format),
              ReportScope.of(caller),
              Instant.now());
      GeneratedReport report = reports.generate(query, caller.actor(), ReportProgress.NONE);
      return "redirect:/console/reports/" + report.reportId();
    } catch (InvalidInputException | NotVisibleException e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("problem", "No report was made: " + e.getMessage());
      return "console/reports";
    } catch (RuntimeException e) {
      log.warn("console report by {} failed", caller.subject(), e);
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      model.addAttribute(
          "problem",
          "No report was made: the service could not make, sign or record it ("
              + e.getMessage()
              + ").");
      return "console/reports";
    }
  }

  @GetMapping("/console/reports/{id}")
  String report(
      @PathVariable String id,
      @AuthenticationPrincipal Caller caller,
      HttpServletResponse response,
      Model model) {
    model.addAttribute("me", caller);
    Optional<Reports.Fetched> fetched = fetch(id, caller);
    if (fetched.isEmpty()) {
      return notFound(id, response, model);
    }
    Reports.Fetched f = fetched.get();
    ReportFormat format = ReportFormat.ofMediaType(f.report().mediaType());
    model.addAttribute("reportId", f.report().reportId().toString());
    model.addAttribute("format", format.extension().toUpperCase(java.util.Locale.ROOT));
    model.addAttribute("hash", f.report().reportHash().hex());
    model.addAttribute("fileName", fileName(f.report().reportId(), format));
    model.addAttribute("periodFrom", f.report().periodFrom().toString());
    model.addAttribute("periodTo", f.report().periodTo().toString());
    model.addAttribute(
        "clients",
        f.report().client().isPresent()
            ? f.report().client().get().value()
            : f.report().clients().isEmpty()
                ? "all clients"
                : String.join(", ", f.report().clients().stream().map(c -> c.value()).toList()));
    model.addAttribute("riskLevel", f.report().riskLevel().map(r -> r.json()).orElse("any"));
    model.addAttribute("approver", f.report().approver().orElse("any"));
    return "console/report";
  }

  @GetMapping("/console/reports/{id}/file")
  ResponseEntity<Resource> file(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
    Reports.Fetched f =
        fetch(id, caller).orElseThrow(() -> new NotVisibleException("no report " + id));
    ReportFormat format = ReportFormat.ofMediaType(f.report().mediaType());
    return ResponseEntity.ok()
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(fileName(f.report().reportId(), format))
                .build()
                .toString())
        .contentType(MediaType.parseMediaType(format.mediaType()))
        .body(new FileSystemResource(f.file()));
  }

  @GetMapping("/console/reports/{id}/signature")
  ResponseEntity<byte[]> signature(
      @PathVariable String id, @AuthenticationPrincipal Caller caller) {
    Reports.Fetched f =
        fetch(id, caller).orElseThrow(() -> new NotVisibleException("no report " + id));
    ReportFormat format = ReportFormat.ofMediaType(f.report().mediaType());
    return ResponseEntity.ok()
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(fileName(f.report().reportId(), format) + ".sig.json")
                .build()
                .toString())
        .contentType(MediaType.APPLICATION_JSON)
        .body(f.signature());
  }

  /** The report, if the id is one and the caller may see it; else the same empty answer. */
  private Optional<Reports.Fetched> fetch(String id, Caller caller) {
    if (!UUID_TEXT.matcher(id).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(reports.fetch(UUID.fromString(id), ReportScope.of(caller)));
    } catch (NotVisibleException e) {
      return Optional.empty();
    }
  }

  private static String notFound(String id, HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    model.addAttribute("title", "Not found");
    model.addAttribute("message", "No report " + id + ", or not within your client scope.");
    return "console/error";
  }

  private static String fileName(UUID reportId, ReportFormat format) {
    return "cab-report-" + reportId + "." + format.extension();
  }

  private static Optional<String> given(@Nullable String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
