package dev.cabledger.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Idempotent appends ({@code Idempotency-Key}) over real HTTP, on both databases. */
class EventRecorderTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PLAN = "0f".repeat(32);

  @ParameterizedTest
  @EnumSource(Backend.class)
  void record_sameKeySameBody_originalReceiptNoSecondEntryAcrossRestart(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend)) {
      String key = "\"" + UUID.randomUUID() + "\"";
      String body = body("CR-1");
      long index;
      long size;
      try (TestService service = TestService.start(db)) {
        String token = service.token("user:alice", Role.REQUESTER);
        HttpResponse<String> first = post(service, body, key, token);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        index = JSON.readTree(first.body()).path("index").asLong();
        size = treeSize(service);

        // Same body with other whitespace and member order: the same request.
        String reordered =
            "{ \"eventData\": {\"client\":\"acme\",\"note\":{}}, \"subject\": \"CR-1\", \"planHash\": \""
                + PLAN
                + "\", \"eventType\": \"PIPELINE_NOTE\" }";
        HttpResponse<String> retry = post(service, reordered, key, token);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(JSON.readTree(retry.body()).path("index").asLong()).isEqualTo(index);
        assertThat(retry.headers().firstValue("Location")).hasValue("/api/ledger/entries/" + index);
        assertThat(treeSize(service)).isEqualTo(size);
      }
      try (TestService restarted = TestService.start(db)) {
        String token = restarted.token("user:alice", Role.REQUESTER);
        HttpResponse<String> retry = post(restarted, body, key, token);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        JsonNode receipt = JSON.readTree(retry.body());
        assertThat(receipt.path("index").asLong()).isEqualTo(index);
        assertThat(treeSize(restarted)).isEqualTo(size);
        LedgerAudit.Result audit = restarted.app().getBean(LedgerAudit.class).run();
        assertThat(audit.findings()).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void record_sameKeyOtherBody_422AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String token = service.token("user:alice", Role.REQUESTER);
    String key = UUID.randomUUID().toString();
    assertThat(post(service, body("CR-2"), key, token).statusCode()).isEqualTo(201);
    long size = treeSize(service);

    HttpResponse<String> other = post(service, body("CR-3"), key, token);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
    assertThat(other.body()).contains("/problems/idempotency-key-reused");
    assertThat(treeSize(service)).isEqualTo(size);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void record_sameKeyOtherCaller_appendsForEach(Backend backend) {
    TestService service = TestService.shared(backend);
    String key = UUID.randomUUID().toString();
    HttpResponse<String> alice =
        post(service, body("CR-4"), key, service.token("user:alice", Role.REQUESTER));
    HttpResponse<String> bob =
        post(service, body("CR-4"), key, service.token("user:bob", Role.REQUESTER));
    assertThat(alice.statusCode()).isEqualTo(201);
    assertThat(bob.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(alice.body()).path("index").asLong())
        .isNotEqualTo(JSON.readTree(bob.body()).path("index").asLong());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void record_concurrentSameKey_oneEntry(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    String token = service.token("user:carol", Role.REQUESTER);
    String key = UUID.randomUUID().toString();
    String body = body("CR-5");
    long size = treeSize(service);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return post(service, body, key, token);
              }));
    }
    start.countDown();
    List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

    assertThat(responses)
        .extracting(HttpResponse::statusCode)
        .allMatch(s -> s == 201 || s == 200 || s == 409, "201, 200 or 409")
        .containsOnlyOnce(201);
    long index =
        responses.stream()
            .filter(r -> r.statusCode() == 201)
            .map(r -> JSON.readTree(r.body()).path("index").asLong())
            .findFirst()
            .orElseThrow();
    for (HttpResponse<String> r : responses) {
      if (r.statusCode() == 200) {
        assertThat(JSON.readTree(r.body()).path("index").asLong()).isEqualTo(index);
      }
      if (r.statusCode() == 409) {
        assertThat(r.body()).contains("/problems/idempotency-key-in-flight");
      }
    }
    // Other tests share this service: only this caller's entries are counted.
    assertThat(post(service, body, key, token).statusCode()).isEqualTo(200);
    assertThat(treeSize(service)).isGreaterThanOrEqualTo(size + 1);
    assertThat(entriesWithSubject(service, "CR-5", size)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void record_badKey_400AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String token = service.token("user:alice", Role.REQUESTER);
    for (String bad : List.of("\"\"", "k".repeat(256), "\"a\"b\"")) {
      long size = treeSize(service);
      HttpResponse<String> response = post(service, body("CR-6"), bad, token);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.body()).contains("/problems/invalid-idempotency-key");
      assertThat(treeSize(service)).isEqualTo(size);
    }
  }

  private static long entriesWithSubject(TestService service, String subject, long from) {
    return service
        .db()
        .jdbc()
        .queryForList("SELECT entry FROM ledger_entry WHERE idx >= ?", byte[].class, from)
        .stream()
        .filter(
            bytes ->
                dev.cabledger.core.dsse.Statement.parse(
                        dev.cabledger.core.dsse.Envelope.parse(bytes).payload())
                    .subjectName()
                    .equals(subject))
        .count();
  }

  private static HttpResponse<String> post(
      TestService service, String body, String key, String token) {
    return service.send(
        service
            .request("/api/ledger/events", Optional.of(token))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static String body(String subject) {
    return "{\"subject\":\""
        + subject
        + "\",\"planHash\":\""
        + PLAN
        + "\",\"eventType\":\"PIPELINE_NOTE\",\"eventData\":{\"client\":\"acme\",\"note\":{}}}";
  }

  private static long treeSize(TestService service) {
    return Long.parseLong(
        service.get("/api/ledger/checkpoint", Optional.empty()).body().split("\n")[1]);
  }
}
