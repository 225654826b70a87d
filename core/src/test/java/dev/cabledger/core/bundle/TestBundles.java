package dev.cabledger.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.KeyCompromised;
import dev.cabledger.core.event.KeyEnrolmentRejected;
import dev.cabledger.core.event.KeyEnrolmentRequested;
import dev.cabledger.core.event.KeyPurpose;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.event.KeyRetired;
import dev.cabledger.core.event.SubjectPublicKeyInfo;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.MerkleTree;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.LogTrust;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.registry.TestKeys;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.assertj.core.api.Condition;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds real audit bundles for tests: a log of DSSE-signed statements, its RFC 9162 tree, a
 * checkpoint signed by the log key, and the bundle as {@link BundleWriter} writes it. Each test
 * starts from a good bundle and introduces one defect.
 */
final class TestBundles {
  static final String ORIGIN = "ledger.example/test";
  static final String OWNER = "cab-ledger";

  /** Time of entry 0; entry i is created {@code i} seconds and 250 ms later. */
  static final Instant T0 = Instant.parse("2026-04-01T14:30:00Z");

  /** When the service's own keys became valid. */
  static final Instant KEYS_FROM = T0.minus(Duration.ofDays(1));

  static final KeyPair LOG = MlDsa65.generate();
  static final KeyPair SERVICE = MlDsa65.generate();
  static final KeyPair APPROVER = MlDsa65.generate();
  static final KeyPair STRANGER = MlDsa65.generate();

  static final JsonMapper JSON = JsonMapper.builder().build();

  private TestBundles() {}

  static KeyId id(KeyPair key) {
    return TestKeys.id(key);
  }

  static MlDsaSigner signer(KeyPair key) {
    return new MlDsaSigner(id(key), key.getPrivate());
  }

  static RegisteredKey key(KeyPair key, String owner, String purpose, Instant validFrom) {
    return TestKeys.key(key, owner, purpose, validFrom);
  }

  static RegisteredKey key(
      KeyPair key,
      String owner,
      String purpose,
      Instant validFrom,
      Optional<Instant> validTo,
      KeyStatus status) {
    return TestKeys.key(key, owner, purpose, validFrom, validTo, status);
  }

  /** The auditor's trust file for the test log. */
  static LogTrust trust() {
    return new LogTrust(ORIGIN, id(LOG), MlDsa65.spki(LOG.getPublic()));
  }

  static RegisteredKey logKey() {
    return key(LOG, OWNER, "log", KEYS_FROM);
  }

  static RegisteredKey serviceKey() {
    return key(SERVICE, OWNER, "service", KEYS_FROM);
  }

  static RegisteredKey approverKey() {
    return key(APPROVER, "alice@example.com", "approver", KEYS_FROM);
  }

  static Instant at(int i) {
    return T0.plusMillis(i * 1000L + 250);
  }

  /** The approver of {@link #approval(int)}, as the identity provider asserted it. */
  static final Actor ALICE =
      Actor.of("alice@example.com", List.of("CAB_APPROVER"), "https://idp.example");

  /** An approval event of change {@code CR-i}. */
  static Statement approval(int i) {
    return approval(i, ALICE);
  }

  /** An approval event of change {@code CR-i} by {@code actor}. */
  static Statement approval(int i, Actor actor) {
    Digest plan = Digest.sha256(bytes("plan " + i));
    return new Statement(
        "CR-" + i,
        plan,
        new Event(
            "corr-" + i,
            new CabApproved(
                new UUID(0, i),
                new ClientId("acme"),
                plan,
                Optional.of("tf-aws-rds"),
                actor.subject(),
                "CAB_APPROVER",
                ApprovalStatus.APPROVED,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ApprovalConstraints.NONE,
                Optional.empty()),
            actor,
            at(i)));
  }

  /** The platform admin who approves approver keys' enrolments. */
  static final Actor ADMIN =
      Actor.of("admin@example.com", List.of("PLATFORM_ADMIN"), "https://idp.example");

  /**
   * A KEY_REGISTERED event as the server writes it: the service's own keys by the service itself
   * (KeyRegistry), an approver key by a platform admin approving its enrolment.
   */
  static Statement keyRegistered(RegisteredKey key, Instant at) {
    boolean approver = key.purpose().equals("approver");
    return keyRegistered(key, approver ? ADMIN : Actor.SYSTEM, at);
  }

  /** A KEY_REGISTERED event of {@code key} made by {@code actor}. */
  static Statement keyRegistered(RegisteredKey key, Actor actor, Instant at) {
    return new Statement(
        key.keyId().value(),
        Digest.sha256(key.publicKey()),
        new Event(
            "corr-key-" + key.keyId(),
            new KeyRegistered(
                key.keyId(),
                key.algorithm(),
                new SubjectPublicKeyInfo(key.publicKey()),
                key.owner(),
                KeyPurpose.valueOf(key.purpose().toUpperCase(java.util.Locale.ROOT)),
                key.validFrom(),
                key.validTo()),
            actor,
            at));
  }

  /** The owner's request to enrol {@code key} (KEY_ENROLMENT_REQUESTED), made by the owner. */
  static Statement enrolmentRequested(RegisteredKey key, Instant at) {
    return new Statement(
        key.keyId().value(),
        Digest.sha256(key.publicKey()),
        new Event(
            "corr-enrol-" + key.keyId(),
            new KeyEnrolmentRequested(
                UUID.nameUUIDFromBytes(key.publicKey()),
                key.keyId(),
                key.algorithm(),
                new SubjectPublicKeyInfo(key.publicKey()),
                key.owner()),
            Actor.of(key.owner(), List.of("CAB_APPROVER"), "https://idp.example"),
            at));
  }

  /** A platform admin's KEY_ENROLMENT_REJECTED of {@code key}'s enrolment request. */
  static Statement enrolmentRejected(RegisteredKey key, Instant at) {
    return new Statement(
        key.keyId().value(),
        Digest.sha256(key.publicKey()),
        new Event(
            "corr-reject-" + key.keyId(),
            new KeyEnrolmentRejected(
                UUID.nameUUIDFromBytes(key.publicKey()), key.keyId(), "not confirmed"),
            ADMIN,
            at));
  }

  /** A KEY_RETIRED event of {@code key}, valid to {@code validTo}. */
  static Statement keyRetired(RegisteredKey key, Instant validTo, Instant at) {
    return new Statement(
        key.keyId().value(),
        Digest.sha256(key.publicKey()),
        new Event(
            "corr-retire-" + key.keyId(),
            new KeyRetired(key.keyId(), validTo, Optional.of("rotated")),
            Actor.SYSTEM,
            at));
  }

  /** A KEY_COMPROMISED event of {@code key}, compromised since it became valid. */
  static Statement keyCompromised(RegisteredKey key, Instant at) {
    return keyCompromised(key, key.validFrom(), at);
  }

  /** A KEY_COMPROMISED event of {@code key}, compromised since {@code since}. */
  static Statement keyCompromised(RegisteredKey key, Instant since, Instant at) {
    return new Statement(
        key.keyId().value(),
        Digest.sha256(key.publicKey()),
        new Event(
            "corr-compromise-" + key.keyId(),
            new KeyCompromised(key.keyId(), since, "leaked"),
            ADMIN,
            at));
  }

  /** The log entry bytes of a statement signed by these keys. */
  static byte[] signed(Statement statement, KeyPair... signers) {
    return signedPayload(statement.canonicalBytes(), signers);
  }

  static byte[] signedPayload(byte[] payload, KeyPair... signers) {
    return Envelope.sign(
            Envelope.IN_TOTO_PAYLOAD_TYPE,
            payload,
            Arrays.stream(signers).map(TestBundles::signer).toList())
        .canonicalBytes();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A log whose entries 0 and 1 register the service and log keys, followed by {@code approvals}
   * approvals signed by the service key; entry i is created at {@link #at(int)}.
   */
  static Log log(int approvals) {
    Log log = new Log();
    log.append(signed(keyRegistered(serviceKey(), at(0)), SERVICE));
    log.append(signed(keyRegistered(logKey(), at(1)), SERVICE));
    for (int i = 0; i < approvals; i++) {
      log.appendSigned(approval(log.size()), SERVICE);
    }
    return log;
  }

  /** An in-memory log: the entry bytes and their leaf hashes. */
  static final class Log {
    final List<byte[]> entries = new ArrayList<>();
    final List<Digest> leaves = new ArrayList<>();

    Log append(byte[] entry) {
      entries.add(entry.clone());
      leaves.add(MerkleHash.leaf(entry));
      return this;
    }

    Log appendSigned(Statement statement, KeyPair... signers) {
      return append(signed(statement, signers));
    }

    /**
     * Registers a key with a KEY_REGISTERED entry signed by the service key; an approver key after
     * its owner's KEY_ENROLMENT_REQUESTED entry, as the service records them (two entries).
     */
    Log register(RegisteredKey key) {
      if (key.purpose().equals("approver")) {
        appendSigned(enrolmentRequested(key, at(size())), SERVICE);
      }
      return appendSigned(keyRegistered(key, at(size())), SERVICE);
    }

    int size() {
      return entries.size();
    }

    InclusionProof proof(long index, long treeSize) {
      List<Digest> tree = leaves.subList(0, (int) treeSize);
      return new InclusionProof(
          index,
          treeSize,
          InclusionProof.plan(index, treeSize)
              .resolve(n -> MerkleTree.root(tree.subList((int) n.firstLeaf(), (int) n.endLeaf()))));
    }

    ConsistencyProof consistency(long from, long to) {
      List<Digest> tree = leaves.subList(0, (int) to);
      return new ConsistencyProof(
          from,
          to,
          ConsistencyProof.plan(from, to)
              .resolve(n -> MerkleTree.root(tree.subList((int) n.firstLeaf(), (int) n.endLeaf()))));
    }

    /** The signed note of a checkpoint of the first {@code treeSize} entries. */
    String note(long treeSize) {
      return new CheckpointSigner(ORIGIN, LOG).sign(checkpoint(treeSize)).note();
    }

    /** The receipt an append of entry {@code index} got, under a checkpoint of {@code treeSize}. */
    Receipt receipt(long index, long treeSize) {
      return new Receipt(
          index, leaves.get((int) index), note(treeSize), proof(index, treeSize).hashes());
    }

    Checkpoint checkpoint(long treeSize) {
      return new Checkpoint(ORIGIN, treeSize, MerkleTree.root(leaves.subList(0, (int) treeSize)));
    }

    /** A bundle of the whole log under a checkpoint of the whole log. */
    Bundle bundle() {
      return bundle(0, size(), size());
    }

    /** A bundle of [from, to) with proofs against a checkpoint of {@code treeSize}. */
    Bundle bundle(long from, long to, long treeSize) {
      Bundle b = new Bundle();
      b.from = from;
      b.to = to;
      b.checkpoint = new CheckpointSigner(ORIGIN, LOG).sign(checkpoint(treeSize)).note();
      // As the server exports: the KEY_* entries before the range and after it up to the
      // checkpoint, so keys can be established and judged as the whole log says.
      for (int i = 0; i < treeSize; i++) {
        if (i >= from && i < to) {
          continue;
        }
        Statement st = Statement.parse(Envelope.parse(entries.get(i)).payload());
        if (st.predicate().eventType().isKeyEvent()) {
          b.keyEntries.add(
              new BundleWriter.KeyEntry(i, entries.get(i), Optional.of(proof(i, treeSize))));
        }
      }
      for (long i = from; i < Math.min(to, treeSize); i++) {
        b.entries.add(new Entry(i, entries.get((int) i), Optional.of(proof(i, treeSize))));
      }
      return b;
    }
  }

  /** One entry of a bundle as written. */
  record Entry(long index, byte[] bytes, Optional<InclusionProof> proof) {
    Entry withBytes(byte[] other) {
      return new Entry(index, other, proof);
    }

    Entry withProof(Optional<InclusionProof> other) {
      return new Entry(index, bytes, other);
    }
  }

  /** The parts of a bundle, all mutable, written by {@link BundleWriter}. */
  static final class Bundle {
    String origin = ORIGIN;
    String checkpoint = "";
    List<RegisteredKey> keys = new ArrayList<>(List.of(serviceKey(), logKey()));
    List<ConsistencyProof> consistencyProofs = new ArrayList<>();
    final List<BundleWriter.KeyEntry> keyEntries = new ArrayList<>();
    long from;
    long to;
    final List<Entry> entries = new ArrayList<>();

    Bundle with(Consumer<Bundle> change) {
      change.accept(this);
      return this;
    }

    /** Replaces entry at list position {@code i}. */
    Bundle mapEntry(int i, UnaryOperator<Entry> change) {
      entries.set(i, change.apply(entries.get(i)));
      return this;
    }

    byte[] write() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (BundleWriter w =
          new BundleWriter(
              out, origin, checkpoint, keys, keyEntries, consistencyProofs, from, to)) {
        for (Entry e : entries) {
          w.entry(e.index(), e.bytes(), e.proof());
        }
      }
      return out.toByteArray();
    }

    /** The written bundle as a JSON tree, to corrupt it in ways the writer cannot. */
    ObjectNode json() {
      return (ObjectNode) JSON.readTree(write());
    }

    VerifiedBundle verify() {
      return TestBundles.verify(write(), Optional.empty());
    }

    VerifiedBundle verify(LogTrust trust) {
      return new BundleVerifier(Optional.of(trust), Optional.empty())
          .verify(new ByteArrayInputStream(write()));
    }

    List<Finding> findings(LogTrust trust) {
      Throwable thrown =
          catchThrowable(
              () ->
                  new BundleVerifier(Optional.of(trust), Optional.empty())
                      .verify(new ByteArrayInputStream(write())));
      assertThat(thrown).isExactlyInstanceOf(BundleVerificationException.class);
      return ((BundleVerificationException) thrown).findings();
    }

    VerifiedBundle verify(KeyRing pinned) {
      return TestBundles.verify(write(), Optional.of(pinned));
    }

    List<Finding> findings() {
      return TestBundles.findings(write(), Optional.empty());
    }

    List<Finding> findings(KeyRing pinned) {
      return TestBundles.findings(write(), Optional.of(pinned));
    }
  }

  static VerifiedBundle verify(byte[] bundle, Optional<KeyRing> pinned) {
    return new BundleVerifier(pinned).verify(new ByteArrayInputStream(bundle));
  }

  /** The findings of a bundle that must fail verification with {@link Finding}s, nothing else. */
  static List<Finding> findings(byte[] bundle, Optional<KeyRing> pinned) {
    Throwable thrown = catchThrowable(() -> verify(bundle, pinned));
    assertThat(thrown).isExactlyInstanceOf(BundleVerificationException.class);
    List<Finding> findings = ((BundleVerificationException) thrown).findings();
    assertThat(findings).isNotEmpty();
    return findings;
  }

  static List<Finding> findings(ObjectNode bundle) {
    return findings(JSON.writeValueAsBytes(bundle), Optional.empty());
  }

  static List<Finding> findings(String bundle) {
    return findings(bytes(bundle), Optional.empty());
  }

  /** A finding about entry {@code index} whose message contains {@code text}. */
  static Condition<Finding> aboutEntry(long index, String text) {
    return new Condition<>(
        f -> f.entryIndex().equals(OptionalLong.of(index)) && f.message().contains(text),
        "a finding about entry %d containing \"%s\"",
        index,
        text);
  }

  /** A finding about the bundle as a whole whose message contains {@code text}. */
  static Condition<Finding> aboutBundle(String text) {
    return new Condition<>(
        f -> f.entryIndex().isEmpty() && f.message().contains(text),
        "a bundle finding containing \"%s\"",
        text);
  }

  /** A copy with byte {@code i} replaced by {@code b}. */
  static byte[] withByte(byte[] bytes, int i, byte b) {
    byte[] copy = bytes.clone();
    copy[i] = b;
    return copy;
  }
}
