package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.access.Role;
import dev.cabledger.server.workflow.ProjectionTable;
import dev.cabledger.server.workflow.WorkflowTables;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A change whose entries establish rows in every workflow projection table, recorded through the
 * service's own API, for tests of the ledger check and the rebuild of those tables.
 */
public final class TestProjections {
  private TestProjections() {}

  /**
   * Where each row of the change is.
   *
   * @param changeId the change (high risk, client acme)
   * @param submitted its submission's index
   * @param revoked a CAB approval a platform admin revoked
   * @param revocation the revocation's index ({@code APPROVAL_REVOKED})
   * @param superseded a CAB approval its approver superseded
   * @param superseding the decision that superseded it, which stands
   * @param supersedingAt its index
   * @param exception a requested exception that a security reviewer approved
   * @param exceptionAt the request's index
   * @param exceptionApproval the reviewer's approval
   * @param exceptionApprovalAt its index
   * @param pending a requested exception without a decision
   * @param pendingAt its request's index
   * @param evidence the hash of a sealed evidence package
   * @param evidenceAt the sealing's index
   * @param otherEvidence the hash of another package sealed for the change
   * @param otherEvidenceAt its sealing's index, the change's latest entry
   */
  public record Fixture(
      String changeId,
      long submitted,
      String revoked,
      long revocation,
      String superseded,
      String superseding,
      long supersedingAt,
      String exception,
      long exceptionAt,
      String exceptionApproval,
      long exceptionApprovalAt,
      String pending,
      long pendingAt,
      String evidence,
      long evidenceAt,
      String otherEvidence,
      long otherEvidenceAt) {}

  /** Records the change and its rows: every table has at least one row of it. */
  public static Fixture record(TestService service) {
    String id = TestWorkflow.newChangeId();
    long submitted =
        TestWorkflow.submit(service, id, "acme", TestWorkflow.newPlanHash(), "high")
            .get("entryIndex")
            .asLong();
    String revoked = TestWorkflow.approve(service, id, "user:cab1").get("approvalId").asString();
    long revocation =
        created(
                service.post(
                    "/api/approvals/" + revoked + "/revoke",
                    "{\"reason\": \"approved by mistake\"}",
                    Optional.of(service.token("user:admin", Role.PLATFORM_ADMIN))))
            .get("receipt")
            .get("index")
            .asLong();
    String superseded = TestWorkflow.approve(service, id, "user:cab2").get("approvalId").asString();
    JsonNode superseding =
        created(
            TestWorkflow.decide(
                service,
                id,
                "user:cab2",
                Role.CAB_APPROVER,
                """
                    {"decision": "conditional", "justification": "only in the window",
                     "conditions": ["apply on Sunday"], "supersedes": "%s"}
                    """
                    .formatted(superseded)));
    JsonNode exception =
        TestExceptions.request(service, "user:pipeline", id, "acme", "cross_boundary");
    JsonNode approval =
        created(
                TestExceptions.decide(
                    service,
                    exception.get("exceptionId").asString(),
                    "user:sec",
                    "acme",
                    "{\"decision\": \"approve\", \"justification\": \"isolated network\"}"))
            .get("decision");
    JsonNode pending =
        TestExceptions.request(service, "user:pipeline", id, "acme", "unsigned_package");
    JsonNode evidence = seal(service, id);
    JsonNode other = seal(service, id);
    return new Fixture(
        id,
        submitted,
        revoked,
        revocation,
        superseded,
        superseding.get("approvalId").asString(),
        superseding.get("entryIndex").asLong(),
        exception.get("exceptionId").asString(),
        exception.get("entryIndex").asLong(),
        approval.get("approvalId").asString(),
        approval.get("entryIndex").asLong(),
        pending.get("exceptionId").asString(),
        pending.get("entryIndex").asLong(),
        evidence.get("evidenceHash").asString(),
        evidence.get("entryIndex").asLong(),
        other.get("evidenceHash").asString(),
        other.get("entryIndex").asLong());
  }

  /**
   * Every row of every workflow projection table, in index order, with the columns that hold values
   * of the log (a sealed package's bytes as their length), for comparing before and after.
   */
  public static Map<String, List<Map<String, Object>>> snapshot(JdbcTemplate jdbc) {
    Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    for (ProjectionTable t : WorkflowTables.ALL) {
      List<String> columns =
          t.columns().stream()
              .filter(c -> c.source() != ProjectionTable.Source.OUTSIDE)
              .map(ProjectionTable.Column::name)
              .toList();
      tables.put(
          t.name(),
          jdbc.queryForList(
              "SELECT "
                  + String.join(", ", columns)
                  + " FROM "
                  + t.name()
                  + " ORDER BY entry_idx"));
    }
    return tables;
  }

  private static JsonNode seal(TestService service, String changeId) {
    return created(
        TestEvidence.seal(
            service,
            "user:cab3",
            "acme",
            TestEvidence.packageBody(changeId, "acme", "high", UUID.randomUUID().toString())));
  }

  private static JsonNode created(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r);
  }
}
