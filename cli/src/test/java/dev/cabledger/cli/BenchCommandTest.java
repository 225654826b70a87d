package dev.cabledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code cab-ledger bench append}, {@code report} and {@code workflow}, briefly: each runs and
 * reports its figures.
 */
class BenchCommandTest {

  @Test
  void benchAppend_tinyRun_reportsMedianOfPairedRatiosAndTheirSpread() {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "bench",
            "append",
            "--backend",
            "sqlite",
            "--entries",
            "60",
            "--threads",
            "2",
            "--warmup",
            "20",
            "--warmup-max-seconds",
            "0",
            "--pairs",
            "3",
            "--sign-seconds",
            "0.1",
            "--proof-samples",
            "50");
    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().strip().lines().toList();
    assertThat(lines.stream().filter(l -> l.startsWith("phase "))).hasSize(3);
    JsonNode figures = JsonMapper.builder().build().readTree(lines.getLast());
    assertThat(figures.path("entries").asLong()).isEqualTo(60);
    assertThat(figures.path("pairs").asInt()).isEqualTo(3);
    assertThat(figures.path("logSize").asLong()).isEqualTo(2 + 20 + 60);
    double ratio = figures.path("ratio").asDouble();
    assertThat(ratio).isPositive();
    assertThat(figures.path("ratioMin").asDouble()).isLessThanOrEqualTo(ratio);
    assertThat(figures.path("ratioMax").asDouble()).isGreaterThanOrEqualTo(ratio);
  }

  @Test
  void benchAppend_noEntries_refused() {
    VerifyCommandTest.Result result = VerifyCommandTest.run("bench", "append", "--entries", "0");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--entries");
  }

  @Test
  void benchReport_tinyRun_reportsRatioOfVerifiedReportsToRawVerifyRate() {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "bench",
            "report",
            "--log-entries",
            "40",
            "--decisions",
            "20",
            "--pairs",
            "2",
            "--verify-seconds",
            "0.1",
            "--warmup-max-seconds",
            "0");
    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().strip().lines().toList();
    assertThat(lines.stream().filter(l -> l.startsWith("phase "))).hasSize(2);
    JsonNode figures = JsonMapper.builder().build().readTree(lines.getLast());
    assertThat(figures.path("decisions").asLong()).isEqualTo(20);
    // Each of the 10 changes: its submission and two decisions are verified.
    assertThat(figures.path("entriesVerified").asLong()).isEqualTo(30);
    assertThat(figures.path("ratio").asDouble()).isPositive();
    assertThat(figures.path("peakHeapMiB").asDouble()).isPositive();
    assertThat(figures.path("rawCpuMicrosPerSignature").asDouble()).isPositive();
    // Beyond verification, in a run this small, may come out either side of zero.
    assertThat(figures.path("overheadCpuMicrosPerEntry").isNumber()).isTrue();
  }

  @Test
  void benchWorkflow_tinyRun_takesChangesThroughOverHttpAndReportsRatioAndGateLatency() {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "bench",
            "workflow",
            "--changes",
            "6",
            "--clients",
            "2",
            "--pairs",
            "2",
            "--log-entries",
            "20",
            "--warmup-seconds",
            "0",
            "--warmup-max-seconds",
            "0",
            "--gate-calls",
            "5");
    assertThat(result.code()).as(result.err()).isZero();
    List<String> lines = result.out().strip().lines().toList();
    assertThat(lines.stream().filter(l -> l.startsWith("phase "))).hasSize(2);
    assertThat(lines).anyMatch(l -> l.startsWith("warmed up with 50 changes"));
    JsonNode figures = JsonMapper.builder().build().readTree(lines.getLast());
    assertThat(figures.path("changes").asInt()).isEqualTo(6);
    assertThat(figures.path("clients").asInt()).isEqualTo(2);
    // The fill, then per change its submission, two decisions and a gate answer, each an entry.
    assertThat(figures.path("logSize").asLong()).isGreaterThanOrEqualTo(20 + (50 + 6) * 4 + 5);
    assertThat(figures.path("ratio").asDouble()).isPositive();
    assertThat(figures.path("gateP99Millis").asDouble())
        .isGreaterThanOrEqualTo(figures.path("gateP50Millis").asDouble());
    assertThat(figures.path("loneGateP50Millis").asDouble()).isPositive();
    assertThat(figures.path("peakHeapMiB").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(figures.path("maxHeapMiB").asDouble());
    assertThat(figures.path("gcShare").isNumber()).isTrue();
    assertThat(figures.path("gcShare").asDouble()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void benchWorkflow_maximumWarmUpBelowItsMinimum_refused() {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run(
            "bench", "workflow", "--warmup-seconds", "10", "--warmup-max-seconds", "5");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--warmup-max-seconds");
  }

  @Test
  void benchReport_tooFewLogEntries_refused() {
    VerifyCommandTest.Result result =
        VerifyCommandTest.run("bench", "report", "--log-entries", "10", "--decisions", "20");
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("--log-entries");
  }
}
