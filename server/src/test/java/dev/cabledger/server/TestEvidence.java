package dev.cabledger.server;

import dev.cabledger.server.access.Role;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;

/** Sealing evidence in tests, as the source article's console does after an approval. */
public final class TestEvidence {
  private TestEvidence() {}

  /**
   * The article's EvidencePackage for a change made by {@link TestWorkflow#changeBody} (module
   * tf-aws-rds), without {@code approvedBy} and {@code approvedAt}; {@code note} makes the bytes
   * unique.
   */
  public static String packageBody(String changeId, String client, String risk, String note) {
    return """
        {"changeRequestId": "%s", "module": "tf-aws-rds", "client": "%s",
         "planSummary": "1 to change: %s", "riskLevel": "%s", "riskFactors": ["database"],
         "rollbackPlan": "terraform apply the previous plan",
         "prUrl": "https://git.example.com/pr/1", "prApprovers": ["user:pr-reviewer"],
         "securityScan": "passed", "testResults": "42 passed",
         "pipelineUrl": "https://ci.example.com/run/1"}
        """
        .formatted(changeId, client, note, risk);
  }

  /** A token that may seal (a CAB approver) for one client. */
  public static String approver(TestService service, String user, String client) {
    return service.token(user, Set.of(Role.CAB_APPROVER), Set.of(client), false);
  }

  /** Seals as a CAB approver of the client. */
  public static HttpResponse<String> seal(
      TestService service, String user, String client, String body) {
    return service.post(
        "/api/cab/seal-evidence", body, Optional.of(approver(service, user, client)));
  }
}
