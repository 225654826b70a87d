package dev.cabledger.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendTest {

  @Test
  void ofUrl_sqliteAndPostgresql_recognisedInAnyCase() {
    assertThat(Backend.ofUrl("jdbc:sqlite:/var/lib/cab/ledger.db")).isEqualTo(Backend.SQLITE);
    assertThat(Backend.ofUrl("JDBC:PostgreSQL://db:5432/cab")).isEqualTo(Backend.POSTGRESQL);
  }

  @Test
  void ofUrl_otherDatabase_refusedWithoutShowingTheQuery() {
    assertThatThrownBy(() -> Backend.ofUrl("jdbc:mysql://db/cab?password=secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://db/cab")
        .hasMessageNotContaining("secret");
  }

  @Test
  void redact_dropsTheQueryString() {
    assertThat(Backend.redact("jdbc:postgresql://db/cab?user=a&password=b"))
        .isEqualTo("jdbc:postgresql://db/cab?…");
    assertThat(Backend.redact("jdbc:sqlite:ledger.db")).isEqualTo("jdbc:sqlite:ledger.db");
  }
}
