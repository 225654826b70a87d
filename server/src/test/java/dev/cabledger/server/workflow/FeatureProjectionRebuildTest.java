package dev.cabledger.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestChangeTypes;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestFreezes;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The ledger check and the rebuild of the projection tables outside the workflow's own: the key
 * registry's ({@code registered_key}, {@code key_end}), the enrolments' ({@code key_enrolment},
 * {@code enrolment_rejection}), the freezes' ({@code declared_freeze}, {@code freeze_scope}) and
 * the reports' ({@code report}), on both databases.
 */
class FeatureProjectionRebuildTest {
  /** Each table, and the query that reads it in a stable order (without the SPKI bytes). */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put(
        "registered_key",
        "SELECT key_id, algorithm, owner, purpose, valid_from, valid_to, status, entry_idx"
            + " FROM registered_key ORDER BY key_id");
    TABLES.put("key_end", "SELECT * FROM key_end ORDER BY entry_idx");
    TABLES.put("key_enrolment", "SELECT * FROM key_enrolment ORDER BY entry_idx");
    TABLES.put("enrolment_rejection", "SELECT * FROM enrolment_rejection ORDER BY entry_idx");
    TABLES.put("declared_freeze", "SELECT * FROM declared_freeze ORDER BY entry_idx");
    TABLES.put(
        "freeze_scope", "SELECT * FROM freeze_scope ORDER BY entry_idx, client, environment");
    TABLES.put("report", "SELECT * FROM report ORDER BY entry_idx");
    TABLES.put("change_template", "SELECT * FROM change_template ORDER BY entry_idx");
  }

  /**
   * Rows of every table, recorded through the service's own API.
   *
   * @param keyId an approver key, registered and retired
   * @param enrolment its enrolment
   * @param rejected an enrolment a platform admin rejected
   * @param freezeId a freeze
   * @param reportId a report
   * @param templateId a standard-change template, defined and approved
   */
  record Fixture(
      String keyId,
      String enrolment,
      String rejected,
      String freezeId,
      String reportId,
      String templateId) {}

  private static Fixture record(TestService service) {
    String owner = "user:rebuild-owner";
    var key = MlDsa65.generate();
    String enrolment = TestApproverKeys.enrol(service, owner, key).path("enrolmentId").asString();
    assertThat(TestApproverKeys.approve(service, TestApproverKeys.ADMIN, enrolment).statusCode())
        .isEqualTo(201);
    String keyId = TestApproverKeys.id(key).value();
    HttpResponse<String> retired =
        service.post(
            "/api/keys/" + keyId + "/retire",
            "{\"reason\": \"new laptop\"}",
            Optional.of(service.token(owner, Role.CAB_APPROVER)));
    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(201);
    String rejected =
        TestApproverKeys.enrol(service, owner, MlDsa65.generate()).path("enrolmentId").asString();
    HttpResponse<String> rejection =
        TestApproverKeys.reject(service, TestApproverKeys.ADMIN, rejected, "not confirmed");
    assertThat(rejection.statusCode()).as(rejection.body()).isEqualTo(201);
    Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String client = TestFreezes.newClient();
    String freezeId =
        TestFreezes.declare(
                service,
                TestFreezes.oneOff(
                    List.of(client),
                    List.of("production", "staging"),
                    start,
                    start.plus(2, ChronoUnit.DAYS)),
                client)
            .path("freezeId")
            .asString();
    HttpResponse<String> report =
        service.get(
            "/api/cab/report?client=" + client + "&days=1&format=csv",
            Optional.of(service.token("user:auditor", Role.AUDITOR)));
    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
    JsonNode template = TestChangeTypes.define(service, client, "low");
    assertThat(TestChangeTypes.approve(service, template, "user:rebuild-cab").statusCode())
        .isEqualTo(201);
    return new Fixture(
        keyId,
        enrolment,
        rejected,
        freezeId,
        report.headers().firstValue("CAB-Report-Id").orElseThrow(),
        template.get("templateId").asString());
  }

  private static Map<String, List<Map<String, Object>>> snapshot(JdbcTemplate jdbc) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    TABLES.forEach((table, query) -> out.put(table, jdbc.queryForList(query)));
    return out;
  }

  private static ProjectionRebuild rebuild(TestService service) {
    return service.app().getBean(ProjectionRebuild.class);
  }

  private static List<String> audit(TestService service) {
    return service.app().getBean(LedgerAudit.class).run().findings().stream()
        .map(Finding::toString)
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void rebuild_deletedRowOfEachTable_checkNamesItAndRebuildRestoresItAsItWas(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      Fixture f = record(service);
      JdbcTemplate jdbc = db.jdbc();
      Map<String, List<Map<String, Object>>> before = snapshot(jdbc);
      assertThat(audit(service)).isEmpty();
      db.dropAppendOnlyTriggers();
      assertThat(jdbc.update("DELETE FROM registered_key WHERE key_id = ?", f.keyId()))
          .isEqualTo(1);
      assertThat(jdbc.update("DELETE FROM key_end WHERE key_id = ?", f.keyId())).isEqualTo(1);
      assertThat(jdbc.update("DELETE FROM key_enrolment WHERE enrolment_id = ?", f.enrolment()))
          .isEqualTo(1);
      assertThat(
              jdbc.update("DELETE FROM enrolment_rejection WHERE enrolment_id = ?", f.rejected()))
          .isEqualTo(1);
      long freezeAt =
          jdbc.queryForObject(
              "SELECT entry_idx FROM declared_freeze WHERE freeze_id = ?",
              Long.class,
              f.freezeId());
      assertThat(jdbc.update("DELETE FROM declared_freeze WHERE freeze_id = ?", f.freezeId()))
          .isEqualTo(1);
      assertThat(
              jdbc.update(
                  "DELETE FROM freeze_scope WHERE entry_idx = ? AND environment = 'staging'",
                  freezeAt))
          .isEqualTo(1);
      assertThat(jdbc.update("DELETE FROM report WHERE report_id = ?", f.reportId())).isEqualTo(1);
      assertThat(jdbc.update("DELETE FROM change_template WHERE template_id = ?", f.templateId()))
          .isEqualTo(2);

      assertThat(audit(service))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains("registers key " + f.keyId() + ", which has no registered_key row"))
          .anySatisfy(m -> assertThat(m).contains("which has no key_end row"))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains(
                          "KEY_ENROLMENT_REQUESTED of enrolment "
                              + f.enrolment()
                              + ", which has no key_enrolment row"))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains(
                          "KEY_ENROLMENT_REJECTED of enrolment "
                              + f.rejected()
                              + ", which has no enrolment_rejection row"))
          // Its one scope row left makes the freeze's rows differ from what the entry states.
          .anySatisfy(
              m ->
                  assertThat(m)
                      .isEqualTo(
                          "entry "
                              + freezeAt
                              + ": freeze rows differ from the FREEZE_DECLARED entry"))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains("logs report " + f.reportId() + ", which has no report row"))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains(
                          "is an entry of template "
                              + f.templateId()
                              + ", which has no change_template row"));

      ProjectionRebuild.Result result = rebuild(service).rebuild(n -> {});

      assertThat(result.restored())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "registered_key", 1L,
                  "key_end", 1L,
                  "key_enrolment", 1L,
                  "enrolment_rejection", 1L,
                  "declared_freeze", 1L,
                  "freeze_scope", 1L,
                  "report", 1L,
                  "change_template", 2L));
      assertThat(result.complete()).isTrue();
      assertThat(snapshot(jdbc)).isEqualTo(before);
      assertThat(audit(service)).isEmpty();
      // What the restored rows index answers again: the key and its end, the rejection, the report.
      assertThat(TestApi.keys(service).find(new dev.cabledger.core.KeyId(f.keyId())))
          .hasValueSatisfying(k -> assertThat(k.status().json()).isEqualTo("retired"));
      assertThat(
              TestApi.json(
                      service.get(
                          "/api/keys/enrolments?status=rejected",
                          Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN))))
                  .path("enrolments")
                  .valueStream()
                  .map(e -> e.path("enrolmentId").asString()))
          .contains(f.rejected());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void check_rowsTheLogDoesNotEstablish_reportedAndLeftAloneByTheRebuild(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      Fixture f = record(service);
      JdbcTemplate jdbc = db.jdbc();
      long reportAt =
          jdbc.queryForObject(
              "SELECT entry_idx FROM report WHERE report_id = ?", Long.class, f.reportId());
      String forgedReport = UUID.randomUUID().toString();
      String forgedRejection = UUID.randomUUID().toString();
      // Rows anyone with INSERT could add (the tables are append-only, not insert-proof): a report
      // row naming another entry, and a rejection of an enrolment nobody rejected.
      jdbc.update(
          "INSERT INTO report (report_id, report_hash, media_type, entry_idx) VALUES (?, ?, ?, ?)",
          forgedReport,
          "ab".repeat(32),
          "text/csv",
          reportAt - 1);
      jdbc.update(
          "INSERT INTO enrolment_rejection (enrolment_id, key_id, rejected_by, rejected_at,"
              + " entry_idx) VALUES (?, ?, ?, ?, ?)",
          forgedRejection,
          f.keyId(),
          "user:mallory",
          Instant.now().toString(),
          reportAt - 1);
      Map<String, List<Map<String, Object>>> forged = snapshot(jdbc);

      assertThat(audit(service))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains(
                          "report row (report_id "
                              + forgedReport
                              + ") names entry "
                              + (reportAt - 1)
                              + ", and no REPORT_GENERATED entry logs that report"))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains(
                          "enrolment_rejection row "
                              + forgedRejection
                              + " has no KEY_ENROLMENT_REJECTED entry in the log"));

      ProjectionRebuild.Result result = rebuild(service).rebuild(n -> {});

      assertThat(result.restored()).isEmpty();
      assertThat(result.leftAlone()).isEqualTo(2);
      assertThat(result.complete()).isFalse();
      assertThat(snapshot(jdbc)).isEqualTo(forged);
    }
  }
}
