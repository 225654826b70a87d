package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rollback and fork, for real: the database of a running service is restored to an older copy
 * (SQLite: the file copied aside while the service was stopped; PostgreSQL: {@code pg_dump} of the
 * test's schema, restored with {@code psql}), then grows again on the old branch. {@code cab-ledger
 * verify --checkpoint} with a checkpoint kept before the restore must report the rollback, then the
 * fork, naming both sizes; receipts kept from the lost branch must fail.
 */
class VerifyCommandHistoryTest {
  private static final String PLAN = "0f".repeat(32);

  @ParameterizedTest
  @EnumSource(Backend.class)
  void verifyCheckpoint_databaseRestoredToOlderCopy_reportsRollbackThenFork(Backend backend)
      throws IOException {
    try (TestDatabase db = TestDatabase.create(backend)) {
      Path kept = Files.createDirectories(db.dataDir().resolve("auditor"));
      DatabaseCopy copy = new DatabaseCopy(db, kept.resolve("backup"));

      // The log grows to 12 entries; the operator copies the database aside.
      long old;
      try (TestService service = TestService.start(db)) {
        TestEvents.append(service.app(), 12 - (int) size(service));
        old = size(service);
      }
      assertThat(old).isEqualTo(12);
      copy.save();

      // It grows to 15; the auditor keeps that checkpoint, a client keeps a receipt.
      Path saved = kept.resolve("checkpoint-15.txt");
      Path receipts = kept.resolve("receipts.json");
      try (TestService service = TestService.start(db)) {
        TestEvents.append(service.app(), 2);
        Files.writeString(receipts, append(service));
        assertThat(size(service)).isEqualTo(15);
        Files.writeString(saved, service.get("/api/ledger/checkpoint", Optional.empty()).body());

        Path bundle = export(service, kept.resolve("at-15.json"), "?consistencyFrom=12");
        Result ok =
            run(
                "verify",
                "--checkpoint",
                saved.toString(),
                "--receipts",
                receipts.toString(),
                bundle.toString());
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out())
            .contains("CONSISTENT: the log of size 15 extends the checkpoint kept at size 15");
        assertThat(ok.out())
            .contains("RECEIPTS: 1 receipt(s) consistent with the checkpoint of size 15");
      }

      // The database is restored to the copy of size 12.
      copy.restore();
      try (TestService service = TestService.start(db)) {
        assertThat(size(service)).isEqualTo(12);
        Path bundle = export(service, kept.resolve("rolled-back.json"), "");
        Result rollback = run("verify", "--checkpoint", saved.toString(), bundle.toString());
        assertThat(rollback.code()).as(rollback.out() + rollback.err()).isEqualTo(1);
        assertThat(rollback.out())
            .startsWith("FAILED:")
            .contains("rollback: the log now has size 12, smaller than the size 15")
            .doesNotContain("VERIFIED");
        // The restored database is a consistent log in itself: only a kept checkpoint shows it.
        assertThat(service.app().getBean(LedgerAudit.class).run().findings()).isEmpty();

        // The old branch grows past the saved size.
        TestEvents.append(service.app(), 4);
        assertThat(size(service)).isEqualTo(16);
        Path grown = export(service, kept.resolve("forked.json"), "?consistencyFrom=15");
        Result fork = run("verify", "--checkpoint", saved.toString(), grown.toString());
        assertThat(fork.code()).as(fork.out() + fork.err()).isEqualTo(1);
        assertThat(fork.out())
            .startsWith("FAILED:")
            .contains("fork: the log of size 16 does not extend the checkpoint of size 15");

        // The same, with the proof fetched from the service instead of carried in the bundle.
        Path plain = export(service, kept.resolve("forked-plain.json"), "");
        String url = service.uri("/").toString();
        Result fetched =
            run("verify", "--server", url, "--checkpoint", saved.toString(), plain.toString());
        assertThat(fetched.code()).as(fetched.out() + fetched.err()).isEqualTo(1);
        assertThat(fetched.out())
            .contains("fork: the log of size 16 does not extend the checkpoint of size 15");

        // Without any proof the answer is a failure, never VERIFIED.
        Result unproven = run("verify", "--checkpoint", saved.toString(), plain.toString());
        assertThat(unproven.code()).isEqualTo(1);
        assertThat(unproven.out()).contains("no consistency proof from size 15 to size 16");

        // The receipt of entry 14, from the lost branch, no longer holds.
        Result lost =
            run("verify", "--server", url, "--receipts", receipts.toString(), plain.toString());
        assertThat(lost.code()).as(lost.out() + lost.err()).isEqualTo(1);
        assertThat(lost.out()).contains("entry 14: receipt: fork");
      }
    }
  }

  private static String append(TestService service) {
    String token = service.token("user:alice", Set.of(Role.REQUESTER), Set.of("acme"), false);
    HttpResponse<String> created =
        service.post(
            "/api/ledger/events",
            "{\"subject\":\"CR-7\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"PIPELINE_NOTE\",\"eventData\":{\"client\":\"acme\",\"note\":{}},"
                + "\"correlationId\":\""
                + UUID.randomUUID()
                + "\"}",
            Optional.of(token));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created.body();
  }

  private static long size(TestService service) {
    String note = service.get("/api/ledger/checkpoint", Optional.empty()).body();
    return Long.parseLong(note.split("\n")[1]);
  }

  private static Path export(TestService service, Path file, String query) throws IOException {
    String token = service.token("user:auditor", Role.AUDITOR);
    HttpResponse<String> response = service.get("/api/audit/bundle" + query, Optional.of(token));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Files.writeString(file, response.body());
  }

  private static Result run(String... args) {
    VerifyCommandTest.Result r = VerifyCommandTest.run(args);
    return new Result(r.code(), r.out(), r.err());
  }

  private record Result(int code, String out, String err) {}

  /** A copy of the test's database taken while no service runs on it, and its restore. */
  private record DatabaseCopy(TestDatabase db, Path dir) {
    private static final Pattern SCHEMA = Pattern.compile("currentSchema=([a-z0-9_]+)");

    void save() throws IOException {
      Files.createDirectories(dir);
      if (db.backend() == Backend.SQLITE) {
        for (Path file : sqliteFiles(db.dataDir())) {
          Files.copy(file, dir.resolve(file.getFileName()));
        }
      } else {
        run(
            List.of(
                "pg_dump", "--dbname=" + libpqUrl(), "--schema=" + schema(), "--file=" + dump()));
      }
    }

    void restore() throws IOException {
      if (db.backend() == Backend.SQLITE) {
        for (Path file : sqliteFiles(db.dataDir())) {
          Files.delete(file);
        }
        for (Path file : sqliteFiles(dir)) {
          Files.copy(
              file, db.dataDir().resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      } else {
        run(
            List.of(
                "psql",
                "--dbname=" + libpqUrl(),
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-c",
                "DROP SCHEMA " + schema() + " CASCADE"));
        run(
            List.of(
                "psql",
                "--dbname=" + libpqUrl(),
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "--file=" + dump()));
      }
    }

    private Path dump() {
      return dir.resolve("dump.sql");
    }

    private String schema() {
      Matcher m = SCHEMA.matcher(db.url());
      assertThat(m.find()).as(db.url()).isTrue();
      return m.group(1);
    }

    /** The tests' PostgreSQL JDBC URL as a libpq URL for the command-line tools. */
    private static String libpqUrl() {
      Matcher m =
          Pattern.compile("jdbc:postgresql://([^/?]+)/([^?]+)\\?(?:.*&)?user=([^&]+)")
              .matcher(TestDatabase.PG_URL);
      assertThat(m.find()).as(TestDatabase.PG_URL).isTrue();
      return "postgresql://" + m.group(3) + "@" + m.group(1) + "/" + m.group(2);
    }

    private static List<Path> sqliteFiles(Path dir) throws IOException {
      try (var files = Files.list(dir)) {
        return files.filter(f -> f.getFileName().toString().startsWith("ledger.db")).toList();
      }
    }

    private static void run(List<String> command) {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
