package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.access.Role;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Freezes for the server tests, declared over HTTP as a platform admin. */
public final class TestFreezes {
  private TestFreezes() {}

  /**
   * A client of its own: the tests share one service, and a freeze holds every change of its
   * clients, so each test freezes a client no other test uses.
   */
  public static String newClient() {
    return "frz-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A platform admin's token for these clients. */
  public static String admin(TestService service, String... clients) {
    return service.token("user:admin", Set.of(Role.PLATFORM_ADMIN), Set.of(clients), false);
  }

  /** The body of a one-off freeze. */
  public static String oneOff(
      List<String> clients, List<String> environments, Instant start, Instant end) {
    return """
        {"clients": %s, "environments": %s, "start": "%s", "end": "%s",
         "reason": "Release weekend"}
        """
        .formatted(array(clients), array(environments), start, end);
  }

  /** The body of a recurring freeze. */
  public static String recurring(
      List<String> clients, List<String> environments, String cron, String duration, String zone) {
    return """
        {"clients": %s, "environments": %s, "cron": "%s", "duration": "%s",
         "timeZone": "%s", "reason": "No weekend changes"}
        """
        .formatted(array(clients), array(environments), cron, duration, zone);
  }

  /** Declares a freeze as an admin who sees its clients; returns the 201's JSON. */
  public static JsonNode declare(TestService service, String body, String... clients) {
    HttpResponse<String> r =
        service.post("/api/freezes", body, Optional.of(admin(service, clients)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r);
  }

  private static String array(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
  }
}
