package dev.cabledger.server.audit;

import dev.cabledger.core.bundle.AuditBundle;
import dev.cabledger.core.bundle.Finding;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Audit bundles and the server-side ledger check. */
@RestController
@RequestMapping("/api/audit")
class AuditController {
  private final BundleExport export;
  private final LedgerAudit audit;

  AuditController(BundleExport export, LedgerAudit audit) {
    this.export = export;
    this.audit = audit;
  }

  /**
   * Streams entries {@code from <= index < to} (default: all) with proofs to one checkpoint, and a
   * consistency proof to it from each {@code consistencyFrom} size (checkpoints an auditor kept).
   */
  @GetMapping("/bundle")
  ResponseEntity<StreamingResponseBody> bundle(
      @RequestParam Optional<Long> from,
      @RequestParam Optional<Long> to,
      @RequestParam Optional<List<Long>> consistencyFrom) {
    // Bad ranges and sizes fail before the stream starts.
    BundleExport.Range range = export.range(from, to, consistencyFrom.orElse(List.of()));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(AuditBundle.MEDIA_TYPE))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"cab-ledger-bundle-"
                + range.from()
                + "-"
                + range.to()
                + ".json\"")
        .body(out -> export.write(range, out));
  }

  record FindingView(Optional<Long> entry, String message) {}

  record CheckView(boolean passed, long treeSize, List<FindingView> findings) {}

  /** Re-verifies the whole log from the database: signatures, proofs, leaf hashes, root. */
  @GetMapping(value = "/ledger-check", produces = MediaType.APPLICATION_JSON_VALUE)
  CheckView check() {
    LedgerAudit.Result result = audit.run();
    List<FindingView> findings =
        result.findings().stream()
            .map(
                (Finding f) ->
                    new FindingView(
                        f.entryIndex().isPresent()
                            ? Optional.of(f.entryIndex().getAsLong())
                            : Optional.empty(),
                        f.message()))
            .toList();
    return new CheckView(result.passed(), result.treeSize(), findings);
  }
}
