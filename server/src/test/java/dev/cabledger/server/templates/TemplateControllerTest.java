package dev.cabledger.server.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestChangeTypes;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Standard changes over real HTTP with real tokens, on both databases: templates defined by a
 * platform admin and approved once by a CAB approver who is not the definer, and what the intake
 * and the gate answer for a change that matches one, or does not.
 */
class TemplateControllerTest {

  private static JsonNode gate(TestService service, String changeId, String plan, String client) {
    return TestApi.json(
        service.get(
            "/api/gate?change=" + changeId + "&planHash=" + plan,
            Optional.of(TestWorkflow.requester(service, "user:deployer", client))));
  }

  private static HttpResponse<String> submitStandard(
      TestService service, String client, String plan, String risk, String templateId) {
    return service.post(
        "/api/changes",
        TestChangeTypes.standardBody(TestWorkflow.newChangeId(), client, plan, risk, templateId),
        Optional.of(TestWorkflow.requester(service, "user:pipeline", client)));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void gate_standardChangeMatchingAnApprovedTemplate_approvedCitingTheTemplate(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    JsonNode template = TestChangeTypes.approvedTemplate(service, client, "medium");
    String templateId = template.get("templateId").asString();
    assertThat(template.get("status").asString()).isEqualTo("approved");
    assertThat(template.get("approvedBy").asString()).isEqualTo("user:cab-templates");
    String plan = TestWorkflow.newPlanHash();

    HttpResponse<String> submitted = submitStandard(service, client, plan, "low", templateId);

    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    JsonNode change = TestWorkflow.json(submitted);
    assertThat(change.get("status").asString()).isEqualTo("approved");
    assertThat(change.get("changeType").get("type").asString()).isEqualTo("standard");
    assertThat(change.get("changeType").get("templateId").asString()).isEqualTo(templateId);
    // The submission, then the entry citing the template right after it.
    JsonNode entries = change.get("entries");
    assertThat(entries.get(1).get("eventType").asString()).isEqualTo("CHANGE_TEMPLATE_MATCHED");
    assertThat(entries.get(1).get("index").asLong())
        .isEqualTo(entries.get(0).get("index").asLong() + 1);

    JsonNode answer = gate(service, change.get("id").asString(), plan, client);

    assertThat(answer.get("decision").asString()).as(answer.toString()).isEqualTo("APPROVED");
    JsonNode rule = answer.get("approvedByRule");
    assertThat(rule.get("changeType").asString()).isEqualTo("standard");
    assertThat(rule.get("templateId").asString()).isEqualTo(templateId);
    assertThat(rule.get("summary").asString())
        .contains("Resize the database")
        .contains("approved by user:cab-templates");
    // The apply check weighs the template as the gate does.
    HttpResponse<String> applied =
        TestWorkflow.applied(service, change.get("id").asString(), client, plan, "production");
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(201);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_standardChangeAboveTheTemplatesRisk_422AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    String templateId =
        TestChangeTypes.approvedTemplate(service, client, "medium").get("templateId").asString();
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        submitStandard(service, client, TestWorkflow.newPlanHash(), "high", templateId);

    TestApi.assertProblem(r, 422, "template-mismatch");
    assertThat(TestWorkflow.json(r).get("detail").asString()).contains("at risk medium or lower");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_templateNotYetApproved_422AndListedAsPending(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    JsonNode template = TestChangeTypes.define(service, client, "medium");
    String templateId = template.get("templateId").asString();
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        submitStandard(service, client, TestWorkflow.newPlanHash(), "low", templateId);

    TestApi.assertProblem(r, 422, "template-mismatch");
    assertThat(TestWorkflow.json(r).get("detail").asString()).contains("is approved by the CAB");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    JsonNode listed =
        TestApi.json(
            service.get(
                "/api/change-templates?client=" + client,
                Optional.of(
                    service.token("user:auditor", Set.of(Role.AUDITOR), Set.of(client), false))));
    assertThat(listed.get("templates")).hasSize(1);
    assertThat(listed.get("templates").get(0).get("status").asString()).isEqualTo("pending");
    assertThat(listed.get("templates").get(0).get("definedBy").asString())
        .isEqualTo("user:template-admin");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_byTheTemplatesDefiner_403AndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    // An admin who also sits on the CAB: she may define or approve, not both.
    String dana =
        service.token(
            "user:dana", Set.of(Role.PLATFORM_ADMIN, Role.CAB_APPROVER), Set.of(client), false);
    HttpResponse<String> defined =
        service.post(
            "/api/change-templates",
            TestChangeTypes.templateBody(client, "low"),
            Optional.of(dana));
    assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
    JsonNode template = TestWorkflow.json(defined);
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        service.post(
            "/api/change-templates/" + template.get("templateId").asString() + "/approve",
            TestChangeTypes.approvalBody(template),
            Optional.of(dana));

    TestApi.assertProblem(r, 403, "separation-of-duties");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approve_twiceOrAnotherDefinition_409(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    JsonNode template = TestChangeTypes.define(service, client, "low");
    HttpResponse<String> other =
        service.post(
            "/api/change-templates/" + template.get("templateId").asString() + "/approve",
            "{\"definition\": \"" + "ab".repeat(32) + "\"}",
            Optional.of(TestWorkflow.decider(service, "user:carol", Role.CAB_APPROVER)));
    TestApi.assertProblem(other, 409, "conflict");

    assertThat(TestChangeTypes.approve(service, template, "user:carol").statusCode())
        .isEqualTo(201);
    HttpResponse<String> again = TestChangeTypes.approve(service, template, "user:bob");

    TestApi.assertProblem(again, 409, "conflict");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void define_withoutMaxRisk_400NamingIt(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> r =
        service.post(
            "/api/change-templates",
            TestChangeTypes.templateBody(client, "low").replace("\"maxRisk\": \"low\",", ""),
            Optional.of(TestChangeTypes.admin(service, "user:admin", client)));

    TestApi.assertProblem(r, 400, "invalid-request");
    assertThat(TestWorkflow.json(r).get("detail").asString()).contains("maxRisk is required");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void submit_unknownTypeOrATemplateForAnotherType_400NamingTheMember(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = TestFreezes.newClient();
    String body =
        TestWorkflow.changeBody(
            TestWorkflow.newChangeId(), client, TestWorkflow.newPlanHash(), "low");
    String end = "}";
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> unknown =
        service.post(
            "/api/changes",
            body.substring(0, body.lastIndexOf(end)) + ", \"type\": \"urgent\"}",
            Optional.of(TestWorkflow.requester(service, "user:pipeline", client)));
    HttpResponse<String> templateOfNormal =
        service.post(
            "/api/changes",
            body.substring(0, body.lastIndexOf(end))
                + ", \"templateId\": \"3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b\"}",
            Optional.of(TestWorkflow.requester(service, "user:pipeline", client)));

    TestApi.assertProblem(unknown, 400, "invalid-request");
    assertThat(TestWorkflow.json(unknown).get("detail").asString())
        .contains("type must be one of normal, standard, emergency");
    TestApi.assertProblem(templateOfNormal, 400, "invalid-request");
    assertThat(TestWorkflow.json(templateOfNormal).get("detail").asString())
        .contains("templateId is for a standard change only");
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
  }
}
