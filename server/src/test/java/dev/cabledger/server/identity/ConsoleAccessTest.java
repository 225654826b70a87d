package dev.cabledger.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestConsole;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.AccessTable.Rule;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The console's authorization table: every console route is listed, and each page answers every
 * role as the table says, with a real session from a login link, on both databases.
 */
class ConsoleAccessTest {
  private static final String CLIENT = "acme";

  /** Whether a route is the console's (its own filter chain and table). */
  static boolean isConsole(String pattern) {
    return pattern.equals("/console") || pattern.startsWith("/console/");
  }

  /** A page of each role-restricted GET rule; {@code {acme}} a change of client acme. */
  private static final Map<String, Function<TestService, String>> PAGES =
      Map.ofEntries(
          Map.entry("/console", s -> "/console"),
          Map.entry("/console/changes/{id}", ConsoleAccessTest::acmeChange),
          Map.entry("/console/changes/{id}/verify", s -> acmeChange(s) + "/verify"),
          Map.entry("/console/ledger", s -> "/console/ledger"),
          Map.entry("/console/entries/{index}", ConsoleAccessTest::acmeEntry),
          Map.entry("/console/keys", s -> "/console/keys"),
          Map.entry(
              "/console/api/keys/enrolments/challenge",
              s -> "/console/api/keys/enrolments/challenge"),
          Map.entry("/console/admin/enrolments", s -> "/console/admin/enrolments"),
          Map.entry("/console/admin/revocations", s -> "/console/admin/revocations"),
          Map.entry("/console/admin/freezes", s -> "/console/admin/freezes"),
          Map.entry("/console/overrides", s -> "/console/overrides"),
          Map.entry("/console/reports", s -> "/console/reports"),
          Map.entry("/console/reports/{id}", s -> "/console/reports/" + acmeReport(s)),
          Map.entry(
              "/console/reports/{id}/file", s -> "/console/reports/" + acmeReport(s) + "/file"),
          Map.entry(
              "/console/reports/{id}/signature",
              s -> "/console/reports/" + acmeReport(s) + "/signature"));

  static Stream<Arguments> pages() {
    List<Arguments> cases = new ArrayList<>();
    for (Backend backend : Backend.values()) {
      for (Rule rule : ConsoleAccess.RULES) {
        if (rule.isPublic() || !rule.method().equals(java.util.Optional.of(HttpMethod.GET))) {
          continue;
        }
        for (Role role : Role.values()) {
          cases.add(Arguments.of(backend, rule, role));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} as {2}")
  @MethodSource("pages")
  void page_everyRole_answersAsTheTableSays(Backend backend, Rule rule, Role role) {
    TestService service = TestService.shared(backend);
    Function<TestService, String> page = PAGES.get(rule.pattern());
    assertThat(page).as("a sample page for " + rule.pattern()).isNotNull();
    String path = page.apply(service);
    HttpClient http =
        TestConsole.signedIn(service, "user:page-" + role, Set.of(role), Set.of(CLIENT), false);
    HttpResponse<String> answer = TestConsole.get(http, service, path);
    assertThat(answer.statusCode())
        .as(path + ": " + answer.body())
        .isEqualTo(rule.allows(Set.of(role)) ? 200 : 403);
    // Pages answer HTML; the key page module's JSON endpoints and the report downloads do not.
    boolean html =
        answer.statusCode() != 200
            || !(path.startsWith("/console/api/")
                || path.startsWith("/console/entries/")
                || path.endsWith("/file")
                || path.endsWith("/signature"));
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(
            v -> assertThat(v.startsWith("text/html")).as(path + ": " + v).isEqualTo(html));

    HttpResponse<String> anonymous = TestConsole.get(TestConsole.client(), service, path);
    assertThat(anonymous.statusCode()).isEqualTo(302);
  }

  static Stream<Arguments> roles() {
    List<Arguments> cases = new ArrayList<>();
    for (Backend backend : Backend.values()) {
      for (Role role : Role.values()) {
        cases.add(Arguments.of(backend, role));
      }
    }
    return cases.stream();
  }

  /** The decide form, posted with its CSRF token: only those who decide changes may. */
  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("roles")
  void decisionForm_everyRole_answersAsTheTableSays(Backend backend, Role role) {
    TestService service = TestService.shared(backend);
    String page = acmeChange(service);
    HttpClient http =
        TestConsole.signedIn(service, "user:form-" + role, Set.of(role), Set.of(CLIENT), false);
    String html = TestConsole.get(http, service, page).body();
    long before = TestWorkflow.treeSize(service);
    HttpResponse<String> answer =
        TestConsole.postForm(
            http,
            service,
            page + "/decisions",
            "decision=approve&justification=reviewed&_csrf=" + TestConsole.csrf(html));
    boolean decides = Set.of(Role.CAB_APPROVER, Role.SECURITY_REVIEWER).contains(role);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(decides ? 302 : 403);
    assertThat(TestWorkflow.treeSize(service)).isEqualTo(decides ? before + 1 : before);
  }

  @Test
  void handlerMappings_everyConsoleRouteIsInTheTable() {
    TestService service = TestService.shared(Backend.SQLITE);
    PathPatternParser parser = PathPatternParser.defaultInstance;
    List<String> unlisted = new ArrayList<>();
    List<String> console = new ArrayList<>();
    for (RequestMappingInfoHandlerMapping mapping :
        service.app().getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<org.springframework.web.bind.annotation.RequestMethod> methods =
            info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          if (!isConsole(pattern)) {
            continue;
          }
          console.add(pattern);
          boolean listed =
              ConsoleAccess.RULES.stream()
                  .anyMatch(
                      rule ->
                          parser.parse(rule.pattern()).matches(PathContainer.parsePath(pattern))
                              && (rule.method().isEmpty()
                                  || (!methods.isEmpty()
                                      && methods.stream()
                                          .allMatch(
                                              m -> m.asHttpMethod().equals(rule.method().get())))));
          if (!listed) {
            unlisted.add(methods + " " + pattern);
          }
        }
      }
    }
    assertThat(console)
        .as("the console's controllers are enumerated")
        .contains("/console", "/console/changes/{id}/decisions", "/console/login");
    assertThat(unlisted).as("console routes missing from ConsoleAccess.RULES").isEmpty();
  }

  private static final Map<Backend, String> ACME_REPORT = new java.util.EnumMap<>(Backend.class);

  /** A report of client acme, made once per database. */
  private static synchronized String acmeReport(TestService service) {
    return ACME_REPORT.computeIfAbsent(
        service.db().backend(),
        b -> {
          HttpResponse<String> made =
              service.get(
                  "/api/cab/report?client=" + CLIENT + "&days=1&format=csv",
                  java.util.Optional.of(service.token("user:seed", Role.AUDITOR)));
          assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
          return made.headers().firstValue("CAB-Report-Id").orElseThrow();
        });
  }

  /** The submission entry of a new change of client acme. */
  private static String acmeEntry(TestService service) {
    String id = TestWorkflow.newChangeId();
    long index =
        TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "low")
            .get("receipt")
            .get("index")
            .asLong();
    return "/console/entries/" + index;
  }

  private static String acmeChange(TestService service) {
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, CLIENT, TestWorkflow.newPlanHash(), "low");
    return "/console/changes/" + id;
  }
}
