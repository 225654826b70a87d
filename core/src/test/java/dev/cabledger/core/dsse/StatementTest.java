package dev.cabledger.core.dsse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.MlDsaInteropVectors;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.PipelineNote;
import dev.cabledger.core.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class StatementTest {
  private static final Digest PLAN =
      Digest.fromHex("a3f7c2d1e4b5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f");

  @Test
  void canonicalBytes_thenParse_roundTrips() {
    Statement statement = statement(Instant.parse("2026-04-01T14:30:00.250Z"));

    byte[] bytes = statement.canonicalBytes();
    Statement parsed = Statement.parse(bytes);

    assertThat(parsed).isEqualTo(statement);
    assertThat(parsed.canonicalBytes()).isEqualTo(bytes);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .startsWith("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicate\":{\"actor\":")
        .contains("\"created_at\":\"2026-04-01T14:30:00.250Z\"")
        .endsWith(
            "\"predicateType\":\"https://cab-ledger.dev/event/v1\",\"subject\":[{\"digest\":"
                + "{\"sha256\":\""
                + PLAN.hex()
                + "\"},\"name\":\"CR-1\"}]}");
  }

  @Test
  void canonicalBytes_wholeSeconds_omitFraction() {
    String json =
        new String(
            statement(Instant.parse("2026-04-01T14:30:00Z")).canonicalBytes(),
            StandardCharsets.UTF_8);

    assertThat(json).contains("\"created_at\":\"2026-04-01T14:30:00Z\"");
  }

  @Test
  void event_subMillisecondTime_isRejected() {
    assertThatThrownBy(() -> statement(Instant.parse("2026-04-01T14:30:00.000001Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("millisecond");
  }

  @Test
  void event_dataOutsideTheCatalogLimits_isRejected() {
    ObjectNode note = CanonicalJson.mapper().createObjectNode();
    note.put("text", "x".repeat(EventLimits.MAX_STRING_LENGTH + 1));
    PipelineNote tooLong = new PipelineNote(new ClientId("acme"), PLAN, note);

    assertThatThrownBy(() -> new Event("c", tooLong, ACTOR, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event_data.note.text is longer than 4096");
  }

  @Test
  void canonicalBytes_recordActorRolesAndIssuer() {
    String json = new String(statement(Instant.EPOCH).canonicalBytes(), StandardCharsets.UTF_8);

    assertThat(json)
        .contains(
            "{\"actor\":\"user:a\",\"actor_issuer\":\"https://idp.example\","
                + "\"actor_roles\":[\"AUDITOR\",\"CAB_APPROVER\"],");
  }

  @Test
  void parse_unsortedRoles_isRejected() {
    String good = new String(statement(Instant.EPOCH).canonicalBytes());

    assertFormat(good.replace("[\"AUDITOR\",\"CAB_APPROVER\"]", "[\"CAB_APPROVER\",\"AUDITOR\"]"));
  }

  @Test
  void parse_eventTypeOutsideTheCatalog_isRejected() {
    String good = new String(statement(Instant.EPOCH).canonicalBytes());

    assertThatThrownBy(
            () ->
                Statement.parse(
                    good.replace("\"PIPELINE_NOTE\"", "\"APPROVAL_GRANTED\"")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("\"APPROVAL_GRANTED\" is not in the event catalog");
  }

  @Test
  void parse_beyondTheStatementSizeLimit_isRejected() {
    byte[] big = new byte[EventLimits.MAX_STATEMENT_BYTES + 1];

    assertThatThrownBy(() -> Statement.parse(big)).hasMessageContaining("at most 65536");
  }

  /**
   * The interop vector was written before the predicate recorded the actor's roles and issuer: a
   * verifier of this format rejects it, naming the missing member.
   */
  @Test
  void interop_payloadWithoutActorRoles_isRejected() {
    byte[] payload =
        Base64.getDecoder()
            .decode(
                MlDsaInteropVectors.load()
                    .get("dsse")
                    .get("envelope")
                    .get("payload")
                    .stringValue());

    assertThatThrownBy(() -> Statement.parse(payload))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("lacks the member \"actor_issuer\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "_type\":\"https://in-toto.io/Statement/v1",
        "predicateType\":\"https://cab-ledger.dev/event/v1",
        "\"sha256\":\"a3f7",
        "2026-04-01T14:30:00Z",
        "\"name\":\"CR-1\"",
      })
  void parse_wrongField_isRejectedAsFormat(String original) {
    String good = new String(statement(Instant.parse("2026-04-01T14:30:00Z")).canonicalBytes());
    String replacement =
        switch (original) {
          case "_type\":\"https://in-toto.io/Statement/v1" ->
              "_type\":\"https://in-toto.io/Statement/v0.1";
          case "predicateType\":\"https://cab-ledger.dev/event/v1" ->
              "predicateType\":\"https://slsa.dev/provenance/v1";
          case "\"sha256\":\"a3f7" -> "\"sha256\":\"A3F7";
          case "2026-04-01T14:30:00Z" -> "2026-04-01T14:30:00.000Z";
          default -> "\"name\":\"\"";
        };
    String bad = good.replace(original, replacement);
    assertThat(bad).isNotEqualTo(good);

    assertFormat(bad);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-04-01 14:30:00Z",
        "2026-04-01T14:30:00+00:00",
        "2026-04-01T14:30:00.1Z",
        "2026-13-01T14:30:00Z",
        "2026-04-01T14:30:00.123456Z",
      })
  void parse_badCreatedAt_isRejectedAsFormat(String createdAt) {
    String good = new String(statement(Instant.parse("2026-04-01T14:30:00Z")).canonicalBytes());

    assertFormat(good.replace("2026-04-01T14:30:00Z", createdAt));
  }

  @Test
  void parse_twoSubjects_isRejected() {
    String good = new String(statement(Instant.EPOCH).canonicalBytes());
    String subject = good.substring(good.indexOf("\"subject\":[") + 11, good.length() - 2);

    assertFormat(good.replace(subject, subject + "," + subject));
  }

  @Test
  void parse_extraMembers_areRejected() {
    String good = new String(statement(Instant.EPOCH).canonicalBytes());

    assertFormat(good.replace("{\"_type\"", "{\"extra\":1,\"_type\""));
    assertFormat(good.replace("{\"actor\"", "{\"extra\":1,\"actor\""));
    assertFormat(good.replace("{\"sha256\"", "{\"sha512\":\"00\",\"sha256\""));
  }

  @Test
  void parse_duplicateKey_isRejected() {
    String good = new String(statement(Instant.EPOCH).canonicalBytes());

    assertFormat(
        good.replace("{\"actor\":\"user:a\"", "{\"actor\":\"user:a\",\"actor\":\"user:b\""));
  }

  @Test
  void parse_eventDataNotObject_isRejected() {
    String good = new String(statement(Instant.EPOCH).canonicalBytes());

    ObjectNode tree = (ObjectNode) CanonicalJson.parse(good.getBytes(StandardCharsets.UTF_8));
    ((ObjectNode) tree.get("predicate")).putArray("event_data");

    assertFormat(new String(CanonicalJson.canonicalize(tree), StandardCharsets.UTF_8));
  }

  private static void assertFormat(String json) {
    assertThatThrownBy(() -> Statement.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT));
  }

  private static final Actor ACTOR =
      Actor.of("user:a", List.of("CAB_APPROVER", "AUDITOR"), "https://idp.example");

  private static Statement statement(Instant createdAt) {
    ObjectNode note = CanonicalJson.mapper().createObjectNode().put("status", "approved");
    return new Statement(
        "CR-1",
        PLAN,
        new Event("corr-1", new PipelineNote(new ClientId("acme"), PLAN, note), ACTOR, createdAt));
  }
}
