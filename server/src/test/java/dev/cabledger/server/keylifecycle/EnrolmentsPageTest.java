package dev.cabledger.server.keylifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The admins' enrolments page rejects with a reason, over HTTP with a session, on both databases.
 */
class EnrolmentsPageTest {
  private static final String CLIENT = "acme";

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reject_byAnotherAdminOnThePage_listedRejectedWithReasonAndLogged(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = "user:page-reject-" + TestWorkflow.newChangeId();
    String id =
        TestApproverKeys.enrol(service, alice, MlDsa65.generate()).path("enrolmentId").asString();
    String admin = "user:page-rejecter-" + TestWorkflow.newChangeId();
    HttpClient http =
        TestConsole.signedIn(service, admin, Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false);
    String page = TestConsole.get(http, service, "/console/admin/enrolments").body();
    assertThat(page).contains("id=\"reject-" + id + "\"");

    HttpResponse<String> rejected =
        TestConsole.postForm(
            http,
            service,
            "/console/admin/enrolments/" + id + "/reject",
            "_csrf="
                + TestConsole.csrf(page)
                + "&reason="
                + URLEncoder.encode("key id not confirmed by phone", StandardCharsets.UTF_8));

    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(302);
    String after = TestConsole.get(http, service, "/console/admin/enrolments").body();
    assertThat(after).contains("is rejected as log entry");
    String row = after.substring(after.indexOf("id=\"enrolment-" + id + "\""));
    row = row.substring(0, row.indexOf("</tr>"));
    assertThat(row)
        .contains("<td data-label=\"Status\">rejected</td>")
        .contains("key id not confirmed by phone")
        .contains(admin)
        .doesNotContain("id=\"reject-" + id + "\"")
        .doesNotContain("id=\"approve-" + id + "\"");
    JsonNode enrolment = enrolment(service, id);
    assertThat(enrolment.path("status").asString()).isEqualTo("rejected");
    Statement entry =
        EnrolmentControllerTest.statementAt(
            service, enrolment.path("rejection").path("entryIndex").asLong());
    assertThat(entry.predicate().eventType()).isEqualTo(EventType.KEY_ENROLMENT_REJECTED);
    assertThat(entry.predicate().actor().subject()).isEqualTo(admin);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reject_byTheOwnerOrWithoutReason_pageSaysNotRejectedAndNothingWritten(Backend backend) {
    TestService service = TestService.shared(backend);
    String admin = "user:page-own-" + TestWorkflow.newChangeId();
    HttpResponse<String> enrolled =
        TestApproverKeys.submit(
            service,
            admin,
            Role.PLATFORM_ADMIN,
            TestApproverKeys.enrolmentBody(service, admin, MlDsa65.generate()));
    assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
    String id = TestWorkflow.json(enrolled).path("enrolment").path("enrolmentId").asString();
    HttpClient own =
        TestConsole.signedIn(service, admin, Set.of(Role.PLATFORM_ADMIN), Set.of(CLIENT), false);
    String page = TestConsole.get(own, service, "/console/admin/enrolments").body();
    assertThat(page)
        .doesNotContain("id=\"reject-" + id + "\"")
        .contains("another admin approves or rejects it");
    long before = TestWorkflow.treeSize(service);

    HttpResponse<String> byOwner =
        TestConsole.postForm(
            own,
            service,
            "/console/admin/enrolments/" + id + "/reject",
            "_csrf=" + TestConsole.csrf(page) + "&reason=mine");
    assertThat(byOwner.statusCode()).isEqualTo(403);
    assertThat(byOwner.body())
        .contains("The enrolment was NOT rejected")
        .contains("a platform admin other than its owner decides on it");

    HttpClient other =
        TestConsole.signedIn(
            service,
            "user:page-other-" + TestWorkflow.newChangeId(),
            Set.of(Role.PLATFORM_ADMIN),
            Set.of(CLIENT),
            false);
    String otherPage = TestConsole.get(other, service, "/console/admin/enrolments").body();
    HttpResponse<String> noReason =
        TestConsole.postForm(
            other,
            service,
            "/console/admin/enrolments/" + id + "/reject",
            "_csrf=" + TestConsole.csrf(otherPage) + "&reason=+");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("The enrolment was NOT rejected: reason is required");

    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(enrolment(service, id).path("status").asString()).isEqualTo("requested");
  }

  private static JsonNode enrolment(TestService service, String id) {
    JsonNode list =
        TestApi.json(
            service.get(
                "/api/keys/enrolments",
                Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN))));
    for (JsonNode e : list.path("enrolments")) {
      if (e.path("enrolmentId").asString().equals(id)) {
        return e;
      }
    }
    throw new AssertionError("enrolment " + id + " is not listed");
  }
}
