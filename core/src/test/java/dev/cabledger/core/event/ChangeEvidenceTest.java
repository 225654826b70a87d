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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ChangeEvidenceTest {
  private static final Digest PLAN = Digest.sha256("plan".getBytes(StandardCharsets.UTF_8));
  private static final ChangeEvidence EVIDENCE =
      new ChangeEvidence(
          Optional.of("https://git.example/acme/infra/pull/42"),
          List.of("user:bob", "user:carol"),
          Optional.of("passed"),
          Optional.of("212 passed, 0 failed"),
          Optional.of("https://ci.example/runs/9001"));

  @ParameterizedTest
  @ValueSource(strings = {"pass", "passed", "PASSED: 0 findings", " Pass ", "clean", "CLEAN"})
  void securityScanPassed_passOrClean_isTrue(String scan) {
    assertThat(scan(scan).securityScanPassed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"failed", "fail: 3 critical", "clean: 2 findings", "unclean", "not pass"})
  void securityScanPassed_anythingElse_isFalse(String scan) {
    assertThat(scan(scan).securityScanPassed()).isFalse();
  }

  @Test
  void securityScanPassed_noScan_isFalse() {
    assertThat(ChangeEvidence.NONE.securityScanPassed()).isFalse();
  }

  @Test
  void new_prApprovers_areCopied() {
    List<String> approvers = new ArrayList<>(List.of("user:bob"));
    ChangeEvidence evidence =
        new ChangeEvidence(
            Optional.empty(), approvers, Optional.empty(), Optional.empty(), Optional.empty());
    approvers.add("user:mallory");

    assertThat(evidence.prApprovers()).containsExactly("user:bob");
  }

  @Test
  void toJson_everyMember_isWrittenFlatAndReadBack() {
    ChangeSubmitted change = submitted(EVIDENCE);

    ObjectNode json = change.toJson();

    assertThat(json.get("pr_url").stringValue())
        .isEqualTo("https://git.example/acme/infra/pull/42");
    assertThat(texts(json.get("pr_approvers"))).containsExactly("user:bob", "user:carol");
    assertThat(json.get("security_scan").stringValue()).isEqualTo("passed");
    assertThat(json.get("test_results").stringValue()).isEqualTo("212 passed, 0 failed");
    assertThat(json.get("pipeline_url").stringValue()).isEqualTo("https://ci.example/runs/9001");
    assertThat(EventData.parse(EventType.CHANGE_SUBMITTED, json)).isEqualTo(change);
  }

  @Test
  void toJson_noEvidence_writesNoEvidenceMember() {
    ObjectNode json = submitted(ChangeEvidence.NONE).toJson();

    assertThat(json.propertyNames())
        .doesNotContain("pr_url", "pr_approvers", "security_scan", "test_results", "pipeline_url");
    assertThat(((ChangeSubmitted) EventData.parse(EventType.CHANGE_SUBMITTED, json)).evidence())
        .isEqualTo(ChangeEvidence.NONE);
  }

  @Test
  void parse_prApproversNotAnArray_isRejectedNamingIt() {
    ObjectNode json = submitted(EVIDENCE).toJson().put("pr_approvers", "user:bob");

    assertFormat(json, "event_data.pr_approvers is not a non-empty array of strings");
  }

  @Test
  void parse_prApproversEmpty_isRejectedNamingIt() {
    ObjectNode json = submitted(EVIDENCE).toJson();
    json.putArray("pr_approvers");

    assertFormat(json, "event_data.pr_approvers is not a non-empty array of strings");
  }

  @Test
  void parse_blankSecurityScan_isRejectedNamingIt() {
    ObjectNode json = submitted(EVIDENCE).toJson().put("security_scan", " ");

    assertFormat(json, "event_data.security_scan is not a non-blank string");
  }

  @Test
  void parse_prUrlNotAString_isRejectedNamingIt() {
    ObjectNode json = submitted(EVIDENCE).toJson().put("pr_url", 42);

    assertFormat(json, "event_data.pr_url is not a non-blank string");
  }

  private static ChangeEvidence scan(String scan) {
    return new ChangeEvidence(
        Optional.empty(), List.of(), Optional.of(scan), Optional.empty(), Optional.empty());
  }

  private static ChangeSubmitted submitted(ChangeEvidence evidence) {
    return new ChangeSubmitted(
        new ClientId("acme"),
        PLAN,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        evidence);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : array.values()) {
      out.add(e.stringValue());
    }
    return out;
  }

  private static void assertFormat(ObjectNode json, String message) {
    assertThatThrownBy(() -> EventData.parse(EventType.CHANGE_SUBMITTED, json))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT))
        .hasMessageContaining(message);
  }
}
