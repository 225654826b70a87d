package dev.cabledger.server.workflow;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.policy.ChangeHistory;
import dev.cabledger.core.policy.LoggedEvent;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.core.policy.ReasonCode;
import dev.cabledger.core.policy.VerdictCheck;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.keys.KeyRegistry;
import dev.cabledger.server.ledger.LedgerIntegrityException;
import dev.cabledger.server.ledger.LedgerOrigin;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.StoredCheckpoint;
import dev.cabledger.server.signing.ServiceKeys;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks a change's entries as an auditor would: each entry's signatures against the keys the log
 * registered (valid when the statement was made, one of them the service's), and its inclusion
 * proof against the latest checkpoint signed by this log's key. The gate counts only entries that
 * pass, and blocks on any that does not.
 */
@Component
public final class ChangeVerifier {
  private final JdbcTemplate jdbc;
  private final LogReader reader;
  private final KeyRegistry registry;
  private final ServiceKeys keys;
  private final LedgerOrigin origin;

  /**
   * Entries whose signatures verified, by index. The gate re-checks a change's entries on every
   * call; parsing them and verifying their ML-DSA signatures again would cost more than the call's
   * own signature. The bytes are still read from the log and hashed each time, and their inclusion
   * proof checked against the latest checkpoint, so bytes changed in the database miss the cache
   * and are verified (and fail) as before.
   */
  private final Map<Long, Signed> signedEntries = new ConcurrentHashMap<>();

  private volatile @Nullable Ring ring;
  private volatile @Nullable CheckpointVerifier checkpointVerifier;
  private volatile @Nullable PublicKey checkpointKey;

  /**
   * The last checkpoint note that verified, and the verifier it verified under. Every gate call
   * reads the latest checkpoint; while no entry is appended it is the same note, whose ML-DSA
   * signature need not be checked again. Other bytes (a new checkpoint, or a note edited in the
   * database) are checked.
   */
  private volatile @Nullable VerifiedNote verifiedNote;

  private record VerifiedNote(CheckpointVerifier verifier, String note) {}

  ChangeVerifier(
      JdbcTemplate jdbc,
      LogReader reader,
      KeyRegistry registry,
      ServiceKeys keys,
      LedgerOrigin origin) {
    this.jdbc = jdbc;
    this.reader = reader;
    this.registry = registry;
    this.keys = keys;
    this.origin = origin;
  }

  /**
   * Checks every entry of a change.
   *
   * @throws LedgerIntegrityException if the latest checkpoint is not signed by this log's key or
   *     the key registry is not backed by the log
   */
  public VerifiedChange verify(String changeId) {
    List<Row> rows = new ArrayList<>();
    jdbc.query(
        ChangeRecords.HISTORY,
        rs -> {
          rows.add(new Row(rs.getLong(1), rs.getBytes(2)));
        },
        changeId);
    // Read after the entries: an entry commits with the checkpoint that covers it, so this one
    // covers every entry read. Read before, an entry appended meanwhile (another gate call's
    // GATE_EVALUATED) would look beyond the checkpoint and block the change for nothing.
    LogState state = state();
    StoredCheckpoint checkpoint = state.checkpoint();
    // Every entry's proof with one query for all their nodes (the gate's hot path).
    List<Long> inTree = rows.stream().map(Row::index).filter(i -> i < checkpoint.size()).toList();
    Map<Long, Optional<InclusionProof>> proofs =
        inTree.isEmpty() ? Map.of() : reader.inclusionProofs(inTree, checkpoint.size());
    List<CheckedEntry> entries = new ArrayList<>();
    for (Row row : rows) {
      entries.add(
          check(
              row.index(),
              row.bytes(),
              state,
              () -> proofs.getOrDefault(row.index(), Optional.empty()),
              null,
              null,
              true));
    }
    List<Reason> failures = new ArrayList<>();
    List<LoggedEvent> verified = new ArrayList<>();
    for (CheckedEntry e : entries) {
      if (e.verified()) {
        Statement statement = e.statement().orElseThrow();
        verified.add(
            new LoggedEvent(
                e.index(),
                statement,
                ApproverSignatures.signedByActor(
                    e.envelope().orElseThrow(), statement, state.ring()::find)));
      } else {
        failures.add(
            new Reason(
                e.included() ? ReasonCode.SIGNATURE_INVALID : ReasonCode.NOT_IN_LOG,
                "entry "
                    + e.index()
                    + " of change "
                    + changeId
                    + ": "
                    + String.join("; ", e.problems())));
      }
    }
    Optional<ChangeHistory> history = VerdictCheck.history(changeId, verified, failures);
    return new VerifiedChange(checkpoint, entries, history, failures);
  }

  private record Row(long index, byte[] bytes) {}

  /** A key ring and the registry list it was made from (the registry returns the same list). */
  private record Ring(List<RegisteredKey> keys, KeyRing ring) {}

  /** An entry whose signatures verified: the leaf hash of its bytes, and its statement. */
  private record Signed(Digest leaf, Envelope envelope, Statement statement, KeyRing ring) {}

  /** Entries remembered (each holds its envelope, about 8 KiB): hundreds of changes. */
  static final int MAX_SIGNED = 2048;

  private KeyRing ring(List<RegisteredKey> keys) {
    Ring known = ring;
    if (known != null && known.keys() == keys) {
      return known.ring();
    }
    KeyRing made = KeyRing.of(keys);
    ring = new Ring(keys, made);
    return made;
  }

  private void remember(long index, Signed entry) {
    if (signedEntries.size() >= MAX_SIGNED) {
      signedEntries.clear(); // bounded; a cleared cache only costs verifications
    }
    signedEntries.put(index, entry);
  }

  private CheckpointVerifier checkpointVerifier() {
    PublicKey logKey = keys.logKey().getPublic();
    CheckpointVerifier known = checkpointVerifier;
    if (known == null || !logKey.equals(checkpointKey)) {
      known = new CheckpointVerifier(origin.value(), logKey);
      checkpointKey = logKey;
      checkpointVerifier = known;
    }
    return known;
  }

  /**
   * What entries are checked against: the latest checkpoint, which must be signed by this log's
   * key, and the keys the log registered.
   *
   * @throws LedgerIntegrityException if the latest checkpoint is not signed by this log's key or
   *     the key registry is not backed by the log
   */
  public LogState state() {
    StoredCheckpoint checkpoint = reader.latestCheckpoint();
    CheckpointVerifier by = checkpointVerifier();
    VerifiedNote known = verifiedNote;
    if (known == null || known.verifier() != by || !known.note().equals(checkpoint.note())) {
      try {
        by.verify(checkpoint.note());
      } catch (VerificationException e) {
        throw new LedgerIntegrityException(
            "the latest checkpoint is not signed by this log's key: " + e.getMessage());
      }
      verifiedNote = new VerifiedNote(by, checkpoint.note());
    }
    return new LogState(checkpoint, ring(registry.all()));
  }

  /**
   * Checks one entry as {@link #verify} checks a change's: its signatures with the keys of {@code
   * state}, and its inclusion under {@code state}'s checkpoint by {@code proof} (empty when the
   * store lacks a node of it, which is a failure). For callers that check many entries once (a
   * report): every signature is verified, and nothing is remembered for the gate.
   */
  public CheckedEntry check(
      long index, byte[] bytes, LogState state, Optional<InclusionProof> proof) {
    return check(index, bytes, state, () -> proof, null, null, false);
  }

  /**
   * Checks one entry as {@link #check(long, byte[], LogState, Optional)} does, with its envelope
   * and statement already parsed from {@code bytes} by the caller (a report parses every entry of a
   * change to find what it needs, and parsing the needed ones again cost as much as a fifth of its
   * time). The bytes are still hashed and proven included, and every signature verified over the
   * PAE of the given envelope.
   *
   * @param envelope what {@link Envelope#parse} made of {@code bytes}
   * @param statement what {@link Statement#parse} made of its payload
   */
  public CheckedEntry check(
      long index,
      byte[] bytes,
      Envelope envelope,
      Statement statement,
      LogState state,
      Optional<InclusionProof> proof) {
    return check(index, bytes, state, () -> proof, envelope, statement, false);
  }

  /**
   * Checks one entry's signatures as {@link #check(long, byte[], Envelope, Statement, LogState,
   * Optional)} does, when the caller has already proven its bytes included under {@code state}'s
   * checkpoint together with others' ({@link LogReader#verifyIncluded}): a report proves a page of
   * entries with one batch, whose shared nodes are hashed once, instead of a proof each.
   *
   * @param bytes the entry bytes the batch proved (hashed there, not again here)
   * @param envelope what {@link Envelope#parse} made of {@code bytes}, if they parsed
   * @param statement what {@link Statement#parse} made of its payload, if it parsed; where either
   *     did not, the bytes are parsed again here to say why they do not verify
   */
  public CheckedEntry checkProvenIncluded(
      long index,
      byte[] bytes,
      Optional<Envelope> envelope,
      Optional<Statement> statement,
      LogState state) {
    return check(index, bytes, state, null, envelope.orElse(null), statement.orElse(null), false);
  }

  /**
   * @param proofOf the entry's inclusion proof, or null when the caller proved it included
   */
  private CheckedEntry check(
      long index,
      byte[] bytes,
      LogState state,
      @Nullable Supplier<Optional<InclusionProof>> proofOf,
      @Nullable Envelope parsedEnvelope,
      @Nullable Statement parsedStatement,
      boolean remembered) {
    StoredCheckpoint checkpoint = state.checkpoint();
    KeyRing ring = state.ring();
    List<String> problems = new ArrayList<>();
    boolean included = false;
    // A batch that proved the entry has hashed its bytes already.
    Digest leaf = proofOf == null ? null : MerkleHash.leaf(bytes);
    if (proofOf == null) {
      included = true;
    } else if (index >= checkpoint.size()) {
      problems.add("beyond the latest checkpoint (size " + checkpoint.size() + ")");
    } else {
      Optional<InclusionProof> proof = proofOf.get();
      if (proof.isEmpty()) {
        problems.add("its inclusion proof cannot be made: a Merkle node is missing from the store");
      } else {
        try {
          proof.get().verify(leaf, checkpoint.root());
          included = true;
        } catch (VerificationException e) {
          problems.add("its bytes are not the leaf the checkpoint covers: " + e.getMessage());
        }
      }
    }
    Optional<Envelope> envelope = Optional.empty();
    Optional<Statement> statement = Optional.empty();
    boolean signed = false;
    Signed before = remembered && leaf != null ? signedEntries.get(index) : null;
    if (before != null && before.ring() == ring && before.leaf().equals(leaf)) {
      // These very bytes verified under this very key ring: the outcome cannot differ.
      return new CheckedEntry(
          index,
          Optional.of(before.envelope()),
          Optional.of(before.statement()),
          true,
          included,
          problems);
    }
    try {
      Envelope env = parsedEnvelope != null ? parsedEnvelope : Envelope.parse(bytes);
      envelope = Optional.of(env);
      Statement s = parsedStatement != null ? parsedStatement : env.statement();
      statement = Optional.of(s);
      env.verify(id -> ring.verifierAt(id, s.predicate().createdAt()));
      boolean byService = false;
      boolean foreign = false;
      String actor = s.predicate().actor().subject();
      for (EnvelopeSignature sig : env.signatures()) {
        Optional<RegisteredKey> key = ring.find(sig.keyId());
        byService |= key.map(k -> k.purpose().equals("service")).orElse(false);
        // As the verifier judges it (docs/formats.md §3): an approver key vouches only for its
        // owner's acts.
        if (key.isPresent()
            && key.get().purpose().equals("approver")
            && !key.get().owner().equals(actor)) {
          foreign = true;
          problems.add(
              "signed by approver key "
                  + key.get().keyId()
                  + " of "
                  + key.get().owner()
                  + ", not of the actor "
                  + actor);
        }
      }
      if (!byService) {
        problems.add("no signature by the service key");
      } else if (!foreign) {
        signed = true;
        if (remembered && leaf != null) {
          remember(index, new Signed(leaf, env, s, ring));
        }
      }
    } catch (VerificationException | IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return new CheckedEntry(index, envelope, statement, signed, included, problems);
  }
}
