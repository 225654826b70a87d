package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CabApprovedTest {
  private static final Digest PLAN = Digest.sha256("plan".getBytes(StandardCharsets.UTF_8));
  private static final UUID ID = UUID.fromString("0b6f6a57-2c4e-4b8e-a0e4-4c3c2f3a9d10");
  private static final UUID EARLIER = UUID.fromString("5d1c3b0e-8a7f-4f2e-9b61-2f0c7e4d8a35");
  private static final Instant FROM = Instant.parse("2026-04-01T14:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-04-01T16:00:00.500Z");
  private static final ApprovalConstraints CONSTRAINTS =
      new ApprovalConstraints(List.of("staging", "qa"), Optional.of(FROM), Optional.of(UNTIL));

  @Test
  void toJson_constraintsAndSupersedes_areWrittenAndReadBack() {
    CabApproved approval = conditional(CONSTRAINTS, Optional.of(EARLIER));

    ObjectNode json = approval.toJson();

    assertThat(ChangeEvidenceTest.texts(json.get("environments"))).containsExactly("staging", "qa");
    assertThat(json.get("not_before").stringValue()).isEqualTo("2026-04-01T14:00:00Z");
    assertThat(json.get("not_after").stringValue()).isEqualTo("2026-04-01T16:00:00.500Z");
    assertThat(json.get("supersedes").stringValue()).isEqualTo(EARLIER.toString());
    CabApproved back = (CabApproved) EventData.parse(EventType.CAB_APPROVED, json);
    assertThat(back).isEqualTo(approval);
    assertThat(back.constraints()).isEqualTo(CONSTRAINTS);
    assertThat(back.supersedes()).contains(EARLIER);
  }

  @Test
  void toJson_noConstraints_writesNoConstraintMember() {
    ObjectNode json = conditional(ApprovalConstraints.NONE, Optional.empty()).toJson();

    assertThat(json.propertyNames())
        .doesNotContain("environments", "not_before", "not_after", "supersedes");
    CabApproved back = (CabApproved) EventData.parse(EventType.CAB_APPROVED, json);
    assertThat(back.constraints()).isEqualTo(ApprovalConstraints.NONE);
    assertThat(back.supersedes()).isEmpty();
  }

  @Test
  void new_constraintsOnAnUnconditionalApproval_isRejected() {
    assertThatThrownBy(
            () ->
                approval(
                    ApprovalStatus.APPROVED,
                    List.of(),
                    new ApprovalConstraints(List.of("staging"), Optional.empty(), Optional.empty()),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "constraints (environments, not_before, not_after) make an approval conditional");
  }

  @Test
  void parse_constraintsOnAnUnconditionalApproval_isRejected() {
    ObjectNode json =
        approval(ApprovalStatus.APPROVED, List.of(), ApprovalConstraints.NONE, Optional.empty())
            .toJson();
    json.putArray("environments").add("staging");

    assertFormat(json, "make an approval conditional");
  }

  @Test
  void parse_notBeforeNotATime_isRejectedNamingIt() {
    ObjectNode json =
        conditional(CONSTRAINTS, Optional.empty()).toJson().put("not_before", "tomorrow");

    assertFormat(json, "event_data.not_before is not an RFC 3339 UTC time");
  }

  @Test
  void parse_notAfterWithOffset_isRejectedNamingIt() {
    ObjectNode json =
        conditional(CONSTRAINTS, Optional.empty())
            .toJson()
            .put("not_after", "2026-04-01T18:00:00+02:00");

    assertFormat(json, "event_data.not_after is not an RFC 3339 UTC time");
  }

  @Test
  void parse_windowEndingBeforeItBegins_isRejected() {
    ObjectNode json =
        conditional(CONSTRAINTS, Optional.empty())
            .toJson()
            .put("not_after", "2026-04-01T13:00:00Z");

    assertFormat(json, "not_before must be before not_after");
  }

  @Test
  void parse_environmentsNotAnArray_isRejectedNamingIt() {
    ObjectNode json =
        conditional(CONSTRAINTS, Optional.empty()).toJson().put("environments", "staging");

    assertFormat(json, "event_data.environments is not a non-empty array of strings");
  }

  @Test
  void parse_supersedesNotAUuid_isRejectedNamingIt() {
    ObjectNode json =
        conditional(CONSTRAINTS, Optional.of(EARLIER))
            .toJson()
            .put("supersedes", EARLIER.toString().toUpperCase(java.util.Locale.ROOT));

    assertFormat(json, "event_data.supersedes is not a UUID");
  }

  private static CabApproved conditional(
      ApprovalConstraints constraints, Optional<UUID> supersedes) {
    return approval(ApprovalStatus.CONDITIONAL, List.of("Staging first"), constraints, supersedes);
  }

  private static CabApproved approval(
      ApprovalStatus status,
      List<String> conditions,
      ApprovalConstraints constraints,
      Optional<UUID> supersedes) {
    return new CabApproved(
        ID,
        new ClientId("acme"),
        PLAN,
        Optional.empty(),
        "user:alice",
        "CAB_APPROVER",
        status,
        conditions,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        constraints,
        supersedes);
  }

  private static void assertFormat(ObjectNode json, String message) {
    assertThatThrownBy(() -> EventData.parse(EventType.CAB_APPROVED, json))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT))
        .hasMessageContaining(message);
  }
}
