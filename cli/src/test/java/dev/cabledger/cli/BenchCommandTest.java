package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code cab-ledger bench append}: a short run reports what it appended as one JSON line. */
class BenchCommandTest {

  @Test
  void benchAppend_smallSqliteRun_reportsEveryEntryAppended() {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "bench",
            "append",
            "--backend",
            "sqlite",
            "--entries",
            "40",
            "--threads",
            "2",
            "--warmup",
            "5",
            "--proof-samples",
            "10",
            "--sign-seconds",
            "1");
    assertThat(result.code()).as(result.err()).isZero();
    String last = result.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    JsonNode report = JsonMapper.builder().build().readTree(last);
    assertThat(report.path("entries").asLong()).isEqualTo(40);
    assertThat(report.path("backend").asString()).isEqualTo("sqlite");
    assertThat(report.path("entriesPerSecond").asDouble()).isPositive();
  }

  @Test
  void benchAppend_noEntries_refused() {
    VerifyCommandTest.Result result = VerifyCommandTest.run("bench", "append", "--entries", "0");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--entries");
  }
}
