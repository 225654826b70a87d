package dev.cabledger.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/ledger/events} over real HTTP with real tokens, on both databases. */
class EventControllerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PLAN = "0f".repeat(32);

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_authenticatedCaller_entrySignedWithSubjectAsActorAndProven(Backend backend) {
    TestService service = TestService.shared(backend);
    String token = service.token("user:alice", Set.of(Role.REQUESTER), Set.of("acme"), false);
    HttpResponse<String> created =
        service.post(
            "/api/ledger/events",
            body("\"actor\":\"user:alice\",\"correlationId\":\"" + uuid() + "\""),
            Optional.of(token));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode receipt = JSON.readTree(created.body());
    long index = receipt.path("index").asLong();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/ledger/entries/" + index);

    HttpResponse<String> read = service.get("/api/ledger/entries/" + index, Optional.of(token));
    assertThat(read.statusCode()).isEqualTo(200);
    byte[] bytes = Base64.getDecoder().decode(JSON.readTree(read.body()).path("entry").asString());
    Statement statement = Statement.parse(Envelope.parse(bytes).payload());
    assertThat(statement.predicate().actor().subject()).isEqualTo("user:alice");
    assertThat(statement.predicate().actor().roles()).containsExactly("REQUESTER");
    assertThat(statement.subjectName()).isEqualTo("CR-7");
    assertThat(statement.subjectDigest()).isEqualTo(Digest.fromHex(PLAN));
    assertThat(statement.predicate().data().tenant()).hasValue(new ClientId("acme"));
    assertThat(statement.predicate().data().statedPlanHash()).hasValue(Digest.fromHex(PLAN));

    Digest leaf = MerkleHash.leaf(bytes);
    assertThat(receipt.path("leafHash").asString()).isEqualTo(leaf.base64());
    String note = receipt.path("checkpoint").asString();
    String[] lines = note.split("\n");
    long size = Long.parseLong(lines[1]);
    assertThat(receipt.path("treeSize").asLong()).isEqualTo(size);
    List<Digest> path =
        receipt
            .path("inclusionProof")
            .valueStream()
            .map(n -> Digest.fromBase64(n.asString()))
            .toList();
    new InclusionProof(index, size, path).verify(leaf, Digest.fromBase64(lines[2]));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_actorDiffersFromSubject_400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String token = service.token("user:alice", Set.of(Role.REQUESTER), Set.of("acme"), false);
    long before = treeSize(service);
    HttpResponse<String> response =
        service.post("/api/ledger/events", body("\"actor\":\"user:bob\""), Optional.of(token));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("actor");
    assertThat(treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_clientOutsideScope_404AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String token = service.token("user:gil", Set.of(Role.REQUESTER), Set.of("globex"), false);
    long before = treeSize(service);
    HttpResponse<String> response =
        service.post("/api/ledger/events", body(""), Optional.of(token));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(treeSize(service)).isEqualTo(before);
  }

  static Stream<Arguments> badBodies() {
    String data = "\"eventData\":{\"client\":\"acme\"}";
    return Stream.of(
        Arguments.of("{\"planHash\":\"" + PLAN + "\",\"eventType\":\"X\"," + data + "}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN.toUpperCase()
                + "\",\"eventType\":\"X\","
                + data
                + "}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\"abc\",\"eventType\":\"X\"," + data + "}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"lower\","
                + data
                + "}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"X\",\"eventData\":[1]}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"X\",\"eventData\":{}}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"X\",\"eventData\":{\"client\":7}}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"X\","
                + data
                + ",\"correlationId\":\"nope\"}"),
        Arguments.of(
            "{\"subject\":\"\",\"planHash\":\"" + PLAN + "\",\"eventType\":\"X\"," + data + "}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"PIPELINE_NOTE\",\"eventData\":{\"client\":\"acme\",\"note\":"
                + "{\"a\":".repeat(10)
                + "1"
                + "}".repeat(10)
                + "}}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"CHANGE_SUBMITTED\",\"eventData\":{\"client\":\"acme\","
                + "\"planHash\":\"x\"}}"),
        Arguments.of(
            "{\"subject\":\"CR-1\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\"KEY_REGISTERED\","
                + data
                + "}"),
        Arguments.of("{not json"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void append_badInput_400AndNothingWritten(String json) {
    for (Backend backend : Backend.values()) {
      TestService service = TestService.shared(backend);
      String token = service.token("user:alice", Role.REQUESTER);
      long before = treeSize(service);
      HttpResponse<String> response = service.post("/api/ledger/events", json, Optional.of(token));
      assertThat(response.statusCode())
          .as(backend + " " + json + " → " + response.body())
          .isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(treeSize(service)).isEqualTo(before);
    }
  }

  /**
   * No event type but the pipeline annotation comes through the generic endpoint, from any role:
   * decisions, keys, gate answers and the rest belong to their features. Each attempt is refused
   * (403 for a role that may not annotate, 400 for a type the endpoint does not take), nothing is
   * written, and the ledger check still passes.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void append_anyTypeButPipelineNote_byAnyRole_refusedAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    for (EventType type : EventType.values()) {
      for (Role role : Role.values()) {
        if (type == EventType.PIPELINE_NOTE && role == Role.REQUESTER) {
          continue;
        }
        String token = service.token("user:mallory", Set.of(role), Set.of("acme"), false);
        long before = treeSize(service);
        String json =
            "{\"subject\":\"CR-66\",\"planHash\":\""
                + PLAN
                + "\",\"eventType\":\""
                + type
                + "\",\"eventData\":{\"client\":\"acme\",\"approver\":\"user:mallory\","
                + "\"note\":{}}}";
        HttpResponse<String> response =
            service.post("/api/ledger/events", json, Optional.of(token));
        assertThat(response.statusCode())
            .as(type + " by " + role + ": " + response.body())
            .isEqualTo(role == Role.REQUESTER ? 400 : 403);
        if (role == Role.REQUESTER) {
          assertThat(JSON.readTree(response.body()).path("detail").asString())
              .contains("recorded by the feature that owns it");
        }
        assertThat(treeSize(service)).as(type + " by " + role).isEqualTo(before);
      }
    }
    assertThat(service.app().getBean(LedgerAudit.class).run().findings()).isEmpty();
  }

  private static String body(String extra) {
    return "{\"subject\":\"CR-7\",\"planHash\":\""
        + PLAN
        + "\",\"eventType\":\"PIPELINE_NOTE\",\"eventData\":{\"client\":\"acme\",\"note\":{}}"
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  private static long treeSize(TestService service) {
    return Long.parseLong(
        service.get("/api/ledger/checkpoint", Optional.empty()).body().split("\n")[1]);
  }

  private static String uuid() {
    return java.util.UUID.randomUUID().toString();
  }
}
