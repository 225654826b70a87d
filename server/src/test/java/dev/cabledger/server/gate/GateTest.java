package dev.cabledger.server.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.AppliedPolicy;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.GateVerdict;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.Policy;
import dev.cabledger.core.policy.Quorum;
import dev.cabledger.core.policy.Reason;
import dev.cabledger.core.policy.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the {@code GATE_EVALUATED} entry keeps of an answer's reasons. */
class GateTest {

  @Test
  void logged_fewReasons_eachAsCodeColonText() {
    List<String> logged =
        Gate.logged(
            List.of(
                new Reason(ReasonCode.MISSING_QUORUM, "1 CAB approver needed"),
                new Reason(ReasonCode.NOT_IN_LOG, "entry 7 of change CR-1: bad leaf")));

    assertThat(logged)
        .containsExactly(
            "missing-quorum: 1 CAB approver needed",
            "not-in-log: entry 7 of change CR-1: bad leaf");
  }

  @Test
  void logged_exactlyTheLimit_keepsEveryReason() {
    List<Reason> reasons = reasons(Gate.MAX_LOGGED_REASONS, "x");

    assertThat(Gate.logged(reasons))
        .hasSize(Gate.MAX_LOGGED_REASONS)
        .last()
        .isEqualTo("expired: x " + (Gate.MAX_LOGGED_REASONS - 1));
  }

  @Test
  void logged_beyondTheLimit_keepsTheFirstAndCountsTheRest() {
    List<String> logged = Gate.logged(reasons(100, "x"));

    assertThat(logged).hasSize(Gate.MAX_LOGGED_REASONS);
    assertThat(logged.get(Gate.MAX_LOGGED_REASONS - 2))
        .isEqualTo("expired: x " + (Gate.MAX_LOGGED_REASONS - 2));
    assertThat(logged.getLast())
        .isEqualTo("… and " + (100 - Gate.MAX_LOGGED_REASONS + 1) + " more reasons");
  }

  @Test
  void logged_longReason_cutToTheLimitWithoutSplittingASurrogatePair() {
    String prefix = "expired: ";
    // The cut falls between the two halves of the emoji: it is left out whole.
    String text = "a".repeat(Gate.MAX_LOGGED_REASON_CHARS - 2 - prefix.length()) + "😀" + "tail";

    String cut = Gate.logged(List.of(new Reason(ReasonCode.EXPIRED, text))).getFirst();

    assertThat(cut).endsWith("a…").hasSizeLessThanOrEqualTo(Gate.MAX_LOGGED_REASON_CHARS);
    String plain = "b".repeat(5000);
    String cutPlain = Gate.logged(List.of(new Reason(ReasonCode.EXPIRED, plain))).getFirst();
    assertThat(cutPlain).hasSize(Gate.MAX_LOGGED_REASON_CHARS).endsWith("b…");
  }

  @Test
  void logged_theLargestAnswer_fitsOneEntryTheVerifierAccepts() {
    List<String> logged = Gate.logged(reasons(500, "字".repeat(4000)));
    GateEvaluated event =
        new GateEvaluated(
            new ClientId("acme"),
            Digest.sha256("plan".getBytes(StandardCharsets.UTF_8)),
            "字".repeat(EventLimits.MAX_NAME_LENGTH),
            GateVerdict.BLOCKED,
            logged,
            Optional.of(largestPolicy()));

    EventData.requireParsable(event);
    Statement statement =
        new Statement(
            "CR-" + "x".repeat(250),
            event.planHash(),
            new Event(
                "00000000-0000-0000-0000-000000000000",
                event,
                Actor.of("u".repeat(256), List.of("REQUESTER"), "i".repeat(1024)),
                Instant.parse("2026-11-26T00:00:00Z")));
    assertThat(statement.canonicalBytes().length).isLessThan(EventLimits.MAX_STATEMENT_BYTES);
  }

  /** A policy whose recorded form is as long as any: every quorum in two digits, both flags. */
  private static AppliedPolicy largestPolicy() {
    Policy p = Policy.DEFAULT;
    for (Risk r : Risk.values()) {
      p = p.withQuorum(r, new Quorum(16, 16));
    }
    return new Policy(p.quorum(), true, true).applied();
  }

  private static List<Reason> reasons(int n, String text) {
    return IntStream.range(0, n)
        .mapToObj(i -> new Reason(ReasonCode.EXPIRED, text + " " + i))
        .toList();
  }
}
