package dev.cabledger.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The origin is fixed at the first start: another one later is refused, none keeps it. */
class LedgerOriginTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void establish_otherOriginAfterTheFirstStart_refusedAndTheLogKeepsItsOwn(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend)) {
      try (TestService first = TestService.start(db, "cab.origin=ledger.example.com/prod")) {
        assertThat(checkpointOrigin(first)).isEqualTo("ledger.example.com/prod");
      }
      assertThatThrownBy(() -> TestService.start(db, "cab.origin=ledger.example.com/other"))
          .rootCause()
          .hasMessageContaining("ledger.example.com/prod")
          .hasMessageContaining("cannot change");
      try (TestService again = TestService.start(db)) {
        assertThat(checkpointOrigin(again)).isEqualTo("ledger.example.com/prod");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void establish_invalidOrigin_refused(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend)) {
      assertThatThrownBy(() -> TestService.start(db, "cab.origin=has space"))
          .rootCause()
          .hasMessageContaining("origin");
    }
  }

  private static String checkpointOrigin(TestService service) {
    return service.get("/api/ledger/checkpoint", Optional.empty()).body().split("\n")[0];
  }
}
