package dev.cabledger.server.reports;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.core.event.Risk;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.events.EventRecorder;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.Receipt;
import dev.cabledger.server.workflow.ChangeVerifier;
import dev.cabledger.server.workflow.CheckedEntry;
import dev.cabledger.server.workflow.CheckpointView;
import dev.cabledger.server.workflow.LogState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes reports and hands them out again. A report is written as its scan of the period goes,
 * stored under its SHA-256, and logged as a {@code REPORT_GENERATED} entry that names that hash,
 * the report's period and filters, and the checkpoint its entries were verified against, signed as
 * the service: the entry's envelope is the report's detached signature. Nothing is answered before
 * the entry is appended.
 */
@Component
public final class Reports {
  private static final Logger log = LoggerFactory.getLogger(Reports.class);

  private final PeriodScan scan;
  private final ChangeVerifier verifier;
  private final ReportStore store;
  private final ReportRecords records;
  private final EventRecorder recorder;
  private final LogReader reader;
  private final PdfFallbackFonts fallbackFonts;

  Reports(
      PeriodScan scan,
      ChangeVerifier verifier,
      ReportStore store,
      ReportRecords records,
      EventRecorder recorder,
      LogReader reader,
      PdfFallbackFonts fallbackFonts) {
    this.scan = scan;
    this.verifier = verifier;
    this.store = store;
    this.records = records;
    this.recorder = recorder;
    this.reader = reader;
    this.fallbackFonts = fallbackFonts;
  }

  /**
   * Makes, stores, signs and logs a report.
   *
   * @param actor who asked: the caller, or the service itself for a report made beside the database
   * @throws ReportStoreUnavailableException if the report cannot be stored (nothing is logged)
   * @throws dev.cabledger.server.ledger.LedgerUnavailableException if the entry cannot be appended
   */
  public GeneratedReport generate(ReportQuery query, Actor actor, ReportProgress progress) {
    LogState state = verifier.state();
    UUID reportId = UUID.randomUUID();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // The record is checked before the period is read: a report the catalog would refuse to log
    // is refused before anything is written.
    new Event(
        reportId.toString(), logged(reportId, query, state, state.checkpoint().root()), actor, now);
    ReportSummary summary = new ReportSummary();
    ReportStore.Stored stored;
    try (ReportStore.Draft draft = store.draft()) {
      switch (query.format()) {
        case JSON -> {
          try (JsonReportWriter json =
              new JsonReportWriter(
                  draft, header(query, state, reportId, now, new ReportSummary()).widest())) {
            scan.scan(query, now, state, json, summary, progress);
            json.finish(header(query, state, reportId, now, summary));
          }
        }
        case CSV -> {
          CsvReportWriter csv = new CsvReportWriter(draft.out());
          scan.scan(query, now, state, csv, summary, progress);
          csv.finish();
        }
        case PDF -> {
          try (PdfReportWriter pdf =
              new PdfReportWriter(draft.directory(), state.ring(), fallbackFonts)) {
            scan.scan(query, now, state, pdf, summary, progress);
            pdf.finish(header(query, state, reportId, now, summary), draft.out());
          }
        }
      }
      stored = draft.keep(query.format());
    } catch (IOException | UncheckedIOException e) {
      throw new ReportStoreUnavailableException("the report could not be written", e);
    }
    ReportGenerated data = logged(reportId, query, state, stored.hash());
    Statement statement =
        new Statement(
            reportId.toString(),
            stored.hash(),
            new Event(UUID.randomUUID().toString(), data, actor, now));
    Receipt receipt = recorder.record(statement, ReportRecords.projection(data));
    byte[] signature = reader.entry(receipt.index()).bytes();
    try {
      store.keepSignature(reportId, signature);
    } catch (ReportStoreUnavailableException e) {
      // The signature is the logged entry, answered from the log; the file is only a copy.
      log.warn("report {}: {}", reportId, e.getMessage());
    }
    return new GeneratedReport(
        reportId,
        query.format(),
        stored.hash(),
        stored.size(),
        stored.file(),
        receipt.index(),
        signature,
        summary.totalChanges(),
        summary.totalDecisions(),
        summary.entriesVerified(),
        summary.allSignaturesValid(),
        summary.allEntriesIncluded(),
        state.checkpoint().size());
  }

  /** What the report's entry records. */
  private static ReportGenerated logged(
      UUID reportId, ReportQuery query, LogState state, Digest hash) {
    return new ReportGenerated(
        reportId,
        query.format().mediaType(),
        hash,
        query.client(),
        query.clients(),
        query.from(),
        query.to(),
        query.riskLevel(),
        query.approver(),
        state.checkpoint().size(),
        state.checkpoint().root());
  }

  private static ReportHeader header(
      ReportQuery query, LogState state, UUID reportId, Instant now, ReportSummary summary) {
    return new ReportHeader(
        now.toString(),
        query.period(),
        query
            .client()
            .map(ClientId::value)
            .orElse(
                query.clients().isEmpty()
                    ? "all"
                    : String.join(", ", query.clients().stream().map(ClientId::value).toList())),
        summary.totalChanges(),
        summary.byRiskLevel(),
        summary.allSignaturesPresent(),
        summary.allSignaturesValid(),
        summary.allEntriesIncluded(),
        CheckpointView.of(state.checkpoint()),
        reportId.toString(),
        query.from().toString(),
        query.to().toString(),
        new ReportHeader.Filters(
            query.client().map(ClientId::value),
            query.clients().stream().map(ClientId::value).toList(),
            query.riskLevel().map(Risk::json),
            query.approver()),
        summary.totalDecisions(),
        summary.totalOverrides(),
        summary.totalEmergencyChanges(),
        summary.totalOverdueReviews(),
        summary.entriesVerified(),
        summary.problems());
  }

  /**
   * A stored report and the signed entry that logged it.
   *
   * @param report what the entry records
   * @param file the report's bytes, checked against the logged hash
   * @param signature the entry's bytes
   */
  record Fetched(ReportGenerated report, Path file, byte[] signature) {
    Fetched {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }
  }

  /**
   * A report, if the caller may see it: whom it covers is read from its signed entry, which must
   * verify; its bytes must hash to what the entry logged.
   *
   * @throws NotVisibleException for a report that does not exist or covers a client outside the
   *     scope (the same 404)
   * @throws LedgerIntegrityException if the entry does not verify, or the stored bytes are missing
   *     or are not the logged ones: they are never answered
   */
  Fetched fetch(UUID reportId, ReportScope scope) {
    NotVisibleException hidden = new NotVisibleException("no report " + reportId);
    long index = records.entryOf(reportId).orElseThrow(() -> hidden);
    LogState state = verifier.state();
    byte[] bytes = reader.entry(index).bytes();
    CheckedEntry checked =
        index < state.checkpoint().size()
            ? verifier.check(
                index,
                bytes,
                state,
                reader.inclusionProofs(List.of(index), state.checkpoint().size()).get(index))
            : verifier.check(index, bytes, state, Optional.empty());
    if (!checked.verified()
        || !(checked.statement().orElseThrow().predicate().data() instanceof ReportGenerated r)
        || !r.reportId().equals(reportId)) {
      throw new LedgerIntegrityException(
          "entry "
              + index
              + ", which the report index names for report "
              + reportId
              + ", is not a verified REPORT_GENERATED entry of it: "
              + String.join("; ", checked.problems()));
    }
    if (!visible(r, scope)) {
      throw hidden;
    }
    ReportFormat format = ReportFormat.ofMediaType(r.mediaType());
    Path file =
        store
            .find(r.reportHash(), format)
            .orElseThrow(
                () ->
                    new LedgerIntegrityException(
                        "the bytes of report "
                            + reportId
                            + " are missing from this instance's report store"));
    Digest actual = ReportStore.hash(file);
    if (!actual.equals(r.reportHash())) {
      throw new LedgerIntegrityException(
          "the stored bytes of report "
              + reportId
              + " hash to "
              + actual.hex()
              + ", not to the report_hash "
              + r.reportHash().hex()
              + " its entry logged");
    }
    return new Fetched(r, file, bytes);
  }

  /** A report of one client, of some clients, or of every client, for callers who see them all. */
  private static boolean visible(ReportGenerated r, ReportScope scope) {
    if (r.client().isPresent()) {
      return scope.sees(r.client().get());
    }
    if (!r.clients().isEmpty()) {
      return r.clients().stream().allMatch(scope::sees);
    }
    return scope.allClients();
  }
}
