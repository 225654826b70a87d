package dev.cabledger.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestChangeTypes;
import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.springframework.web.util.HtmlUtils;

/** The review queue's paging over HTTP with a console session, on both databases. */
class QueuePageTest {
  private static final Pattern CHANGE_LINK = Pattern.compile("href=\"/console/changes/([^\"]+)\"");

  @ParameterizedTest
  @EnumSource(Backend.class)
  void root_openedInABrowser_leadsToTheConsoleAndItsSignIn(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpClient http = TestConsole.client();

    HttpResponse<String> root = TestConsole.get(http, service, "/");
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
    HttpResponse<String> console = TestConsole.get(http, service, "/console");
    assertThat(console.statusCode()).isEqualTo(302);
    assertThat(console.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/console/signin"));

    HttpClient signedIn =
        TestConsole.signedIn(
            service, "user:root-opener", Set.of(Role.AUDITOR), Set.of("acme"), false);
    HttpResponse<String> again = TestConsole.get(signedIn, service, "/");
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(TestConsole.get(signedIn, service, "/console").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void queue_moreThanAPage_newestPageFirstThenTheRest(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = "queue-" + TestWorkflow.newChangeId().toLowerCase(Locale.ROOT);
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < QueuePage.PAGE_SIZE + 2; i++) {
      String id = TestWorkflow.newChangeId();
      TestWorkflow.submit(service, id, client, TestWorkflow.newPlanHash(), "high");
      submitted.add(id);
    }
    HttpClient http =
        TestConsole.signedIn(
            service, "user:queue-reader", Set.of(Role.CAB_APPROVER), Set.of(client), false);

    HttpResponse<String> first = TestConsole.get(http, service, "/console");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(links(first.body()))
        .as("the rows' links are the plain change paths, newest first")
        .containsExactlyElementsOf(submitted.reversed().subList(0, QueuePage.PAGE_SIZE));
    assertThat(first.body()).contains("rel=\"next\"").doesNotContain("rel=\"prev\"");
    // What each still needs, assessed from its signed entries.
    assertThat(first.body()).contains("class=\"needs\"><li>");

    HttpResponse<String> second = TestConsole.get(http, service, "/console?page=1");
    assertThat(links(second.body())).containsExactly(submitted.get(1), submitted.get(0));
    assertThat(second.body()).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void consoleLinks_resourceChainOff_noFilterResolvesThemAsStaticFiles(Backend backend) {
    TestService service = TestService.shared(backend);
    // With the resource chain on (Swagger UI's webjars locator turns it on by default), this
    // filter looked up every link of a page as a file in the jars: two thirds of the queue's CPU.
    assertThat(service.app().getBeansOfType(ResourceUrlEncodingFilter.class)).isEmpty();
    assertThat(service.app().getBeansOfType(FilterRegistrationBean.class).values())
        .noneMatch(r -> r.getFilter() instanceof ResourceUrlEncodingFilter);
    HttpResponse<String> swagger = service.get("/swagger-ui/index.html", Optional.empty());
    assertThat(swagger.statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void clientFilter_reviewerOfAllClients_offersTheFirstClientsInOrder(Backend backend) {
    TestService service = TestService.shared(backend);
    TestWorkflow.submit(
        service,
        TestWorkflow.newChangeId(),
        "filter-" + TestWorkflow.newChangeId().toLowerCase(Locale.ROOT),
        TestWorkflow.newPlanHash(),
        "low");
    List<String> expected =
        service
            .app()
            .getBean(JdbcTemplate.class)
            .queryForList(
                "SELECT DISTINCT client FROM change_request ORDER BY client LIMIT 200",
                String.class);
    HttpClient http =
        TestConsole.signedIn(
            service, "user:filter-reader", Set.of(Role.CAB_APPROVER), Set.of(), true);

    String page = TestConsole.get(http, service, "/console").body();

    List<String> offered = new ArrayList<>();
    Matcher m =
        Pattern.compile("<option value=\"([^\"]+)\">").matcher(page.split("name=\"risk\"")[0]);
    while (m.find()) {
      // The page escapes what a client name may hold (another test's client has quotes in it).
      offered.add(HtmlUtils.htmlUnescape(m.group(1)));
    }
    assertThat(expected).isNotEmpty();
    assertThat(offered).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void typeFilter_emergencyAmongNormal_listsOnlyThatTypeAndPagesOverIt(Backend backend) {
    TestService service = TestService.shared(backend);
    String client = "type-" + TestWorkflow.newChangeId().toLowerCase(Locale.ROOT);
    List<String> emergencies = new ArrayList<>();
    List<String> normals = new ArrayList<>();
    for (int i = 0; i < QueuePage.PAGE_SIZE + 1; i++) {
      String id = TestWorkflow.newChangeId();
      TestWorkflow.submitBody(
          service,
          client,
          TestChangeTypes.emergencyBody(id, client, TestWorkflow.newPlanHash(), "high"));
      emergencies.add(id);
      if (i % 5 == 0) {
        String normal = TestWorkflow.newChangeId();
        TestWorkflow.submit(service, normal, client, TestWorkflow.newPlanHash(), "high");
        normals.add(normal);
      }
    }
    HttpClient http =
        TestConsole.signedIn(
            service, "user:type-reader", Set.of(Role.CAB_APPROVER), Set.of(client), false);

    HttpResponse<String> first = TestConsole.get(http, service, "/console?type=emergency");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(links(first.body()))
        .containsExactlyElementsOf(emergencies.reversed().subList(0, QueuePage.PAGE_SIZE));
    assertThat(first.body())
        .contains("<td data-label=\"Type\" class=\"change-type\">emergency</td>")
        .doesNotContain("class=\"change-type\">normal<")
        .contains("type=emergency&amp;page=1\" rel=\"next\"");
    HttpResponse<String> second = TestConsole.get(http, service, "/console?type=emergency&page=1");
    assertThat(links(second.body())).containsExactly(emergencies.getFirst());
    assertThat(second.body()).doesNotContain("rel=\"next\"");

    HttpResponse<String> normal = TestConsole.get(http, service, "/console?type=normal");
    assertThat(links(normal.body())).containsExactlyElementsOf(normals.reversed());
    HttpResponse<String> standard = TestConsole.get(http, service, "/console?type=standard");
    assertThat(links(standard.body())).isEmpty();
    assertThat(standard.body()).contains("No pending change matches these filters.");

    HttpResponse<String> bad = TestConsole.get(http, service, "/console?type=urgent");
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  private static List<String> links(String html) {
    List<String> ids = new ArrayList<>();
    Matcher m = CHANGE_LINK.matcher(html);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
