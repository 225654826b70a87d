package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.access.Role;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Standard-change templates and emergency changes for the server tests, over HTTP. */
public final class TestChangeTypes {
  private TestChangeTypes() {}

  /** The body of a template for module tf-aws-rds in production, up to {@code maxRisk}. */
  public static String templateBody(String client, String maxRisk) {
    return """
        {"client": "%s", "module": "tf-aws-rds", "environment": "production",
         "maxRisk": "%s", "title": "Resize the database",
         "description": "A resize within the instance family"}
        """
        .formatted(client, maxRisk);
  }

  /** A platform admin's token for these clients. */
  public static String admin(TestService service, String user, String... clients) {
    return service.token(user, Set.of(Role.PLATFORM_ADMIN), Set.of(clients), false);
  }

  /** Defines a template as {@code user:template-admin}; returns the 201's JSON. */
  public static JsonNode define(TestService service, String client, String maxRisk) {
    HttpResponse<String> r =
        service.post(
            "/api/change-templates",
            templateBody(client, maxRisk),
            Optional.of(admin(service, "user:template-admin", client)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r);
  }

  /** Approves a template as {@code user}, a CAB approver of every client; the answer as is. */
  public static HttpResponse<String> approve(TestService service, JsonNode template, String user) {
    return service.post(
        "/api/change-templates/" + template.path("templateId").asString() + "/approve",
        approvalBody(template),
        Optional.of(TestWorkflow.decider(service, user, Role.CAB_APPROVER)));
  }

  /** The body approving exactly this template's definition. */
  public static String approvalBody(JsonNode template) {
    return "{\"definition\": \"" + template.path("definition").asString() + "\"}";
  }

  /** A template of {@code client} up to {@code maxRisk}, approved by the CAB; its JSON. */
  public static JsonNode approvedTemplate(TestService service, String client, String maxRisk) {
    JsonNode template = define(service, client, maxRisk);
    HttpResponse<String> r = approve(service, template, "user:cab-templates");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r);
  }

  /** The intake body of a standard change citing a template. */
  public static String standardBody(
      String id, String client, String plan, String risk, String templateId) {
    return withType(
        TestWorkflow.changeBody(id, client, plan, risk),
        "\"type\": \"standard\", \"templateId\": \"" + templateId + "\"");
  }

  /** The intake body of an emergency change. */
  public static String emergencyBody(String id, String client, String plan, String risk) {
    return withType(
        TestWorkflow.changeBody(id, client, plan, risk),
        "\"type\": \"emergency\", \"emergencyReason\": \"the payment API is down\"");
  }

  /** Approves an emergency change's plan as {@code token}'s holder; the answer as is. */
  public static HttpResponse<String> approveEmergency(
      TestService service, String changeId, String plan, String token) {
    return service.post(
        "/api/changes/" + changeId + "/emergency-approval",
        "{\"planHash\": \"" + plan + "\"}",
        Optional.of(token));
  }

  private static String withType(String body, String members) {
    int end = body.lastIndexOf('}');
    return body.substring(0, end) + ", " + members + "}";
  }
}
