package dev.cabledger.server.reports;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.workflow.ChangeVerifier;
import dev.cabledger.server.workflow.CheckedEntry;
import dev.cabledger.server.workflow.LogState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Streams a period's records into a report, a page at a time, newest first: it never holds more
 * than a page of changes (with their entries) or of gate answers, whatever the length of the
 * period.
 *
 * <p>The period is a range of the log: entries are appended in time order, so a binary search over
 * their append times finds it, widened by {@link #MARGIN} for the clocks of instances that share a
 * database; each entry is then judged by the time it signs. The change index ({@code change_entry})
 * finds the changes with a decision (or, for the JSON report's sections, an exception, revocation
 * or expiry) in that range, and each change's entries, in one query per page. Every entry whose
 * values the report uses is verified as the gate verifies ({@link ChangeVerifier#check}): its
 * signatures, in parallel on every core, and its inclusion proof under the report's checkpoint,
 * with one query for the proofs' nodes of a whole page.
 */
@Component
final class PeriodScan {
  /** How far beyond the period the range is searched, for entries appended out of time order. */
  static final Duration MARGIN = Duration.ofHours(1);

  static final int CHANGES_PER_PAGE = 64;
  static final int GATE_ANSWERS_PER_PAGE = 256;

  private final JdbcTemplate jdbc;
  private final LogReader reader;
  private final ChangeVerifier verifier;

  PeriodScan(JdbcTemplate jdbc, LogReader reader, ChangeVerifier verifier) {
    this.jdbc = jdbc;
    this.reader = reader;
    this.verifier = verifier;
  }

  /** Scans the period of {@code query} as of {@code state}'s checkpoint into the sink. */
  void scan(
      ReportQuery query,
      LogState state,
      ReportSink sink,
      ReportSummary summary,
      ReportProgress progress) {
    long size = state.checkpoint().size();
    long start = reader.firstAppendedAtOrAfter(query.from().minus(MARGIN), size);
    long end = reader.firstAppendedAtOrAfter(query.to().plus(MARGIN), size);
    new Run(query, state, sink, summary, progress, start, end).scan();
  }

  /** One scan. */
  private final class Run {
    final ReportQuery query;
    final LogState state;
    final ReportSink sink;
    final ReportSummary summary;
    final ReportProgress progress;
    final long start;
    final long end;
    final long total;

    Run(
        ReportQuery query,
        LogState state,
        ReportSink sink,
        ReportSummary summary,
        ReportProgress progress,
        long start,
        long end) {
      this.query = query;
      this.state = state;
      this.sink = sink;
      this.summary = summary;
      this.progress = progress;
      this.start = start;
      this.end = end;
      this.total = (end - start) * (sink.wantsSections() ? 2 : 1);
    }

    void scan() {
      changes();
      if (sink.wantsSections()) {
        gateAnswers();
      }
      progress.at(total, total, summary.totalDecisions());
    }

    /** The changes with a record of the period, newest activity first. */
    private void changes() {
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
      long cursor = end;
      while (cursor > start) {
        List<Object> args = new ArrayList<>();
        args.add(start);
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
        page(ids);
        cursor = last[0];
        progress.at(end - cursor, total, summary.totalDecisions());
      }
    }

    private void page(List<String> changeIds) {
      Map<String, List<Logged>> entries = new HashMap<>();
      List<Object> args = new ArrayList<>(changeIds);
      args.add(state.checkpoint().size());
      jdbc.query(
          "SELECT c.change_id, c.event_type, e.idx, e.entry FROM change_entry c"
              + " JOIN ledger_entry e ON e.idx = c.entry_idx WHERE c.change_id IN ("
              + placeholders(changeIds.size())
              + ") AND c.event_type <> 'GATE_EVALUATED' AND c.entry_idx < ?"
              + " ORDER BY c.change_id, c.entry_idx",
          rs -> {
            entries
                .computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                .add(Logged.read(rs.getLong(3), rs.getString(2), rs.getBytes(4)));
          },
          args.toArray());
      List<ChangeReport> changes = new ArrayList<>(changeIds.size());
      Map<Long, byte[]> needed = new LinkedHashMap<>();
      for (String id : changeIds) {
        ChangeReport change =
            new ChangeReport(
                id, entries.getOrDefault(id, List.of()), query, sink.wantsSections(), start, end);
        changes.add(change);
        change.needed().forEach(index -> needed.put(index, change.bytes(index)));
      }
      Map<Long, CheckedEntry> checked = check(needed.keySet(), needed::get);
      for (ChangeReport change : changes) {
        change.emit(checked, state.ring(), sink, summary);
      }
    }

    /** The BLOCKED gate answers of the period, newest first. */
    private void gateAnswers() {
      String sql =
          "SELECT c.change_id, e.idx, e.entry FROM change_entry c"
              + " JOIN ledger_entry e ON e.idx = c.entry_idx"
              + " WHERE c.event_type = 'GATE_EVALUATED' AND c.entry_idx >= ? AND c.entry_idx < ?"
              + clientFilter()
              + " ORDER BY c.entry_idx DESC LIMIT ?";
      long cursor = end;
      while (cursor > start) {
        List<Object> args = new ArrayList<>();
        args.add(start);
        args.add(cursor);
        args.addAll(clientArgs());
        args.add(GATE_ANSWERS_PER_PAGE);
        List<Logged> page = new ArrayList<>();
        Map<Long, String> changeOf = new HashMap<>();
        jdbc.query(
            sql,
            rs -> {
              long index = rs.getLong(2);
              changeOf.put(index, rs.getString(1));
              page.add(Logged.read(index, "GATE_EVALUATED", rs.getBytes(3)));
            },
            args.toArray());
        if (page.isEmpty()) {
          break;
        }
        gatePage(page, changeOf);
        cursor = page.getLast().index();
        progress.at((end - start) + (end - cursor), total, summary.totalDecisions());
      }
    }

    private void gatePage(List<Logged> page, Map<Long, String> changeOf) {
      Map<Long, byte[]> needed = new LinkedHashMap<>();
      List<Logged> blocked = new ArrayList<>();
      for (Logged e : page) {
        if (e.statement().isEmpty()) {
          if (query.client().isEmpty() && query.clients().isEmpty()) {
            needed.put(
                e.index(), e.bytes()); // its client cannot be read: named to all-client scope
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
      Map<String, Logged> submissions = Map.of();
      if (query.riskLevel().isPresent() && !blocked.isEmpty()) {
        submissions = submissions(blocked.stream().map(e -> changeOf.get(e.index())).toList());
        Map<String, Logged> found = submissions;
        blocked.removeIf(e -> !riskMatches(found.get(changeOf.get(e.index()))));
        for (Logged e : blocked) {
          Logged submission = found.get(changeOf.get(e.index()));
          needed.put(submission.index(), submission.bytes());
        }
      }
      blocked.forEach(e -> needed.put(e.index(), e.bytes()));
      Map<Long, CheckedEntry> checked = check(needed.keySet(), needed::get);
      for (Map.Entry<Long, CheckedEntry> c : checked.entrySet()) {
        summary.checked(c.getValue().signatureValid(), c.getValue().included());
        if (!c.getValue().verified()) {
          summary.problem(
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
        sink.blockedGate(
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
     * Checks entries as the gate does: the proofs of all of them from one query, the signatures in
     * parallel (each check is independent, and most of a report's time is spent in them).
     */
    private Map<Long, CheckedEntry> check(Collection<Long> indices, LongFunction<byte[]> bytes) {
      if (indices.isEmpty()) {
        return Map.of();
      }
      Map<Long, Optional<InclusionProof>> proofs =
          reader.inclusionProofs(indices, state.checkpoint().size());
      Map<Long, CheckedEntry> checked = new ConcurrentHashMap<>();
      indices.parallelStream()
          .forEach(i -> checked.put(i, verifier.check(i, bytes.apply(i), state, proofs.get(i))));
      return Collections.unmodifiableMap(new TreeMap<>(checked));
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
