package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.report.ReportSignature;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestChangeTypes;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestDecisions;
import dev.cabledger.server.TestExceptions;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/cab/report} and {@code /api/reports/{id}} over real HTTP, on both databases: the
 * article's examples, a report that states its own verification from the signed entries (and not
 * from the projection tables), tenant scope, the CSV's quoting, its signature and its log entry.
 */
class ReportControllerTest {
  @TempDir Path dir;

  /** The members of a change in the article's report. */
  static final List<String> ARTICLE_CHANGE_FIELDS =
      List.of(
          "changeRequestId",
          "approvedBy",
          "approvedAt",
          "module",
          "client",
          "riskLevel",
          "planHash",
          "signaturePresent",
          "keyId");

  static String auditor(TestService service) {
    return service.token("user:audrey", Role.AUDITOR);
  }

  static HttpResponse<String> report(TestService service, String query, String token) {
    return service.get("/api/cab/report" + query, Optional.of(token));
  }

  static String change(TestService service, String client, String risk) {
    String id = TestWorkflow.newChangeId();
    TestWorkflow.submit(service, id, client, TestWorkflow.newPlanHash(), risk);
    return id;
  }

  static String uniqueClient(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static byte[] bytes(TestService service, String path, String token) {
    HttpResponse<byte[]> r =
        service.sendForBytes(service.request(path, Optional.of(token)).GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_articlesExamples_answerTheArticlesFieldsAndStateTheirVerification(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      List<String> acme = new ArrayList<>();
      for (String risk : List.of("low", "low", "high")) {
        String id = change(service, "acme", risk);
        TestWorkflow.approve(service, id, "user:alice");
        acme.add(id);
      }
      String globex = change(service, "globex", "medium");
      TestWorkflow.approve(service, globex, "user:bob");
      String token = auditor(service);
      String serviceKey = TestApi.keys(service).withPurpose("service").getFirst().keyId().value();

      // The article's first example: one client, 90 days.
      HttpResponse<String> answer = report(service, "?client=acme&days=90", token);

      JsonNode r = TestApi.json(answer);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
      String reportId = answer.headers().firstValue("CAB-Report-Id").orElseThrow();
      assertThat(r.get("reportId").asString()).isEqualTo(reportId);
      assertThat(Instant.parse(r.get("generatedAt").asString())).isBefore(Instant.now());
      assertThat(r.get("period").asString()).isEqualTo("Last 90 days");
      assertThat(r.get("client").asString()).isEqualTo("acme");
      assertThat(r.get("totalChanges").asLong()).isEqualTo(3);
      assertThat(r.get("byRiskLevel").get("low").asLong()).isEqualTo(2);
      assertThat(r.get("byRiskLevel").get("medium").asLong()).isZero();
      assertThat(r.get("byRiskLevel").get("high").asLong()).isEqualTo(1);
      assertThat(r.get("byRiskLevel").get("critical").asLong()).isZero();
      assertThat(r.get("allSignaturesPresent").asBoolean()).isTrue();
      assertThat(r.get("allSignaturesValid").asBoolean()).isTrue();
      assertThat(r.get("allEntriesIncluded").asBoolean()).isTrue();
      assertThat(r.get("problems")).isEmpty();
      List<String> reported = new ArrayList<>();
      for (JsonNode c : r.get("changes")) {
        assertThat(c.propertyNames()).containsAll(ARTICLE_CHANGE_FIELDS);
        assertThat(c.get("approvedBy").asString()).isEqualTo("user:alice");
        assertThat(c.get("client").asString()).isEqualTo("acme");
        assertThat(c.get("module").asString()).isEqualTo("tf-aws-rds");
        assertThat(c.get("keyId").asString()).isEqualTo(serviceKey);
        assertThat(c.get("signaturePresent").asBoolean()).isTrue();
        String id = c.get("changeRequestId").asString();
        assertThat(c.get("planHash").asString())
            .isEqualTo(TestDecisions.history(service, id).planHash().hex());
        assertThat(c.get("approvedAt").asString())
            .isEqualTo(c.get("decisions").get(0).get("decidedAt").asString());
        reported.add(id);
      }
      assertThat(reported).as("newest first").isEqualTo(acme.reversed());
      JsonNode checkpoint = r.get("checkpoint");
      assertThat(TestApi.verifiedCheckpoint(service, checkpoint.get("note").asString()).size())
          .isEqualTo(checkpoint.get("size").asLong());
      for (String section : JsonReportWriter.SECTIONS) {
        assertThat(r.get(section).isArray()).as(section).isTrue();
      }
      for (String none : List.of("overrides", "emergencyChanges", "overdueReviews")) {
        assertThat(r.get(none)).as(none).isEmpty();
      }

      // The article's second example: every client, 30 days.
      JsonNode all = TestApi.json(report(service, "?days=30", token));
      assertThat(all.get("client").asString()).isEqualTo("all");
      assertThat(all.get("totalChanges").asLong()).isEqualTo(4);
      assertThat(all.get("byRiskLevel").get("medium").asLong()).isEqualTo(1);

      // The report is logged: its signature is its REPORT_GENERATED entry, which names its hash,
      // filters and checkpoint, verifies with the registry, and is in the log.
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      byte[] signature = bytes(service, "/api/reports/" + reportId + "/signature", token);
      ReportSignature signed = ReportSignature.parse(signature);
      assertThat(signed.report().reportHash()).isEqualTo(Digest.sha256(body));
      assertThat(signed.report().mediaType()).isEqualTo("application/json");
      assertThat(signed.report().client()).contains(new ClientId("acme"));
      assertThat(signed.report().periodFrom().toString()).isEqualTo(r.get("from").asString());
      assertThat(signed.report().periodTo().toString()).isEqualTo(r.get("to").asString());
      assertThat(signed.report().checkpointSize()).isEqualTo(checkpoint.get("size").asLong());
      assertThat(signed.report().checkpointRootHash())
          .isEqualTo(Digest.fromBase64(checkpoint.get("rootHash").asString()));
      assertThat(signed.statement().predicate().actor().subject()).isEqualTo("user:audrey");
      assertThat(signed.verify(new ByteArrayInputStream(body), TestApi.keys(service)))
          .containsExactly(signed.envelope().signatures().getFirst().keyId());
      assertThat(logged(service, token, signature)).as("the signature is a log entry").isTrue();

      // Fetched again by id: the very bytes.
      HttpResponse<byte[]> again =
          service.sendForBytes(
              service.request("/api/reports/" + reportId, Optional.of(token)).GET().build());
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(body);
      assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(again.headers().firstValue("CAB-Report-Id")).hasValue(reportId);

      // The log's own check (the offline verifier over every entry) accepts the report entries.
      assertThat(service.app().getBean(LedgerAudit.class).run().findings()).isEmpty();
    }
  }

  /** Whether the bytes are those of an entry of the log, read through the entries endpoint. */
  private static boolean logged(TestService service, String token, byte[] entry) {
    long size = TestWorkflow.treeSize(service);
    String b64 = Base64.getEncoder().encodeToString(entry);
    for (long i = size - 1; i >= 0; i--) {
      JsonNode e = TestApi.json(service.get("/api/ledger/entries/" + i, Optional.of(token)));
      if (e.get("entry").asString().equals(b64)) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_projectionChangedThenEntryBytesChanged_readsOnlyTheSignedBytes(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String untouched = change(service, "acme", "low");
      TestWorkflow.approve(service, untouched, "user:alice");
      String id = change(service, "acme", "low");
      JsonNode approval = TestWorkflow.approve(service, id, "user:alice");
      String approvalId = approval.get("approvalId").asString();
      long index = approval.get("entryIndex").asLong();
      String token = auditor(service);
      JsonNode before = TestApi.json(report(service, "?client=acme&days=1", token));
      db.dropAppendOnlyTriggers();

      // A projection column edited: the report, read from the signed entries, is the same.
      JdbcTemplate jdbc = db.jdbc();
      jdbc.update(
          "UPDATE approval SET approver = 'user:mallory', status = 'denied' WHERE approval_id = ?",
          approvalId);
      jdbc.update("UPDATE change_request SET risk_level = 'critical' WHERE change_id = ?", id);
      JsonNode relabelled = TestApi.json(report(service, "?client=acme&days=1", token));

      assertThat(relabelled.get("changes")).isEqualTo(before.get("changes"));
      assertThat(relabelled.get("byRiskLevel")).isEqualTo(before.get("byRiskLevel"));
      assertThat(relabelled.get("allSignaturesValid").asBoolean()).isTrue();

      // The entry's bytes edited (its signatures kept): the report says so and names the entry.
      rewritePayload(jdbc, index, "user:alice", "user:mallory");
      JsonNode tampered = TestApi.json(report(service, "?client=acme&days=1", token));

      assertThat(tampered.get("allSignaturesValid").asBoolean()).isFalse();
      assertThat(tampered.get("allEntriesIncluded").asBoolean()).isFalse();
      assertThat(tampered.get("problems").get(0).asString())
          .startsWith("entry " + index + " of change " + id + " (CAB_APPROVED)");
      JsonNode c = tampered.get("changes").get(0);
      assertThat(c.has("approvedBy")).as("no approval that verifies").isFalse();
      assertThat(c.get("signaturesValid").asBoolean()).isFalse();
      JsonNode d = c.get("decisions").get(0);
      assertThat(d.get("approver").asString())
          .as("what the bytes now say")
          .isEqualTo("user:mallory");
      assertThat(d.get("signatureValid").asBoolean()).isFalse();
      assertThat(d.get("included").asBoolean()).isFalse();
      assertThat(d.get("problems")).isNotEmpty();
      // Checked in the same page: its entries still prove included, one by one.
      JsonNode other = tampered.get("changes").get(1);
      assertThat(other.get("changeRequestId").asString()).isEqualTo(untouched);
      assertThat(other.get("signaturesValid").asBoolean()).isTrue();
      assertThat(other.get("decisions").get(0).get("included").asBoolean()).isTrue();
      assertThat(other.get("decisions").get(0).get("signatureValid").asBoolean()).isTrue();
      assertThat(tampered.get("problems")).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_loggedEntryThatHoldsNoStatement_includedButNotValid(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      String id = change(service, "acme", "low");
      TestWorkflow.approve(service, id, "user:alice");
      // An entry in the log, filed under the change as a gate answer, whose payload is no
      // statement: it is proven included with the others, and named for what it holds.
      Envelope notAStatement =
          Envelope.sign(
              Envelope.IN_TOTO_PAYLOAD_TYPE,
              "{\"not\":\"a statement\"}".getBytes(StandardCharsets.UTF_8),
              List.of(service.app().getBean(ServiceKeys.class).serviceSigner()));
      long index =
          service
              .app()
              .getBean(Sequencer.class)
              .append(
                  notAStatement,
                  (jdbc, at) ->
                      jdbc.update(
                          "INSERT INTO change_entry (entry_idx, change_id, event_type)"
                              + " VALUES (?, ?, 'GATE_EVALUATED')",
                          at,
                          id))
              .index();

      JsonNode report = TestApi.json(report(service, "?days=1", auditor(service)));

      assertThat(report.get("allEntriesIncluded").asBoolean()).isTrue();
      assertThat(report.get("allSignaturesValid").asBoolean()).isFalse();
      assertThat(report.get("problems")).hasSize(1);
      assertThat(report.get("problems").get(0).asString())
          .startsWith("entry " + index + " (filed as GATE_EVALUATED, no statement): ")
          .doesNotContain("inclusion");
    }
  }

  /** Rewrites the statement inside an entry, keeping its signatures, as a row editor would. */
  private static void rewritePayload(JdbcTemplate jdbc, long index, String from, String to) {
    byte[] bytes =
        jdbc.queryForObject("SELECT entry FROM ledger_entry WHERE idx = ?", byte[].class, index);
    Envelope envelope = Envelope.parse(bytes);
    String payload = new String(envelope.payload(), StandardCharsets.UTF_8);
    assertThat(payload).contains(from);
    Envelope forged =
        new Envelope(
            envelope.payloadType(),
            payload.replace(from, to).getBytes(StandardCharsets.UTF_8),
            envelope.signatures());
    jdbc.update("UPDATE ledger_entry SET entry = ? WHERE idx = ?", forged.canonicalBytes(), index);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_tenantScope_otherClientsAreNotFoundAndNoClientMeansTheCallersOwn(Backend backend) {
    TestService service = TestService.shared(backend);
    String mine = uniqueClient("initech");
    String theirs = uniqueClient("umbrella");
    String myChange = change(service, mine, "low");
    TestWorkflow.approve(service, myChange, "user:alice");
    TestWorkflow.approve(service, change(service, theirs, "low"), "user:alice");
    String me = service.token("user:i", Set.of(Role.AUDITOR), Set.of(mine), false);
    String them = service.token("user:u", Set.of(Role.COMPLIANCE_OFFICER), Set.of(theirs), false);

    HttpResponse<String> hidden = report(service, "?days=1&client=" + theirs, me);
    JsonNode own = TestApi.json(report(service, "?days=1", me));

    TestApi.assertProblem(hidden, 404, "not-found");
    assertThat(own.get("changes")).hasSize(1);
    assertThat(own.get("changes").get(0).get("changeRequestId").asString()).isEqualTo(myChange);
    assertThat(own.get("filters").get("clients").get(0).asString()).isEqualTo(mine);
    assertThat(own.get("client").asString()).isEqualTo(mine);
    String reportId = own.get("reportId").asString();
    TestApi.assertProblem(
        service.get("/api/reports/" + reportId, Optional.of(them)), 404, "not-found");
    TestApi.assertProblem(
        service.get("/api/reports/" + reportId + "/signature", Optional.of(them)),
        404,
        "not-found");
    TestApi.assertProblem(
        service.get("/api/reports/" + UUID.randomUUID(), Optional.of(me)), 404, "not-found");
    assertThat(service.get("/api/reports/" + reportId, Optional.of(me)).statusCode())
        .isEqualTo(200);
    // A report of a caller's clients is not every client's: an all-client caller may fetch it,
    // and its entry is hidden from other tenants like the report.
    assertThat(service.get("/api/reports/" + reportId, Optional.of(auditor(service))).statusCode())
        .isEqualTo(200);
    long entry =
        service
            .db()
            .jdbc()
            .queryForObject(
                "SELECT entry_idx FROM report WHERE report_id = ?", Long.class, reportId);
    TestApi.assertProblem(
        service.get("/api/ledger/entries/" + entry, Optional.of(them)), 404, "not-found");
    assertThat(service.get("/api/ledger/entries/" + entry, Optional.of(me)).statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_csv_oneRowPerDecisionQuotedAndDefusedAgainstFormulas(Backend backend)
      throws IOException {
    TestService service = TestService.shared(backend);
    // An identity provider may name any client; the local issuer's ids are plainer, so the change
    // is submitted by a pipeline that sees every client.
    String client = "=cmd|' /C calc'!A0-" + UUID.randomUUID().toString().substring(0, 8);
    String id = TestWorkflow.newChangeId();
    HttpResponse<String> submitted =
        service.post(
            "/api/changes",
            TestWorkflow.changeBody(id, client, TestWorkflow.newPlanHash(), "high"),
            Optional.of(service.token("user:pipeline", Role.REQUESTER)));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    String formula = "=SUM(A1:A2), \"quoted\"\nsecond line";
    HttpResponse<String> approved =
        TestWorkflow.decide(
            service,
            id,
            "user:alice",
            Role.CAB_APPROVER,
            "{\"decision\": \"approve\", \"justification\": " + CanonicalJson.quote(formula) + "}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    HttpResponse<String> denied =
        TestWorkflow.decide(
            service,
            id,
            "user:bob",
            Role.CAB_APPROVER,
            "{\"decision\": \"deny\", \"justification\": \"-2+3\"}");
    assertThat(denied.statusCode()).as(denied.body()).isEqualTo(201);

    HttpResponse<String> csv =
        report(service, "?days=1&format=csv&client=" + encode(client), auditor(service));

    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv");
    assertThat(csv.body())
        .contains("\r\n")
        .contains("\"'=SUM(A1:A2), \"\"quoted\"\"\nsecond line\"");
    List<CSVRecord> rows =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv.body()))
            .getRecords();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).toMap().keySet()).containsExactlyElementsOf(CsvReportWriter.COLUMNS);
    for (CSVRecord row : rows) {
      assertThat(row.get("client")).isEqualTo("'" + client);
      assertThat(row.get("changeRequestId")).isEqualTo(id);
      assertThat(row.get("signatureValid")).isEqualTo("true");
    }
    assertThat(rows.get(0).get("approver")).isEqualTo("user:alice");
    assertThat(rows.get(0).get("justification")).isEqualTo("'" + formula);
    assertThat(rows.get(1).get("status")).isEqualTo("denied");
    assertThat(rows.get(1).get("justification")).isEqualTo("'-2+3");
  }

  static Stream<String> badQueries() {
    return Stream.of(
        "?days=0",
        "?days=ninety",
        "?days=3651",
        "?days=30&from=2026-01-01",
        "?to=2026-01-01",
        "?from=yesterday",
        "?from=2026-02-01&to=2026-01-01",
        "?riskLevel=extreme",
        "?format=xml",
        "?client=",
        "?approver=%0A");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_badFilters_400AndNothingWritten(Backend backend) throws IOException {
    TestService service = TestService.shared(backend);
    String token = auditor(service);
    Path reports = service.db().dataDir().resolve("reports");
    long before = TestWorkflow.treeSize(service);
    List<Path> files = files(reports);

    for (String query : badQueries().toList()) {
      TestApi.assertProblem(report(service, query, token), 400, "invalid-request");
    }
    TestApi.assertProblem(
        service.get("/api/reports/not-a-uuid", Optional.of(token)), 400, "invalid-request");

    assertThat(TestWorkflow.treeSize(service)).isEqualTo(before);
    assertThat(files(reports)).isEqualTo(files);
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_sectionsAndFilters_fromTheSignedEntriesOfThePeriod(Backend backend) throws Exception {
    TestService service = TestService.shared(backend);
    String client = uniqueClient("hooli");
    String high = change(service, client, "high");
    UUID revoked =
        UUID.fromString(
            TestWorkflow.approve(service, high, "user:alice").get("approvalId").asString());
    TestDecisions.revoke(
        service, high, revoked, TestDecisions.person("user:admin", Role.PLATFORM_ADMIN));
    String plan = TestDecisions.history(service, high).planHash().hex();
    HttpResponse<String> gate =
        service.get(
            "/api/gate?change=" + high + "&planHash=" + plan,
            Optional.of(TestWorkflow.requester(service, "user:deployer", client)));
    assertThat(TestApi.json(gate).get("decision").asString()).isEqualTo("BLOCKED");
    String low = change(service, client, "low");
    TestWorkflow.approve(service, low, "user:bob");
    String exceptionId =
        TestExceptions.request(service, "user:pipeline", low, client, "cross_boundary")
            .get("exceptionId")
            .asString();
    HttpResponse<String> excepted =
        TestExceptions.decide(
            service,
            exceptionId,
            "user:sec",
            client,
            "{\"decision\": \"approve\", \"justification\": \"compensated\"}");
    assertThat(excepted.statusCode()).as(excepted.body()).isEqualTo(201);
    String token = auditor(service);

    JsonNode r = TestApi.json(report(service, "?days=1&client=" + client, token));

    assertThat(r.get("totalChanges").asLong()).isEqualTo(2);
    JsonNode highChange = r.get("changes").get(1);
    assertThat(highChange.get("changeRequestId").asString()).isEqualTo(high);
    assertThat(highChange.has("approvedBy")).as("its only approval was revoked").isFalse();
    JsonNode ended = highChange.get("decisions").get(0).get("ended");
    assertThat(ended.get("how").asString()).isEqualTo("revoked");
    assertThat(ended.get("by").asString()).isEqualTo("user:admin");
    JsonNode revocation = r.get("revokedApprovals").get(0);
    assertThat(revocation.get("approvalId").asString()).isEqualTo(revoked.toString());
    assertThat(revocation.get("approver").asString()).isEqualTo("user:alice");
    assertThat(revocation.get("kind").asString()).isEqualTo("cab");
    assertThat(revocation.get("revokedBy").asString()).isEqualTo("user:admin");
    assertThat(r.get("expiredApprovals")).isEmpty();
    JsonNode exception = r.get("exceptions").get(0);
    assertThat(exception.get("exceptionId").asString()).isEqualTo(exceptionId);
    assertThat(exception.get("decisions").get(0).get("approver").asString()).isEqualTo("user:sec");
    JsonNode blocked = r.get("blockedGateAnswers").get(0);
    assertThat(blocked.get("changeRequestId").asString()).isEqualTo(high);
    assertThat(blocked.get("askedBy").asString()).isEqualTo("user:deployer");
    assertThat(blocked.get("reasons").get(0).asString()).startsWith("missing-quorum");
    // The PDF lists the same records in its sections, from the same scan.
    HttpResponse<byte[]> pdf =
        service.sendForBytes(
            service
                .request("/api/cab/report?format=pdf&days=1&client=" + client, Optional.of(token))
                .GET()
                .build());
    assertThat(pdf.statusCode()).isEqualTo(200);
    Path pdfFile = Files.write(dir.resolve("sections.pdf"), pdf.body());
    assertThat(PdfTools.text(pdfFile))
        .contains(
            "exceptions 1 · revoked or expired 1 · blocked gate answers 1 · overrides 0"
                + " · emergencies 0 · overdue reviews 0")
        .contains(exceptionId.substring(0, 8))
        .contains("Revoked and expired approvals")
        .contains("user:deployer")
        .contains("missing-quorum");

    JsonNode lowOnly =
        TestApi.json(report(service, "?days=1&riskLevel=low&client=" + client, token));
    assertThat(lowOnly.get("changes")).hasSize(1);
    assertThat(lowOnly.get("changes").get(0).get("changeRequestId").asString()).isEqualTo(low);
    assertThat(lowOnly.get("blockedGateAnswers")).isEmpty();
    assertThat(lowOnly.get("revokedApprovals")).isEmpty();

    JsonNode bobs =
        TestApi.json(report(service, "?days=1&approver=user:bob&client=" + client, token));
    assertThat(bobs.get("changes")).hasSize(1);
    assertThat(bobs.get("changes").get(0).get("approvedBy").asString()).isEqualTo("user:bob");
    assertThat(bobs.get("revokedApprovals")).as("alice's approval").isEmpty();
    assertThat(bobs.get("exceptions")).as("decided by user:sec").isEmpty();

    // A period that ends before the records: none of them.
    JsonNode earlier =
        TestApi.json(report(service, "?from=2020-01-01&to=2020-12-31&client=" + client, token));
    assertThat(earlier.get("period").asString())
        .isEqualTo("2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z");
    assertThat(earlier.get("totalChanges").asLong()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_requestWithoutAToken_401AndARequesterIsForbidden(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpRequest anonymous =
        service.request("/api/cab/report?days=1", Optional.empty()).GET().build();

    assertThat(service.send(anonymous).statusCode()).isEqualTo(401);
    TestApi.assertProblem(
        report(service, "?days=1", service.token("user:p", Role.REQUESTER)), 403, "forbidden");
  }

  /**
   * With a review period of 0 days, an approved emergency change's review is due at once: one never
   * reviewed is overdue, one reviewed afterwards was late; both are emergency changes of the
   * period, and an override is listed with its reason, each from its signed entry.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void report_emergencyChangesOverdueReviewsAndOverrides_fromTheirSignedEntries(Backend backend)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service =
            TestService.start(
                db, "cab.workflow.emergency-review-days=0", "cab.workflow.expiry-interval=24h")) {
      String client = uniqueClient("initech");
      String admin = TestChangeTypes.admin(service, "user:oncall-admin", client);
      List<String> emergencies = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String id = TestWorkflow.newChangeId();
        String plan = TestWorkflow.newPlanHash();
        TestWorkflow.submitBody(
            service, client, TestChangeTypes.emergencyBody(id, client, plan, "high"));
        HttpResponse<String> approved = TestChangeTypes.approveEmergency(service, id, plan, admin);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
        emergencies.add(id);
      }
      Thread.sleep(5); // past due: the review period is 0
      TestWorkflow.approve(service, emergencies.get(1), "user:cab-review");
      String normal = change(service, client, "high");
      String plan = TestDecisions.history(service, normal).planHash().hex();
      HttpResponse<String> overridden =
          service.post(
              "/api/changes/" + normal + "/override",
              "{\"planHash\": \"" + plan + "\", \"reason\": \"INC-7: restore the database\"}",
              Optional.of(admin));
      assertThat(overridden.statusCode()).as(overridden.body()).isEqualTo(201);
      String token = auditor(service);

      JsonNode r = TestApi.json(report(service, "?days=1&client=" + client, token));

      assertThat(r.get("allSignaturesValid").asBoolean()).isTrue();
      assertThat(r.get("totalEmergencyChanges").asLong()).isEqualTo(2);
      assertThat(r.get("totalOverdueReviews").asLong()).isEqualTo(2);
      assertThat(r.get("totalOverrides").asLong()).isEqualTo(1);
      Map<String, JsonNode> listed = new HashMap<>();
      for (JsonNode e : r.get("emergencyChanges")) {
        listed.put(e.get("changeRequestId").asString(), e);
        assertThat(e.get("approvedBy").asString()).isEqualTo("user:oncall-admin");
        assertThat(e.get("approverRole").asString()).isEqualTo("PLATFORM_ADMIN");
        assertThat(e.get("emergencyReason").asString()).isEqualTo("the payment API is down");
        assertThat(e.get("reviewDueAt").asString()).isEqualTo(e.get("approvedAt").asString());
        assertThat(e.get("signaturesValid").asBoolean()).isTrue();
        assertThat(e.get("included").asBoolean()).isTrue();
      }
      assertThat(listed).containsOnlyKeys(emergencies);
      JsonNode never = listed.get(emergencies.get(0));
      assertThat(never.get("reviewStatus").asString()).isEqualTo("overdue");
      assertThat(never.has("reviewedBy")).isFalse();
      JsonNode late = listed.get(emergencies.get(1));
      assertThat(late.get("reviewStatus").asString()).isEqualTo("late");
      assertThat(late.get("reviewedBy").asString()).isEqualTo("user:cab-review");
      assertThat(r.get("overdueReviews"))
          .extracting(e -> e.get("reviewStatus").asString())
          .containsExactlyInAnyOrder("overdue", "late");
      JsonNode override = r.get("overrides").get(0);
      assertThat(override.get("changeRequestId").asString()).isEqualTo(normal);
      assertThat(override.get("overriddenBy").asString()).isEqualTo("user:oncall-admin");
      assertThat(override.get("reason").asString()).isEqualTo("INC-7: restore the database");
      assertThat(override.get("planHash").asString()).isEqualTo(plan);
      assertThat(override.get("signatureValid").asBoolean()).isTrue();

      // Filtered by another approver, or to a period before them: none of them.
      JsonNode others =
          TestApi.json(report(service, "?days=1&approver=user:bob&client=" + client, token));
      assertThat(others.get("emergencyChanges")).isEmpty();
      assertThat(others.get("overdueReviews")).isEmpty();
      assertThat(others.get("overrides")).isEmpty();
      JsonNode earlier =
          TestApi.json(report(service, "?from=2020-01-01&to=2020-12-31&client=" + client, token));
      assertThat(earlier.get("emergencyChanges")).isEmpty();
      assertThat(earlier.get("totalOverdueReviews").asLong()).isZero();
    }
  }
}
