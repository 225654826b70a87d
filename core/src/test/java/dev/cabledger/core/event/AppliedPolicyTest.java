package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class AppliedPolicyTest {

  @Test
  void toJson_isTheDocumentedForm() {
    String json =
        new String(
            CanonicalJson.canonicalize(SampleEvents.policy().toJson()), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"exclude_pr_approvers\":true,\"quorum\":{"
                + "\"critical\":{\"cab_approvers\":16,\"security_reviewers\":16},"
                + "\"high\":{\"cab_approvers\":3,\"security_reviewers\":1},"
                + "\"low\":{\"cab_approvers\":1,\"security_reviewers\":0},"
                + "\"medium\":{\"cab_approvers\":2,\"security_reviewers\":0}},"
                + "\"require_security_scan\":false}");
  }

  @Test
  void read_ofToJson_readsBackTheSamePolicy() {
    AppliedPolicy policy = SampleEvents.policy();

    assertThat(read(policy.toJson())).isEqualTo(policy);
  }

  @Test
  void read_everyMember_isRequired() {
    ObjectNode json = SampleEvents.policy().toJson();
    for (String name : json.propertyNames()) {
      ObjectNode without = json.deepCopy();
      without.remove(name);

      assertFormat(without, "event_data.policy lacks the member \"" + name + "\"");
    }
  }

  @Test
  void read_riskLevelMissing_isRejected() {
    ObjectNode json = SampleEvents.policy().toJson();
    ((ObjectNode) json.get("quorum")).remove("high");

    assertFormat(json, "event_data.policy.quorum lacks the member \"high\"");
  }

  @Test
  void read_quorumCountMissing_isRejected() {
    ObjectNode json = SampleEvents.policy().toJson();
    ((ObjectNode) json.get("quorum").get("low")).remove("security_reviewers");

    assertFormat(json, "event_data.policy.quorum.low lacks the member \"security_reviewers\"");
  }

  @Test
  void read_unknownMemberAtEachLevel_isRejected() {
    ObjectNode top = SampleEvents.policy().toJson().put("freeze", true);
    ObjectNode levels = SampleEvents.policy().toJson();
    ((ObjectNode) levels.get("quorum")).putObject("extreme");
    ObjectNode quorum = SampleEvents.policy().toJson();
    ((ObjectNode) quorum.get("quorum").get("medium")).put("platform_admins", 1);

    assertFormat(top, "event_data.policy has a member \"freeze\"");
    assertFormat(levels, "event_data.policy.quorum has a member \"extreme\"");
    assertFormat(quorum, "event_data.policy.quorum.medium has a member \"platform_admins\"");
  }

  @ParameterizedTest
  @CsvSource({"cab_approvers, 0", "cab_approvers, 17", "security_reviewers, -1"})
  void read_countOutsideItsLimits_isRejected(String member, int value) {
    ObjectNode json = SampleEvents.policy().toJson();
    ((ObjectNode) json.get("quorum").get("critical")).put(member, value);

    assertFormat(json, "event_data.policy.quorum.critical." + member + " is not a whole number");
  }

  @Test
  void read_flagAsAString_isRejected() {
    ObjectNode json = SampleEvents.policy().toJson().put("require_security_scan", "true");

    assertFormat(json, "event_data.policy.require_security_scan is not true or false");
  }

  @Test
  void read_quorumNotAnObject_isRejected() {
    ObjectNode json = SampleEvents.policy().toJson().put("quorum", "2+1");

    assertFormat(json, "event_data.policy.quorum is not a JSON object");
  }

  @Test
  void new_levelWithoutQuorum_isRejected() {
    Map<Risk, AppliedPolicy.Quorum> partial = new EnumMap<>(SampleEvents.policy().quorum());
    partial.remove(Risk.CRITICAL);

    assertThatThrownBy(() -> new AppliedPolicy(partial, false, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the policy has no quorum for risk critical");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "17, 0", "1, -1", "1, 17"})
  void newQuorum_outsideLimits_isRejected(int cab, int security) {
    assertThatThrownBy(() -> new AppliedPolicy.Quorum(cab, security))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a quorum needs 1 to 16 CAB approvers and 0 to 16 security reviewers");
  }

  /** The policy read as the {@code policy} member of a gate answer. */
  private static AppliedPolicy read(ObjectNode policy) {
    return ((GateEvaluated) EventData.parse(EventType.GATE_EVALUATED, gate(policy)))
        .policy()
        .orElseThrow();
  }

  private static ObjectNode gate(ObjectNode policy) {
    ObjectNode json = sampleGate().toJson();
    json.set("policy", policy);
    return json;
  }

  private static GateEvaluated sampleGate() {
    return SampleEvents.everyType(Digest.sha256(new byte[] {1}), "user:a").stream()
        .filter(e -> e instanceof GateEvaluated)
        .map(e -> (GateEvaluated) e)
        .findFirst()
        .orElseThrow();
  }

  private static void assertFormat(ObjectNode policy, String message) {
    assertThatThrownBy(() -> EventData.parse(EventType.GATE_EVALUATED, gate(policy)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT))
        .hasMessageContaining(message);
  }

  @Test
  void read_requireApproverSignature_readsBackAndIsWrittenInRiskOrder() {
    AppliedPolicy base = SampleEvents.policy();
    AppliedPolicy signed =
        new AppliedPolicy(
            base.quorum(),
            base.excludePrApprovers(),
            base.requireSecurityScan(),
            Set.of(Risk.CRITICAL, Risk.HIGH));

    ObjectNode json = signed.toJson();

    assertThat(json.get("require_approver_signature").toString())
        .isEqualTo("[\"high\",\"critical\"]");
    assertThat(read(json)).isEqualTo(signed);
  }

  @Test
  void read_withoutRequireApproverSignature_asksNone() {
    assertThat(SampleEvents.policy().toJson().has("require_approver_signature")).isFalse();
    assertThat(read(SampleEvents.policy().toJson()).requireApproverSignature()).isEmpty();
  }

  @Test
  void read_requireApproverSignatureOutOfOrderOrUnknown_isRejected() {
    for (String levels : new String[] {"[\"critical\",\"high\"]", "[\"huge\"]"}) {
      ObjectNode json = SampleEvents.policy().toJson();
      json.set("require_approver_signature", CanonicalJson.mapper().readTree(levels));

      assertThatThrownBy(() -> read(json))
          .isInstanceOf(VerificationException.class)
          .hasMessageContaining("policy.require_approver_signature must list distinct risk levels");
    }
  }
}
