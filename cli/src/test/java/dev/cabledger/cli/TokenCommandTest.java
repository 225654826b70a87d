package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cab-ledger token} against a real service on the same data directory. */
class TokenCommandTest {

  @Test
  void token_afterFirstServe_printsATokenTheServiceAccepts() {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE);
        TestService service = TestService.start(db)) {
      VerifyCommandTest.Result result =
          VerifyCommandTest.run(
              "token",
              "--data-dir",
              db.dataDir().toString(),
              "--user",
              "alice",
              "--roles",
              "auditor,PLATFORM_ADMIN",
              "--all-clients",
              "--ttl",
              "5m");
      assertThat(result.code()).as(result.err()).isZero();
      String token = result.out().strip();
      assertThat(service.get("/api/audit/ledger-check", Optional.of(token)).statusCode())
          .isEqualTo(200);
      assertThat(service.get("/api/audit/ledger-check", Optional.of(token + "x")).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void token_serviceNeverRan_failsWithAClearMessage(@TempDir java.nio.file.Path dir) {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "token",
            "--data-dir",
            dir.toString(),
            "--user",
            "a",
            "--roles",
            "AUDITOR",
            "--clients",
            "acme");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("cab-ledger serve");
  }

  @Test
  void token_clientsAndAllClients_rejectedAsExclusive(@TempDir java.nio.file.Path dir) {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "token",
            "--data-dir",
            dir.toString(),
            "--user",
            "a",
            "--roles",
            "AUDITOR",
            "--clients",
            "acme",
            "--all-clients");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("mutually exclusive");
  }
}
