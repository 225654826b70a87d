package dev.cabledger.server.workflow;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.policy.ChangeAssessment;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Policy;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A change's record: its signed entries, found through the change index ({@code change_entry}) and
 * read from the log's bytes, and the policy it is assessed under. Every workflow feature reads and
 * indexes changes here.
 */
@Component
public final class ChangeRecords {
  /**
   * A change's history: its entries (index, bytes) in log order, through the change index, except
   * the gate's answers ({@link ChangeHistory#partOf}). An answer changes nothing the policy reads,
   * and a pipeline that polls the gate would otherwise make every later read of the change longer
   * (each answer is an entry).
   */
  static final String HISTORY =
      "SELECT e.idx, e.entry FROM change_entry c JOIN ledger_entry e ON e.idx = c.entry_idx"
          + " WHERE c.change_id = ? AND c.event_type <> 'GATE_EVALUATED' ORDER BY c.entry_idx";

  private final JdbcTemplate jdbc;
  private final Map<Optional<ClientId>, Policy> policies;
  private final List<ChangeEventRows> rows;

  ChangeRecords(JdbcTemplate jdbc, WorkflowProperties properties, List<ChangeEventRows> rows) {
    this.jdbc = jdbc;
    this.policies = properties.policies();
    this.rows = List.copyOf(rows);
  }

  /** The policy a client's changes are assessed under. */
  public Policy policyFor(ClientId client) {
    return policies.getOrDefault(Optional.of(client), policies.get(Optional.<ClientId>empty()));
  }

  /** The change's history, if the change exists. */
  public Optional<ChangeHistory> find(String changeId) {
    return history(jdbc, changeId);
  }

  /**
   * The change's history, if it exists and the caller may see its client.
   *
   * @throws NotVisibleException otherwise, with the same words either way
   */
  public ChangeHistory visible(String changeId, Caller caller) {
    return find(changeId)
        .filter(h -> caller.sees(h.client().value()))
        .orElseThrow(() -> new NotVisibleException("no change request " + changeId));
  }

  /**
   * The change as the change index has it, if it exists and the caller may see the client it is
   * filed under.
   *
   * @throws NotVisibleException otherwise, with the same words either way
   */
  public IndexedChange indexed(String changeId, Caller caller) {
    List<IndexedChange> rows =
        jdbc.query(
            "SELECT client, environment FROM change_request WHERE change_id = ?",
            (rs, n) ->
                new IndexedChange(
                    changeId, new ClientId(rs.getString(1)), Optional.ofNullable(rs.getString(2))),
            changeId);
    return rows.stream()
        .filter(c -> caller.sees(c.client().value()))
        .findFirst()
        .orElseThrow(() -> new NotVisibleException("no change request " + changeId));
  }

  /** The change assessed under its client's policy at a moment. */
  public ChangeAssessment assess(ChangeHistory history, Instant at) {
    return ChangeAssessment.assess(history, policyFor(history.client()), at);
  }

  /**
   * A statement about a change, by the caller, now.
   *
   * @param changeId the change request id (the subject's name)
   * @param data the event; its plan hash becomes the subject's digest
   */
  public static Statement statement(String changeId, EventData.OfChange data, Caller caller) {
    return statement(changeId, data, caller, Instant.now());
  }

  /**
   * A statement about a change, by the caller, made at a given moment: for an event that states a
   * judgement as of that moment (the gate's), so that the judgement can be re-derived from it.
   *
   * @param at when the statement is made (kept to the millisecond, as every statement)
   */
  public static Statement statement(
      String changeId, EventData.OfChange data, Caller caller, Instant at) {
    return new Statement(
        changeId,
        data.planHash(),
        new Event(
            UUID.randomUUID().toString(), data, caller.actor(), at.truncatedTo(ChronoUnit.MILLIS)));
  }

  /**
   * A statement about a change that the service makes on its own behalf (an approval's expiry),
   * now: its actor is {@link Actor#SYSTEM}, which no token can be.
   *
   * @param changeId the change request id (the subject's name)
   * @param data the event; its plan hash becomes the subject's digest
   */
  public static Statement serviceStatement(String changeId, EventData.OfChange data) {
    return new Statement(
        changeId,
        data.planHash(),
        new Event(
            UUID.randomUUID().toString(),
            data,
            Actor.SYSTEM,
            Instant.now().truncatedTo(ChronoUnit.MILLIS)));
  }

  /**
   * The projection of an entry about a change: the change index row, the feature's own rows, and
   * the change's status recomputed with the new entry, all in the append transaction.
   *
   * @param statement the entry's statement
   * @param feature the feature's own checks under the append lock (its rows come from its {@link
   *     ChangeEventRows})
   */
  public EntryProjection projection(Statement statement, EntryProjection feature) {
    return new ChangeProjection(this, statement, feature, rows);
  }

  /**
   * The change an entry is about, from the change index.
   *
   * @throws LedgerIntegrityException if the index does not name the entry
   */
  public String changeIdAt(long index) {
    List<String> ids =
        jdbc.queryForList(
            "SELECT change_id FROM change_entry WHERE entry_idx = ?", String.class, index);
    if (ids.isEmpty()) {
      throw new LedgerIntegrityException("entry " + index + " is not indexed as a change's entry");
    }
    return ids.getFirst();
  }

  /**
   * The change's latest gate answers (at most {@code limit}), in log order: entries about the
   * change that are not part of its history (see {@link #HISTORY}).
   */
  public List<LoggedEvent> gateAnswers(String changeId, int limit) {
    List<LoggedEvent> answers = new ArrayList<>();
    jdbc.query(
        "SELECT e.idx, e.entry FROM change_entry c JOIN ledger_entry e ON e.idx = c.entry_idx"
            + " WHERE c.change_id = ? AND c.event_type = 'GATE_EVALUATED'"
            + " ORDER BY c.entry_idx DESC LIMIT ?",
        rs -> {
          long index = rs.getLong(1);
          answers.add(new LoggedEvent(index, parse(index, rs.getBytes(2))));
        },
        changeId,
        limit);
    return answers.reversed();
  }

  /**
   * Reads a change's history with this template. A feature's check passes the append transaction's:
   * under the append lock it sees every committed entry, and when checked again as its entry is
   * written, also the entries written before it in the same batch.
   */
  public static Optional<ChangeHistory> history(JdbcTemplate jdbc, String changeId) {
    List<LoggedEvent> events = new ArrayList<>();
    jdbc.query(
        HISTORY,
        rs -> {
          events.add(logged(jdbc, rs.getLong(1), rs.getBytes(2)));
        },
        changeId);
    if (events.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChangeHistory.of(events));
    } catch (IllegalArgumentException e) {
      throw new LedgerIntegrityException(
          "the entries of change " + changeId + " do not form a history: " + e.getMessage());
    }
  }

  /**
   * An entry of a change as the policy reads it: its statement, and whether its actor signed it
   * with an approver key of theirs, judged with the registry's rows read with {@code jdbc} (the
   * append transaction's, for a change's status). The gate judges with the verified registry
   * ({@link ChangeVerifier}).
   */
  static LoggedEvent logged(JdbcTemplate jdbc, long index, byte[] entry) {
    Parsed parsed = parsed(index, entry);
    boolean approverSigned =
        parsed
            .cosigned()
            .map(
                envelope ->
                    ApproverSignatures.signedByActor(
                        envelope, parsed.statement(), id -> KeyRegistry.indexed(jdbc, id)))
            .orElse(false);
    return new LoggedEvent(index, parsed.statement(), approverSigned);
  }

  /**
   * An entry's statement, and its envelope when it carries more than one signature (only those can
   * carry an approver's; they are few, and an envelope is kilobytes).
   */
  private record Parsed(Statement statement, Optional<Envelope> cosigned) {}

  /**
   * Parsed entries by the leaf hash of their bytes. Parsing is a function of the bytes alone, so
   * this cannot go stale; it spares the strict parse of a change's entries on every read of the
   * change (a tenth of a request's CPU, measured with {@code cab-ledger bench workflow}). Keyed by
   * content, it is safe to share between databases.
   */
  private static final Map<Digest, Parsed> PARSED = new ConcurrentHashMap<>();

  /** Statements remembered (a few MiB): a change has a handful of entries. */
  static final int MAX_PARSED = 4096;

  /** The statement of an entry; an entry that no longer parses is an integrity failure. */
  static Statement parse(long index, byte[] entry) {
    return parsed(index, entry).statement();
  }

  private static Parsed parsed(long index, byte[] entry) {
    Digest leaf = MerkleHash.leaf(entry);
    Parsed known = PARSED.get(leaf);
    if (known != null) {
      return known;
    }
    try {
      Envelope envelope = Envelope.parse(entry);
      Parsed parsed =
          new Parsed(
              envelope.statement(),
              envelope.signatures().size() > 1 ? Optional.of(envelope) : Optional.empty());
      if (PARSED.size() >= MAX_PARSED) {
        PARSED.clear(); // bounded; a cleared cache only costs parsing
      }
      PARSED.put(leaf, parsed);
      return parsed;
    } catch (VerificationException | IllegalArgumentException e) {
      throw new LedgerIntegrityException(
          "entry " + index + " does not hold a valid statement: " + e.getMessage());
    }
  }
}
