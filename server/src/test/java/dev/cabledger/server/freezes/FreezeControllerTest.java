package dev.cabledger.server.freezes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

/**
 * {@code /api/freezes} over real HTTP, on both databases: a platform admin declares a freeze as a
 * signed {@code FREEZE_DECLARED} entry; bad input and clients out of scope write nothing; the list
 * shows each caller the freezes, and the clients of them, in its scope.
 */
class FreezeControllerTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  // At noon UTC, whatever the time the test runs: END must not fall in the nightly window (02:00 to
  // 03:00 UTC) that list_activeAt_onlyTheFreezesHoldingThen declares.
  private static final Instant START =
      NOW.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(30)).plus(Duration.ofHours(12));
  private static final Instant END = START.plus(Duration.ofDays(3));

  /** The freeze an entry declares, from the log's signed bytes. */
  private static Statement entry(TestService service, long index) {
    JsonNode entry = TestApi.json(TestApi.get(service, "/api/ledger/entries/" + index));
    return Statement.parse(
        Envelope.parse(Base64.getDecoder().decode(entry.get("entry").asString())).payload());
  }

  private static JsonNode list(TestService service, String query, String token) {
    HttpResponse<String> r = service.get("/api/freezes" + query, Optional.of(token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestApi.json(r).get("freezes");
  }

  private static List<String> ids(JsonNode freezes) {
    List<String> out = new ArrayList<>();
    freezes.forEach(f -> out.add(f.get("freezeId").asString()));
    return out;
  }

  private static String reader(TestService service, String... clients) {
    return service.token("user:reader", Set.of(Role.AUDITOR), Set.of(clients), false);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void declare_oneOff_signsAFreezeDeclaredEntryAndAnswersIt(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();

    JsonNode answer =
        TestFreezes.declare(
            service,
            TestFreezes.oneOff(List.of(client), List.of("production", "staging"), START, END),
            client);

    assertThat(answer.get("clients").toString()).isEqualTo("[\"" + client + "\"]");
    assertThat(answer.get("environments").toString()).isEqualTo("[\"production\",\"staging\"]");
    assertThat(answer.get("start").asString()).isEqualTo(START.toString());
    assertThat(answer.get("end").asString()).isEqualTo(END.toString());
    assertThat(answer.get("window").get("start").asString()).isEqualTo(START.toString());
    assertThat(answer.get("declaredBy").asString()).isEqualTo("user:admin");
    assertThat(answer.has("cron")).isFalse();
    long index = answer.get("receipt").get("index").asLong();
    assertThat(answer.get("entryIndex").asLong()).isEqualTo(index);
    Statement statement = entry(service, index);
    FreezeDeclared freeze = (FreezeDeclared) statement.predicate().data();
    assertThat(freeze.freezeId().toString()).isEqualTo(answer.get("freezeId").asString());
    assertThat(freeze.clients()).containsExactly(new ClientId(client));
    assertThat(freeze.window()).isEqualTo(new FreezeWindow.OneOff(START, END));
    assertThat(freeze.reason()).isEqualTo("Release weekend");
    assertThat(statement.subjectName()).isEqualTo(freeze.subjectName());
    assertThat(statement.subjectDigest()).isEqualTo(freeze.subjectDigest());
    assertThat(statement.predicate().actor().subject()).isEqualTo("user:admin");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void declare_recurring_answersItsNextWindow(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();

    JsonNode answer =
        TestFreezes.declare(
            service,
            TestFreezes.recurring(
                List.of(client), List.of("production"), "0 18 * * 5", "P2DT14H", "Europe/Berlin"),
            client);

    assertThat(answer.get("cron").asString()).isEqualTo("0 18 * * 5");
    assertThat(answer.get("duration").asString()).isEqualTo("P2DT14H");
    assertThat(answer.get("timeZone").asString()).isEqualTo("Europe/Berlin");
    Instant windowStart = Instant.parse(answer.get("window").get("start").asString());
    Instant windowEnd = Instant.parse(answer.get("window").get("end").asString());
    assertThat(Duration.between(windowStart, windowEnd)).isEqualTo(Duration.parse("P2DT14H"));
    assertThat(windowEnd).isAfter(NOW);
    FreezeDeclared freeze =
        (FreezeDeclared) entry(service, answer.get("entryIndex").asLong()).predicate().data();
    assertThat(freeze.window())
        .isEqualTo(FreezeWindow.Recurring.of("0 18 * * 5", "P2DT14H", "Europe/Berlin"));
  }

  static Stream<Arguments> badBodies() {
    String c = "\"clients\": [\"%1$s\"], \"environments\": [\"production\"]";
    String window = "\"start\": \"" + START + "\", \"end\": \"" + END + "\"";
    String reason = "\"reason\": \"Release weekend\"";
    String cron = "\"cron\": \"0 18 * * 5\", \"duration\": \"PT8H\", \"timeZone\": \"UTC\"";
    List<Arguments> cases = new ArrayList<>();
    for (Backend b : Backend.values()) {
      cases.addAll(
          List.of(
              Arguments.of(
                  b,
                  "{"
                      + c
                      + ", \"cron\": \"0 18 * * 8\", \"duration\": \"PT8H\","
                      + " \"timeZone\": \"UTC\", "
                      + reason
                      + "}",
                  "cron: the cron day of week field"),
              Arguments.of(
                  b,
                  "{"
                      + c
                      + ", \"cron\": \"0 18 * * 5\", \"duration\": \"PT8H\","
                      + " \"timeZone\": \"Europe/Atlantis\", "
                      + reason
                      + "}",
                  "timeZone \"Europe/Atlantis\""),
              Arguments.of(
                  b,
                  "{"
                      + c
                      + ", \"cron\": \"0 18 * * 5\", \"duration\": \"P1M\","
                      + " \"timeZone\": \"UTC\", "
                      + reason
                      + "}",
                  "duration \"P1M\""),
              Arguments.of(
                  b,
                  "{"
                      + c
                      + ", \"start\": \""
                      + END
                      + "\", \"end\": \""
                      + START
                      + "\", "
                      + reason
                      + "}",
                  "end must be after start"),
              Arguments.of(
                  b,
                  "{"
                      + c
                      + ", \"start\": \"2020-01-01T00:00:00Z\", \"end\":"
                      + " \"2020-01-02T00:00:00Z\", "
                      + reason
                      + "}",
                  "has passed"),
              Arguments.of(
                  b,
                  "{\"clients\": [], \"environments\": [\"production\"], "
                      + window
                      + ", "
                      + reason
                      + "}",
                  "clients is required"),
              Arguments.of(
                  b,
                  "{\"clients\": [\"%1$s\"], \"environments\": [], " + window + ", " + reason + "}",
                  "environments is required"),
              Arguments.of(
                  b,
                  "{\"clients\": [\"%1$s\", \"%1$s\"], \"environments\":"
                      + " [\"production\"], "
                      + window
                      + ", "
                      + reason
                      + "}",
                  "clients names"),
              Arguments.of(
                  b, "{" + c + ", " + window + ", " + cron + ", " + reason + "}", "not both"),
              Arguments.of(b, "{" + c + ", " + reason + "}", "start and end"),
              Arguments.of(
                  b,
                  "{" + c + ", \"start\": \"" + START + "\", " + reason + "}",
                  "end is required"),
              Arguments.of(
                  b,
                  "{" + c + ", \"start\": \"tomorrow\", \"end\": \"" + END + "\", " + reason + "}",
                  "start must be an RFC 3339 time"),
              Arguments.of(b, "{" + c + ", " + window + "}", "reason is required"),
              Arguments.of(
                  b,
                  "{" + c + ", " + window + ", " + reason + ", \"timezone\": \"UTC\"}",
                  "timezone")));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badBodies")
  void declare_badInput_is400NamingTheMemberAndWritesNothing(
      Backend backend, String body, String named) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        service.post(
            "/api/freezes",
            body.formatted(client),
            Optional.of(TestFreezes.admin(service, client)));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(TestWorkflow.json(r).get("detail").asString()).contains(named);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(list(service, "?client=" + client, reader(service, client))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void declare_aClientOutOfScope_is404AndWritesNothing(Backend backend) {
    TestService service = TestService.shared(backend);
    String mine = TestFreezes.newClient();
    String theirs = TestFreezes.newClient();
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        service.post(
            "/api/freezes",
            TestFreezes.oneOff(List.of(mine, theirs), List.of("production"), START, END),
            Optional.of(TestFreezes.admin(service, mine)));

    TestApi.assertProblem(r, 404, "not-found");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(list(service, "?client=" + mine, reader(service, mine))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void list_showsEachCallerTheFreezesAndClientsInItsScope(Backend backend) {
    TestService service = TestService.shared(backend);
    String acme = TestFreezes.newClient();
    String globex = TestFreezes.newClient();
    JsonNode both =
        TestFreezes.declare(
            service,
            TestFreezes.oneOff(List.of(acme, globex), List.of("production"), START, END),
            acme,
            globex);
    JsonNode acmeOnly =
        TestFreezes.declare(
            service,
            TestFreezes.recurring(List.of(acme), List.of("staging"), "0 2 * * *", "PT1H", "UTC"),
            acme);
    String bothId = both.get("freezeId").asString();
    String acmeId = acmeOnly.get("freezeId").asString();

    JsonNode seenByAcme = list(service, "", reader(service, acme));
    assertThat(ids(seenByAcme)).containsExactly(acmeId, bothId);
    assertThat(seenByAcme.get(1).get("clients").toString()).isEqualTo("[\"" + acme + "\"]");
    assertThat(ids(list(service, "", reader(service, globex)))).containsExactly(bothId);
    assertThat(list(service, "", reader(service, TestFreezes.newClient()))).isEmpty();
    assertThat(list(service, "?client=" + globex, reader(service, acme))).isEmpty();
    assertThat(
            ids(list(service, "?client=" + acme + "&environment=staging", reader(service, acme))))
        .containsExactly(acmeId);
    // The signed entry names both clients: only a caller who sees both reads it.
    String entry = "/api/ledger/entries/" + both.get("entryIndex").asLong();
    assertThat(service.get(entry, Optional.of(reader(service, acme))).statusCode()).isEqualTo(404);
    assertThat(service.get(entry, Optional.of(reader(service, acme, globex))).statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void list_activeAt_onlyTheFreezesHoldingThen(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    String oneOff =
        TestFreezes.declare(
                service,
                TestFreezes.oneOff(List.of(client), List.of("production"), START, END),
                client)
            .get("freezeId")
            .asString();
    String nightly =
        TestFreezes.declare(
                service,
                TestFreezes.recurring(
                    List.of(client), List.of("production"), "0 2 * * *", "PT1H", "UTC"),
                client)
            .get("freezeId")
            .asString();
    String token = reader(service, client);
    // 02:00 UTC on the day after START's: within the one-off freeze and a nightly window.
    Instant night = START.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plusSeconds(7200);
    Instant inside = night.plus(Duration.ofHours(2));

    assertThat(ids(list(service, "?client=" + client + "&activeAt=" + inside, token)))
        .containsExactly(oneOff);
    assertThat(ids(list(service, "?client=" + client + "&activeAt=" + night, token)))
        .containsExactly(nightly, oneOff);
    assertThat(ids(list(service, "?client=" + client + "&activeAt=" + END, token))).isEmpty();
    JsonNode listed = list(service, "?client=" + client + "&activeAt=" + inside, token).get(0);
    assertThat(listed.get("window").get("end").asString()).isEqualTo(END.toString());
    TestApi.assertProblem(
        service.get("/api/freezes?activeAt=soon", Optional.of(token)), 400, "invalid-request");
    TestApi.assertProblem(
        service.get("/api/freezes?activeAt=%2B10000-01-01T00:00:00Z", Optional.of(token)),
        400,
        "invalid-request");
  }
}
