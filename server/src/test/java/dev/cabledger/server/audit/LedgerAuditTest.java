package dev.cabledger.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.ledger.LedgerRangeException;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.ledger.StoredCheckpoint;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The server-side ledger check of stored checkpoints, and bundles with consistency proofs. */
class LedgerAuditTest {
  @ParameterizedTest
  @EnumSource(Backend.class)
  void run_checkpointRowOfAnotherBranch_isReportedBySize(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      for (int i = 0; i < 3; i++) {
        TestEvents.append(service.app(), 2); // each append waits: a checkpoint at every size
      }
      LedgerAudit audit = service.app().getBean(LedgerAudit.class);
      assertThat(audit.run().findings()).isEmpty();
      StoredCheckpoint latest = service.app().getBean(LogReader.class).latestCheckpoint();
      long size = latest.size() - 2;
      String origin = latest.note().substring(0, latest.note().indexOf('\n'));

      // An intruder replaces the checkpoint of that size with one of another history.
      db.dropAppendOnlyTriggers();
      JdbcTemplate jdbc = db.jdbc();
      assertThat(jdbc.update("DELETE FROM checkpoint WHERE tree_size = ?", size)).isEqualTo(1);
      Digest otherRoot = Digest.sha256("another branch".getBytes(StandardCharsets.UTF_8));
      String note =
          new CheckpointSigner(origin, MlDsa65.generate())
              .sign(new Checkpoint(origin, size, otherRoot))
              .note();
      jdbc.update(
          "INSERT INTO checkpoint (tree_size, root_hash, note, created_at) VALUES (?, ?, ?, ?)",
          size,
          otherRoot.bytes(),
          note,
          Instant.now().toString());

      List<Finding> findings = audit.run().findings();

      assertThat(findings)
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.message())
                      .contains("checkpoint of size " + size + " is not consistent with the tree")
                      .contains(otherRoot.toString()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void bundle_consistencyFrom_carriesProofsToTheCheckpoint(Backend backend) {
    TestService service = TestService.shared(backend);
    TestEvents.append(service.app(), 3);
    BundleExport export = service.app().getBean(BundleExport.class);

    BundleExport.Range range =
        export.range(Optional.empty(), Optional.empty(), List.of(2L, 1L, 2L, Long.MAX_VALUE));

    long size = range.checkpoint().size();
    assertThat(range.consistencyProofs())
        .extracting(p -> p.fromSize() + "->" + p.toSize())
        .containsExactly("1->" + size, "2->" + size);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    export.write(range, out);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"consistencyProofs\":[{\"fromSize\":1,\"toSize\":" + size);
    assertThatThrownBy(() -> export.range(Optional.empty(), Optional.empty(), List.of(0L)))
        .isInstanceOf(LedgerRangeException.class)
        .hasMessageContaining("consistencyFrom must be at least 1");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void bundle_invalidConsistencyFrom_is400(Backend backend) {
    TestService service = TestService.shared(backend);
    Optional<String> token = Optional.of(service.token("user:auditor", Role.AUDITOR));

    HttpResponse<String> zero = service.get("/api/audit/bundle?consistencyFrom=0", token);
    HttpResponse<String> text = service.get("/api/audit/bundle?consistencyFrom=abc", token);

    assertThat(zero.statusCode()).as(zero.body()).isEqualTo(400);
    assertThat(zero.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(zero.body()).contains("consistencyFrom must be at least 1");
    assertThat(text.statusCode()).as(text.body()).isEqualTo(400);
  }
}
