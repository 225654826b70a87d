package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code cab-ledger bench console}, briefly: a signed-in queue is loaded and its times given. */
class ConsoleBenchTest {

  @Test
  void benchConsole_tinyRun_loadsAFullFirstPageAndReportsItsTimes() {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "bench",
            "console",
            "--backend",
            "sqlite",
            "--open-changes",
            "40",
            "--clients",
            "3",
            "--loads",
            "5",
            "--warmup-loads",
            "2");
    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().strip().lines().toList();
    JsonNode figures = JsonMapper.builder().build().readTree(lines.getLast());
    assertThat(figures.path("openChanges").asInt()).isEqualTo(40);
    assertThat(figures.path("loads").asInt()).isEqualTo(5);
    assertThat(figures.path("rows").asInt()).isEqualTo(25);
    assertThat(figures.path("pageBytes").asInt()).isPositive();
    double p50 = figures.path("p50Millis").asDouble();
    assertThat(p50).isPositive();
    assertThat(figures.path("p95Millis").asDouble()).isGreaterThanOrEqualTo(p50);
    assertThat(figures.path("maxMillis").asDouble())
        .isGreaterThanOrEqualTo(figures.path("p95Millis").asDouble());
  }

  @Test
  void benchConsole_noLoads_refused() {
    VerifyCommandTest.Result result = VerifyCommandTest.run("bench", "console", "--loads", "0");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--loads");
  }
}
