package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.registry.LogTrust;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.CabLedgerApplication;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.audit.BundleExport;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;

/**
 * The tamper matrix: an intruder with database access (append-only triggers dropped) changes one
 * byte of an entry, deletes a row, or swaps two rows; both {@code cab-ledger verify} of an exported
 * bundle and the server-side ledger check must fail and name the entry.
 */
class VerifyCommandTest {
  private static final int ENTRIES = 12;

  /** What the intruder does; {@code entries} are the indices the findings must name. */
  enum Tamper {
    CHANGE_ONE_BYTE(5),
    DELETE_ROW(7),
    SWAP_TWO_ROWS(4, 9);

    final long[] entries;

    Tamper(long... entries) {
      this.entries = entries;
    }

    void apply(JdbcTemplate jdbc) {
      switch (this) {
        case CHANGE_ONE_BYTE -> {
          byte[] entry =
              jdbc.queryForObject(
                  "SELECT entry FROM ledger_entry WHERE idx = ?", byte[].class, entries[0]);
          // Flip a byte inside the base64 signature: the JSON stays well-formed.
          entry[entry.length - 40] ^= 0x01;
          jdbc.update("UPDATE ledger_entry SET entry = ? WHERE idx = ?", entry, entries[0]);
        }
        case DELETE_ROW -> jdbc.update("DELETE FROM ledger_entry WHERE idx = ?", entries[0]);
        case SWAP_TWO_ROWS -> {
          long a = entries[0];
          long b = entries[1];
          long parked = 1_000_000_000L;
          jdbc.update("UPDATE ledger_entry SET idx = ? WHERE idx = ?", parked, a);
          jdbc.update("UPDATE ledger_entry SET idx = ? WHERE idx = ?", a, b);
          jdbc.update("UPDATE ledger_entry SET idx = ? WHERE idx = ?", b, parked);
        }
      }
    }
  }

  static Stream<Arguments> matrix() {
    return Stream.of(Backend.values())
        .flatMap(b -> Stream.of(Tamper.values()).map(t -> Arguments.of(b, t)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("matrix")
  void verify_tamperedDatabase_failsNamingTheEntry(Backend backend, Tamper tamper)
      throws IOException {
    try (TestDatabase db = TestDatabase.create(backend);
        ConfigurableApplicationContext app = start(db)) {
      appendSampleEntries(app);
      Path bundle = db.dataDir().resolve("before.json");
      export(app, bundle);
      Result clean = run("verify", bundle.toString());
      assertThat(clean.code()).as(clean.out()).isZero();
      assertThat(clean.out()).startsWith("VERIFIED: " + (ENTRIES + 2) + " entries");
      assertThat(app.getBean(LedgerAudit.class).run().findings()).isEmpty();

      db.dropAppendOnlyTriggers();
      tamper.apply(db.jdbc());

      Path tampered = db.dataDir().resolve("after.json");
      export(app, tampered);
      Result result = run("verify", tampered.toString());
      assertThat(result.code()).as(result.out()).isEqualTo(1);
      assertThat(result.out()).startsWith("FAILED:");
      List<Finding> serverSide = app.getBean(LedgerAudit.class).run().findings();
      for (long index : tamper.entries) {
        assertThat(result.out()).contains("entry " + index + ":");
        assertThat(serverSide)
            .as(serverSide.toString())
            .anyMatch(f -> f.entryIndex().isPresent() && f.entryIndex().getAsLong() == index);
      }
    }
  }

  @Test
  void verify_withTheTrustFile_pinsTheLogKey() throws IOException {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        ConfigurableApplicationContext app = start(db)) {
      appendSampleEntries(app);
      Path bundle = db.dataDir().resolve("bundle.json");
      export(app, bundle);
      Result trustFile =
          run(
              "keys",
              "trust-file",
              "--keys-dir",
              db.dataDir().resolve("keys").toString(),
              "--origin",
              "test.cab-ledger.local/verify");
      assertThat(trustFile.code()).as(trustFile.err()).isZero();
      Path trust = db.dataDir().resolve("log-trust.json");
      Files.writeString(trust, trustFile.out());

      Result pinned = run("verify", "--trust", trust.toString(), bundle.toString());
      Result unpinned = run("verify", bundle.toString());
      Result shown =
          run("keys", "show", "--log", "--keys-dir", db.dataDir().resolve("keys").toString());

      assertThat(pinned.code()).as(pinned.out()).isZero();
      assertThat(pinned.out()).doesNotContain("nothing is pinned");
      assertThat(unpinned.code()).isZero();
      assertThat(unpinned.out()).contains("note: the log key was taken from the bundle itself");
      assertThat(shown.out()).contains(LogTrust.parse(Files.readAllBytes(trust)).keyId().value());
    }
  }

  @Test
  void verify_trustFileOfAnotherLog_failsNamingTheCheckpoint() throws IOException {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        ConfigurableApplicationContext app = start(db)) {
      appendSampleEntries(app);
      Path bundle = db.dataDir().resolve("bundle.json");
      export(app, bundle);
      byte[] stranger = MlDsa65.spki(MlDsa65.generate().getPublic());
      Path trust = db.dataDir().resolve("other-trust.json");
      Files.writeString(
          trust,
          new LogTrust("test.cab-ledger.local/verify", KeyId.forMlDsa65(stranger), stranger)
              .toJson());

      Result result = run("verify", "--trust", trust.toString(), bundle.toString());

      assertThat(result.code()).isEqualTo(1);
      assertThat(result.out()).contains("the checkpoint is not signed by the pinned log key");
    }
  }

  @Test
  void verify_missingFile_exitsTwo(@TempDir Path dir) {
    Result result = run("verify", dir.resolve("nope.json").toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("no such bundle file");
  }

  @Test
  void verify_notABundle_exitsOneWithFinding(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"format\":\"something else\",\"entries\":[]}");
    Result result = run("verify", file.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).contains("format is 'something else'");
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CabLedger.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  static ConfigurableApplicationContext start(TestDatabase db) {
    return new SpringApplicationBuilder(CabLedgerApplication.class)
        .web(WebApplicationType.NONE)
        // Arguments, not default properties: those rank below application.yml and the
        // environment (CAB_DB_URL must not redirect a test or a benchmark).
        .run(
            "--cab.data-dir=" + db.dataDir(),
            "--cab.db-url=" + db.url(),
            "--cab.db-pool-size=3",
            "--cab.origin=test.cab-ledger.local/verify",
            "--spring.main.banner-mode=off");
  }

  static void appendSampleEntries(ConfigurableApplicationContext app) {
    TestEvents.append(app, ENTRIES);
  }

  static void export(ConfigurableApplicationContext app, Path file) throws IOException {
    BundleExport export = app.getBean(BundleExport.class);
    try (OutputStream out = Files.newOutputStream(file)) {
      export.write(export.range(Optional.empty(), Optional.empty()), out);
    }
  }
}
