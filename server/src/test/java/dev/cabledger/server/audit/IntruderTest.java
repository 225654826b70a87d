package dev.cabledger.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.bundle.BundleVerificationException;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.BundleWriter;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.checkpoint.SignedCheckpoint;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.merkle.CompactRange;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.merkle.MerkleTree;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.CabLedgerApplication;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.ledger.LedgerOrigin;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit's INSERT-only intruder: with only INSERT on the database (the append-only triggers stay
 * in place), it registers its own log key, appends a forged CAB_APPROVED entry signed with that key
 * with its Merkle nodes, and a checkpoint signed with it. A verifier pinned to the log's trust file
 * names the forged entry, and the server's own ledger check fails.
 */
class IntruderTest {
  private static final int ENTRIES = 4;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void insertOnlyIntruder_forgedApproval_isNamedByTheTrustedVerifierAndTheLedgerCheck(
      Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        ConfigurableApplicationContext app = start(db)) {
      TestEvents.append(app, ENTRIES);
      assertThat(app.getBean(LedgerAudit.class).run().findings()).isEmpty();
      String origin = app.getBean(LedgerOrigin.class).value();

      long forged = intrude(db.jdbc(), origin);

      // The service refuses to export under a checkpoint its log key did not sign; the intruder's
      // bundle is what a compromised export path would serve: every row as stored.
      byte[] bundle = bundleOfTheRows(db.jdbc(), origin);
      BundleVerificationException failed =
          catchThrowableOfType(
              BundleVerificationException.class,
              () ->
                  new BundleVerifier(
                          Optional.of(app.getBean(TrustRoot.class).trust()), Optional.empty())
                      .verify(new ByteArrayInputStream(bundle)));
      assertThat(failed).isNotNull();
      assertThat(failed.findings())
          .as(failed.findings().toString())
          .anyMatch(f -> about(f, forged, "which no KEY_REGISTERED entry before it establishes"))
          .anyMatch(f -> f.message().contains("not signed by the pinned log key"));

      List<Finding> serverSide = app.getBean(LedgerAudit.class).run().findings();
      assertThat(serverSide)
          .as(serverSide.toString())
          .anyMatch(f -> f.message().contains("not signed by this log's key"));
    }
  }

  /** Inserts the intruder's key, entry, nodes and checkpoint; returns the forged entry's index. */
  private static long intrude(JdbcTemplate jdbc, String origin) {
    KeyPair intruder = MlDsa65.generate();
    byte[] spki = MlDsa65.spki(intruder.getPublic());
    KeyId id = KeyId.forMlDsa65(spki);
    List<byte[]> entries =
        jdbc.query("SELECT entry FROM ledger_entry ORDER BY idx", (rs, n) -> rs.getBytes(1));
    long index = entries.size();
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    jdbc.update(
        "INSERT INTO registered_key (key_id, algorithm, public_key, owner, purpose, valid_from,"
            + " valid_to, status, entry_idx) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
        id.value(),
        "ML-DSA-65",
        spki,
        "cab-ledger",
        "log",
        "2026-01-01T00:00:00Z",
        "active",
        index);

    Digest plan = Digest.sha256("the intruder's plan".getBytes(StandardCharsets.UTF_8));
    Statement approval =
        new Statement(
            "CR-666",
            plan,
            new Event(
                UUID.randomUUID().toString(),
                new CabApproved(
                    UUID.randomUUID(),
                    new ClientId("acme"),
                    plan,
                    Optional.empty(),
                    TestEvents.ALICE.subject(),
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
                TestEvents.ALICE,
                now));
    byte[] entry =
        Envelope.sign(
                Envelope.IN_TOTO_PAYLOAD_TYPE,
                approval.canonicalBytes(),
                List.of(new MlDsaSigner(id, intruder.getPrivate())))
            .canonicalBytes();
    jdbc.update(
        "INSERT INTO ledger_entry (idx, entry, appended_at) VALUES (?, ?, ?)",
        index,
        entry,
        now.toString());

    CompactRange tree = CompactRange.empty();
    for (byte[] e : entries) {
      tree.append(MerkleHash.leaf(e), (node, hash) -> {});
    }
    tree.append(
        MerkleHash.leaf(entry),
        (node, hash) ->
            jdbc.update(
                "INSERT INTO merkle_node (id, hash) VALUES (?, ?)",
                ((long) node.level() << 48) | node.index(),
                hash.bytes()));
    SignedCheckpoint cp =
        new CheckpointSigner(origin, intruder).sign(new Checkpoint(origin, index + 1, tree.root()));
    jdbc.update(
        "INSERT INTO checkpoint (tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?)",
        index + 1,
        tree.root().bytes(),
        cp.note(),
        now.toString());
    return index;
  }

  private static boolean about(Finding f, long index, String text) {
    return f.entryIndex().isPresent()
        && f.entryIndex().getAsLong() == index
        && f.message().contains(text);
  }

  /** A bundle of every stored row: entries, the latest checkpoint, the registry table. */
  private static byte[] bundleOfTheRows(JdbcTemplate jdbc, String origin) {
    List<byte[]> entries =
        jdbc.query("SELECT entry FROM ledger_entry ORDER BY idx", (rs, n) -> rs.getBytes(1));
    List<Digest> leaves = entries.stream().map(MerkleHash::leaf).toList();
    String note =
        jdbc.queryForObject(
            "SELECT note FROM checkpoint ORDER BY tree_size DESC LIMIT 1", String.class);
    List<RegisteredKey> keys =
        jdbc.query(
            "SELECT key_id, algorithm, public_key, owner, purpose, valid_from, status"
                + " FROM registered_key ORDER BY entry_idx",
            (rs, n) ->
                new RegisteredKey(
                    new KeyId(rs.getString(1)),
                    rs.getString(2),
                    rs.getBytes(3),
                    rs.getString(4),
                    rs.getString(5),
                    Instant.parse(rs.getString(6)),
                    Optional.empty(),
                    KeyStatus.ofJson(rs.getString(7))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long size = entries.size();
    try (BundleWriter w = new BundleWriter(out, origin, note, keys, 0, size)) {
      for (int i = 0; i < size; i++) {
        InclusionProof proof =
            new InclusionProof(
                i,
                size,
                InclusionProof.plan(i, size)
                    .resolve(
                        node ->
                            MerkleTree.root(
                                leaves.subList((int) node.firstLeaf(), (int) node.endLeaf()))));
        w.entry(i, entries.get(i), Optional.of(proof));
      }
    }
    return out.toByteArray();
  }

  private static ConfigurableApplicationContext start(TestDatabase db) {
    return new SpringApplicationBuilder(CabLedgerApplication.class)
        .web(WebApplicationType.NONE)
        .run(
            "--cab.data-dir=" + db.dataDir(),
            "--cab.db-url=" + db.url(),
            "--cab.db-pool-size=3",
            "--cab.origin=test.cab-ledger.local/intruder",
            "--spring.main.banner-mode=off");
  }
}
