package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.access.Role;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Driving the exceptions API in tests, as a pipeline and security reviewers would. */
public final class TestExceptions {
  private TestExceptions() {}

  /** The body of an exception request. */
  public static String requestBody(String changeId, String type) {
    return """
        {"changeRequestId": "%s", "exceptionType": "%s",
         "reason": "The scanner flags CVE-2026-0001, which the patch itself fixes",
         "compensatingControls": ["Network isolation", "Enhanced monitoring"]}
        """
        .formatted(changeId, type);
  }

  /** A security reviewer's token for one client. */
  public static String reviewer(TestService service, String user, String client) {
    return service.token(user, Set.of(Role.SECURITY_REVIEWER), Set.of(client), false);
  }

  /** Requests an exception as {@code user} (a REQUESTER of the client); returns the 201's JSON. */
  public static JsonNode request(
      TestService service, String user, String changeId, String client, String type) {
    HttpResponse<String> r =
        service.post(
            "/api/exceptions",
            requestBody(changeId, type),
            Optional.of(TestWorkflow.requester(service, user, client)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r);
  }

  /** Decides an exception as a security reviewer of the client. */
  public static HttpResponse<String> decide(
      TestService service, String exceptionId, String reviewer, String client, String body) {
    return service.post(
        "/api/exceptions/" + exceptionId + "/decisions",
        body,
        Optional.of(reviewer(service, reviewer, client)));
  }
}
