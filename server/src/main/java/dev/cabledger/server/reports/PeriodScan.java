package dev.cabledger.server.reports;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.workflow.ChangeVerifier;
import dev.cabledger.server.workflow.CheckedEntry;
import dev.cabledger.server.workflow.LogState;
import dev.cabledger.server.workflow.WorkflowProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Streams a period's records into a report, a page at a time, newest first: it never holds more
 * than {@link #WINDOW} pages of changes (with their entries) or of gate answers, whatever the
 * length of the period.
 *
 * <p>The period is a range of the log: entries are appended in time order, so a binary search over
 * their append times finds it, widened by {@link #MARGIN} for the clocks of instances that share a
 * database; each entry is then judged by the time it signs. The change index ({@code change_entry})
 * finds the changes with a decision (or, for the JSON report's sections, an exception, revocation
 * or expiry) in that range, and each change's entries, in one query per page. Every entry whose
 * values the report uses is verified as the gate verifies ({@link ChangeVerifier#check}): its
 * signatures and its inclusion proof under the report's checkpoint, with one query for the proofs'
 * nodes of a whole page. Pages are parsed (each entry once), checked and made into their records
 * ({@link PageRecords}) on a pool of a thread per core while earlier pages are written, in log
 * order ({@link OrderedWindow}).
 */
@Component
final class PeriodScan {
  /** How far beyond the period the range is searched, for entries appended out of time order. */
  static final Duration MARGIN = Duration.ofHours(1);

  static final int CHANGES_PER_PAGE = 64;
  static final int GATE_ANSWERS_PER_PAGE = 256;

  /** Threads that parse and check pages: one per core. */
  static final int THREADS = Runtime.getRuntime().availableProcessors();

  /**
   * Pages read ahead of the one being written: one being checked on each core and one waiting, and
   * no more. A page holds its entries until it is checked (about 2.5 MB for 64 changes): twice as
   * many pages ahead kept no core busier, and only held more of the heap.
   */
  static final int WINDOW = THREADS + 1;

  private final JdbcTemplate jdbc;
  private final LogReader reader;
  private final ChangeVerifier verifier;
  private final Duration reviewPeriod;

  PeriodScan(
      JdbcTemplate jdbc, LogReader reader, ChangeVerifier verifier, WorkflowProperties workflow) {
    this.jdbc = jdbc;
    this.reader = reader;
    this.verifier = verifier;
    this.reviewPeriod = workflow.emergencyReviewPeriod();
  }

  /**
   * Scans the period of {@code query} as of {@code state}'s checkpoint into the sink.
   *
   * @param now the report's time
   */
  void scan(
      ReportQuery query,
      Instant now,
      LogState state,
      ReportSink sink,
      ReportSummary summary,
      ReportProgress progress) {
    long size = state.checkpoint().size();
    long start = reader.firstAppendedAtOrAfter(query.from().minus(MARGIN), size);
    long end = reader.firstAppendedAtOrAfter(query.to().plus(MARGIN), size);
    // An emergency review that falls due in the period was owed for an approval (or apply) up to
    // a review period before it: the sections' changes are looked for from there.
    long changesStart =
        sink.wantsSections()
            ? reader.firstAppendedAtOrAfter(query.from().minus(reviewPeriod).minus(MARGIN), size)
            : start;
    new Run(query, now, state, sink, summary, progress, start, end, changesStart).scan();
  }

  /** One scan. */
  private final class Run {
    final ReportQuery query;
    final Instant now;
    final LogState state;
    final ReportSink sink;
    final ReportSummary summary;
    final ReportProgress progress;
    final long start;
    final long end;
    final long changesStart;
    final long total;

    Run(
        ReportQuery query,
        Instant now,
        LogState state,
        ReportSink sink,
        ReportSummary summary,
        ReportProgress progress,
        long start,
        long end,
        long changesStart) {
      this.query = query;
      this.now = now;
      this.state = state;
      this.sink = sink;
      this.summary = summary;
      this.progress = progress;
      this.start = start;
      this.end = end;
      this.changesStart = changesStart;
      this.total = (end - changesStart) + (sink.wantsSections() ? end - start : 0);
    }

    void scan() {
      // A pool per report, a thread per core: verification is most of a report's time.
      ExecutorService pool =
          Executors.newFixedThreadPool(
              THREADS, Thread.ofPlatform().daemon().name("report-check-", 0).factory());
      try {
        changes(pool);
        if (sink.wantsSections()) {
          gateAnswers(pool);
        }
      } finally {
        pool.shutdownNow();
      }
      progress.at(total, total, summary.totalDecisions());
    }

    /** The changes with a record of the period, newest activity first. */
    private void changes(ExecutorService pool) {
      List<String> types = new ArrayList<>(ChangeReport.DECISION_TYPES);
      if (sink.wantsSections()) {
        types.addAll(ChangeReport.SECTION_TYPES);
      }
      String in = placeholders(types.size());
      String sql =
          "SELECT c.entry_idx, c.change_id FROM change_entry c"
              + " WHERE c.entry_idx >= ? AND c.entry_idx < ? AND c.event_type IN ("
              + in
              + ")"
              // Each change once, at its latest record of the range.
              + " AND NOT EXISTS (SELECT 1 FROM change_entry n WHERE n.change_id = c.change_id"
              + " AND n.entry_idx > c.entry_idx AND n.entry_idx < ? AND n.event_type IN ("
              + in
              + "))"
              + clientFilter()
              + " ORDER BY c.entry_idx DESC LIMIT ?";
      // Pages are read here, parsed and checked on the pool ahead of the writer, and written
      // in order: at most WINDOW pages are held, whatever the period.
      OrderedWindow<Page> window =
          new OrderedWindow<>(pool, WINDOW, page -> write(page, end - page.cursor()));
      try {
        long cursor = end;
        while (cursor > changesStart) {
          List<Object> args = new ArrayList<>();
          args.add(changesStart);
          args.add(cursor);
          args.addAll(types);
          args.add(end);
          args.addAll(types);
          args.addAll(clientArgs());
          args.add(CHANGES_PER_PAGE);
          List<String> ids = new ArrayList<>();
          long[] last = {cursor};
          jdbc.query(
              sql,
              rs -> {
                last[0] = rs.getLong(1);
                ids.add(rs.getString(2));
              },
              args.toArray());
          if (ids.isEmpty()) {
            break;
          }
          Map<String, List<Row>> rows = rows(ids);
          cursor = last[0];
          long reached = cursor;
          window.submit(() -> page(ids, rows, reached));
        }
        window.finish();
      } finally {
        window.cancel();
      }
    }

    /** One entry's row, not yet parsed. */
    private record Row(long index, String filedAs, byte[] bytes) {}

    /**
     * A page of changes or of gate answers, checked and made into its records on the pool, to be
     * written when its turn comes.
     *
     * @param cursor the index the scan reached with it
     */
    private record Page(PageRecords records, long cursor) {}

    /**
     * In order, on the scan's thread: writes a page; {@code done} of the scan's work is then done.
     */
    private void write(Page page, long done) {
      page.records().writeTo(sink, summary);
      progress.at(done, total, summary.totalDecisions());
    }

    /** The entries of these changes up to the checkpoint, gate answers left out. */
    private Map<String, List<Row>> rows(List<String> changeIds) {
      Map<String, List<Row>> rows = new HashMap<>();
      List<Object> args = new ArrayList<>(changeIds);
      args.add(state.checkpoint().size());
      jdbc.query(
          "SELECT c.change_id, c.event_type, e.idx, e.entry FROM change_entry c"
              + " JOIN ledger_entry e ON e.idx = c.entry_idx WHERE c.change_id IN ("
              + placeholders(changeIds.size())
              + ") AND c.event_type <> 'GATE_EVALUATED' AND c.entry_idx < ?"
              + " ORDER BY c.change_id, c.entry_idx",
          rs -> {
            rows.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                .add(new Row(rs.getLong(3), rs.getString(2), rs.getBytes(4)));
          },
          args.toArray());
      return rows;
    }

    /** On the pool: parses a page's entries once, and checks those the report uses. */
    private Page page(List<String> changeIds, Map<String, List<Row>> rows, long cursor) {
      List<ChangeReport> changes = new ArrayList<>(changeIds.size());
      Map<Long, Logged> needed = new LinkedHashMap<>();
      for (String id : changeIds) {
        List<Logged> entries =
            rows.getOrDefault(id, List.of()).stream()
                .map(r -> Logged.read(r.index(), r.filedAs(), r.bytes()))
                .toList();
        ChangeReport change =
            new ChangeReport(
                id, entries, query, sink.wantsSections(), start, end, reviewPeriod, now);
        changes.add(change);
        change.needed().forEach(index -> needed.put(index, change.logged(index)));
      }
      Map<Long, CheckedEntry> checked = check(needed);
      // Made into its records here, so that the page waits for its turn without its entries.
      PageRecords records = new PageRecords(sink.wantsSections());
      for (ChangeReport change : changes) {
        change.emit(checked, state.ring(), records, records.summary());
      }
      return new Page(records, cursor);
    }

    /** The BLOCKED gate answers of the period, newest first. */
    private void gateAnswers(ExecutorService pool) {
      String sql =
          "SELECT c.change_id, e.idx, e.entry FROM change_entry c"
              + " JOIN ledger_entry e ON e.idx = c.entry_idx"
              + " WHERE c.event_type = 'GATE_EVALUATED' AND c.entry_idx >= ? AND c.entry_idx < ?"
              + clientFilter()
              + " ORDER BY c.entry_idx DESC LIMIT ?";
      OrderedWindow<Page> window =
          new OrderedWindow<>(
              pool, WINDOW, page -> write(page, (end - changesStart) + (end - page.cursor())));
      try {
        long cursor = end;
        while (cursor > start) {
          List<Object> args = new ArrayList<>();
          args.add(start);
          args.add(cursor);
          args.addAll(clientArgs());
          args.add(GATE_ANSWERS_PER_PAGE);
          List<Row> page = new ArrayList<>();
          Map<Long, String> changeOf = new HashMap<>();
          jdbc.query(
              sql,
              rs -> {
                long index = rs.getLong(2);
                changeOf.put(index, rs.getString(1));
                page.add(new Row(index, "GATE_EVALUATED", rs.getBytes(3)));
              },
              args.toArray());
          if (page.isEmpty()) {
            break;
          }
          cursor = page.getLast().index();
          long reached = cursor;
          window.submit(() -> gatePage(page, changeOf, reached));
        }
        window.finish();
      } finally {
        window.cancel();
      }
    }

    /**
     * On the pool: parses a page of gate answers, keeps the blocked ones of the period, checks
     * every entry it needs, and makes its records.
     */
    private Page gatePage(List<Row> rows, Map<Long, String> changeOf, long cursor) {
      Map<Long, Logged> needed = new LinkedHashMap<>();
      List<Logged> blocked = new ArrayList<>();
      for (Row row : rows) {
        Logged e = Logged.read(row.index(), row.filedAs(), row.bytes());
        if (e.statement().isEmpty()) {
          if (query.client().isEmpty() && query.clients().isEmpty()) {
            needed.put(e.index(), e); // its client cannot be read: named to all-client scope
          }
          continue;
        }
        Statement s = e.statement().get();
        if (s.predicate().data() instanceof GateEvaluated g
            && g.verdict() == GateVerdict.BLOCKED
            && query.holds(s.predicate().createdAt())
            && query.covers(g.client())) {
          blocked.add(e);
        }
      }
      if (query.riskLevel().isPresent() && !blocked.isEmpty()) {
        Map<String, Logged> found =
            submissions(blocked.stream().map(e -> changeOf.get(e.index())).toList());
        blocked.removeIf(e -> !riskMatches(found.get(changeOf.get(e.index()))));
        for (Logged e : blocked) {
          Logged submission = found.get(changeOf.get(e.index()));
          needed.put(submission.index(), submission);
        }
      }
      blocked.forEach(e -> needed.put(e.index(), e));
      Map<Long, CheckedEntry> checked = check(needed);
      PageRecords records = new PageRecords(sink.wantsSections());
      ReportSummary counted = records.summary();
      // Any problems in log order.
      for (Map.Entry<Long, CheckedEntry> c : new TreeMap<>(checked).entrySet()) {
        counted.checked(c.getValue().signatureValid(), c.getValue().included());
        if (!c.getValue().verified()) {
          counted.problem(
              "entry "
                  + c.getKey()
                  + " ("
                  + c.getValue()
                      .statement()
                      .map(s -> s.predicate().eventType().name())
                      .orElse("filed as GATE_EVALUATED, no statement")
                  + "): "
                  + String.join("; ", c.getValue().problems()));
        }
      }
      for (Logged e : blocked) {
        Statement s = e.statement().orElseThrow();
        GateEvaluated g = (GateEvaluated) s.predicate().data();
        CheckedEntry c = checked.get(e.index());
        records.blockedGate(
            new BlockedGateAnswer(
                s.subjectName(),
                g.client().value(),
                g.planHash().hex(),
                g.environment(),
                s.predicate().createdAt().toString(),
                s.predicate().actor().subject(),
                g.reasons(),
                e.index(),
                c.signatureValid(),
                c.included()));
      }
      return new Page(records, cursor);
    }

    /** The submissions of these changes, through the change index. */
    private Map<String, Logged> submissions(List<String> changeIds) {
      List<String> distinct = changeIds.stream().distinct().toList();
      Map<String, Logged> out = new HashMap<>();
      List<Object> args = new ArrayList<>(distinct);
      args.add(state.checkpoint().size());
      jdbc.query(
          "SELECT c.change_id, e.idx, e.entry FROM change_request c"
              + " JOIN ledger_entry e ON e.idx = c.entry_idx WHERE c.change_id IN ("
              + placeholders(distinct.size())
              + ") AND c.entry_idx < ?",
          rs -> {
            out.put(
                rs.getString(1), Logged.read(rs.getLong(2), "CHANGE_SUBMITTED", rs.getBytes(3)));
          },
          args.toArray());
      return out;
    }

    private boolean riskMatches(Logged submission) {
      return submission != null
          && submission
              .statement()
              .map(s -> s.predicate().data())
              .filter(d -> d instanceof ChangeSubmitted c && c.risk().equals(query.riskLevel()))
              .isPresent();
    }

    /**
     * Checks entries as the gate does, on the calling pool thread: their inclusion under the
     * checkpoint as one batch (one query for its nodes; a proof each, to name the entry, only when
     * the batch fails), then each entry's signatures over the envelope it was parsed into.
     */
    private Map<Long, CheckedEntry> check(Map<Long, Logged> entries) {
      if (entries.isEmpty()) {
        return Map.of();
      }
      long size = state.checkpoint().size();
      Map<Long, Digest> leaves = HashMap.newHashMap(entries.size());
      entries.forEach((i, e) -> leaves.put(i, MerkleHash.leaf(e.bytes())));
      boolean proven;
      try {
        reader.verifyIncluded(leaves, size, state.checkpoint().root());
        proven = true;
      } catch (VerificationException e) {
        proven = false;
      }
      Map<Long, Optional<InclusionProof>> proofs =
          proven ? Map.of() : reader.inclusionProofs(entries.keySet(), size);
      Map<Long, CheckedEntry> checked = HashMap.newHashMap(entries.size());
      for (Map.Entry<Long, Logged> entry : entries.entrySet()) {
        long i = entry.getKey();
        Logged e = entry.getValue();
        if (proven) {
          checked.put(
              i, verifier.checkProvenIncluded(i, e.bytes(), e.envelope(), e.statement(), state));
        } else if (e.statement().isPresent()) {
          checked.put(
              i,
              verifier.check(
                  i,
                  e.bytes(),
                  e.envelope().orElseThrow(),
                  e.statement().get(),
                  state,
                  proofs.get(i)));
        } else {
          checked.put(i, verifier.check(i, e.bytes(), state, proofs.get(i)));
        }
      }
      return Collections.unmodifiableMap(checked);
    }

    private String clientFilter() {
      if (query.client().isPresent()) {
        return " AND c.change_id IN (SELECT change_id FROM change_request WHERE client = ?)";
      }
      if (!query.clients().isEmpty()) {
        return " AND c.change_id IN (SELECT change_id FROM change_request WHERE client IN ("
            + placeholders(query.clients().size())
            + "))";
      }
      return "";
    }

    private List<Object> clientArgs() {
      if (query.client().isPresent()) {
        return List.of(query.client().get().value());
      }
      return query.clients().stream().map(c -> (Object) c.value()).toList();
    }
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
