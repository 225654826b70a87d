package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class ChangeSubmittedTest {
  private static final Digest PLAN = Digest.sha256("plan".getBytes(StandardCharsets.UTF_8));
  private static final ClientId ACME = new ClientId("acme");

  @Test
  void toJson_riskAndPlanMembers_areWrittenAndReadBack() {
    ChangeSubmitted change =
        assessed(
            Optional.of(72L),
            List.of("database engine change", "production data"),
            Optional.of("~ aws_db_instance.main"),
            Optional.of("Apply the previous plan"));

    ObjectNode json = change.toJson();

    assertThat(json.get("risk_score").isIntegralNumber()).isTrue();
    assertThat(json.get("risk_score").asLong()).isEqualTo(72L);
    assertThat(ChangeEvidenceTest.texts(json.get("risk_factors")))
        .containsExactly("database engine change", "production data");
    assertThat(json.get("plan_summary").stringValue()).isEqualTo("~ aws_db_instance.main");
    assertThat(json.get("rollback_plan").stringValue()).isEqualTo("Apply the previous plan");
    assertThat(EventData.parse(EventType.CHANGE_SUBMITTED, json)).isEqualTo(change);
  }

  @Test
  void of_leavesEveryNewMemberOut() {
    ChangeSubmitted change =
        ChangeSubmitted.of(
            ACME,
            PLAN,
            Optional.of("tf-aws-rds"),
            Optional.of("production"),
            Optional.of("Resize"),
            Optional.of(Risk.LOW));

    assertThat(change.toJson().propertyNames())
        .containsExactlyInAnyOrder("client", "plan_hash", "module", "environment", "title", "risk");
    assertThat(change.evidence()).isEqualTo(ChangeEvidence.NONE);
    assertThat(change.riskFactors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 100})
  void new_riskScoreAtItsLimits_isAccepted(long score) {
    ChangeSubmitted change =
        assessed(Optional.of(score), List.of(), Optional.empty(), Optional.empty());

    assertThat(EventData.parse(EventType.CHANGE_SUBMITTED, change.toJson())).isEqualTo(change);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 101})
  void new_riskScoreOutsideItsLimits_isRejected(long score) {
    assertThatThrownBy(
            () -> assessed(Optional.of(score), List.of(), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("risk_score must be from 0 to 100");
  }

  @Test
  void new_riskFactors_areCopied() {
    List<String> factors = new ArrayList<>(List.of("one"));
    ChangeSubmitted change =
        assessed(Optional.empty(), factors, Optional.empty(), Optional.empty());
    factors.add("two");

    assertThat(change.riskFactors()).containsExactly("one");
  }

  @Test
  void parse_riskScoreAbove100_isRejectedNamingIt() {
    ObjectNode json =
        assessed(Optional.of(1L), List.of(), Optional.empty(), Optional.empty())
            .toJson()
            .put("risk_score", 101);

    assertFormat(json, "event_data.risk_score is not a whole number from 0 to 100");
  }

  @Test
  void parse_riskScoreAsText_isRejectedNamingIt() {
    ObjectNode json =
        assessed(Optional.of(1L), List.of(), Optional.empty(), Optional.empty())
            .toJson()
            .put("risk_score", "72");

    assertFormat(json, "event_data.risk_score is not a whole number from 0 to 100");
  }

  @Test
  void parse_riskFactorBlank_isRejectedNamingIt() {
    ObjectNode json =
        assessed(Optional.empty(), List.of("x"), Optional.empty(), Optional.empty()).toJson();
    json.putArray("risk_factors").add("");

    assertFormat(json, "event_data.risk_factors holds a value that is not a non-blank string");
  }

  @Test
  void parse_rollbackPlanNotAString_isRejectedNamingIt() {
    ObjectNode json =
        assessed(Optional.empty(), List.of(), Optional.empty(), Optional.of("x")).toJson();
    json.putObject("rollback_plan");

    assertFormat(json, "event_data.rollback_plan is not a non-blank string");
  }

  private static ChangeSubmitted assessed(
      Optional<Long> score,
      List<String> factors,
      Optional<String> summary,
      Optional<String> rollback) {
    return new ChangeSubmitted(
        ACME,
        PLAN,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(Risk.HIGH),
        score,
        factors,
        summary,
        rollback,
        ChangeEvidence.NONE);
  }

  private static void assertFormat(ObjectNode json, String message) {
    assertThatThrownBy(() -> EventData.parse(EventType.CHANGE_SUBMITTED, json))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT))
        .hasMessageContaining(message);
  }
}
