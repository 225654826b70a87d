package dev.cabledger.server.reports;

import dev.cabledger.core.Digest;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.workflow.InvalidInputException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The article's {@code GET /api/cab/report}, and a report fetched again by id with its signature. A
 * report's answer is exactly the bytes that were hashed and logged.
 */
@RestController
class ReportController {
  /** The header that names the report an answer is. */
  static final String REPORT_ID = "CAB-Report-Id";

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Reports reports;

  ReportController(Reports reports) {
    this.reports = reports;
  }

  @GetMapping("/api/cab/report")
  ResponseEntity<Resource> report(
      @RequestParam Optional<String> client,
      @RequestParam Optional<String> days,
      @RequestParam Optional<String> from,
      @RequestParam Optional<String> to,
      @RequestParam Optional<String> riskLevel,
      @RequestParam Optional<String> approver,
      @RequestParam Optional<String> format,
      @AuthenticationPrincipal Caller caller) {
    ReportQuery query =
        ReportQuery.of(
            client,
            days,
            from,
            to,
            riskLevel,
            approver,
            format,
            ReportScope.of(caller),
            Instant.now());
    GeneratedReport report = reports.generate(query, caller.actor(), ReportProgress.NONE);
    return answer(report.reportId(), report.format(), report.hash(), report.file());
  }

  @GetMapping("/api/reports/{id}")
  ResponseEntity<Resource> fetch(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
    Reports.Fetched fetched = reports.fetch(reportId(id), ReportScope.of(caller));
    return answer(
        fetched.report().reportId(),
        ReportFormat.ofMediaType(fetched.report().mediaType()),
        fetched.report().reportHash(),
        fetched.file());
  }

  @GetMapping(value = "/api/reports/{id}/signature", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<byte[]> signature(
      @PathVariable String id, @AuthenticationPrincipal Caller caller) {
    Reports.Fetched fetched = reports.fetch(reportId(id), ReportScope.of(caller));
    return ResponseEntity.ok()
        .header(REPORT_ID, fetched.report().reportId().toString())
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(fileName(fetched.report().reportId(), fetched.report().mediaType()))
                .build()
                .toString())
        .contentType(MediaType.APPLICATION_JSON)
        .body(fetched.signature());
  }

  private static ResponseEntity<Resource> answer(
      UUID reportId, ReportFormat format, Digest hash, Path file) {
    return ResponseEntity.ok()
        .header(REPORT_ID, reportId.toString())
        .header("Repr-Digest", "sha-256=:" + hash.base64() + ":")
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("cab-report-" + reportId + "." + format.extension())
                .build()
                .toString())
        .contentType(MediaType.parseMediaType(format.mediaType()))
        .body(new FileSystemResource(file));
  }

  private static String fileName(UUID reportId, String mediaType) {
    return "cab-report-"
        + reportId
        + "."
        + ReportFormat.ofMediaType(mediaType).extension()
        + ".sig.json";
  }

  private static UUID reportId(String id) {
    if (!UUID_TEXT.matcher(id).matches()) {
      throw new InvalidInputException("a report id is a UUID in lower-case, not \"" + id + "\"");
    }
    return UUID.fromString(id);
  }
}
