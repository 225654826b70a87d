package dev.cabledger.server.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.io.Serial;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fail closed when the service key cannot sign: every workflow write answers 503 and leaves nothing
 * behind (no entry, no projection row), the gate never approves, and the service works again as
 * soon as the key does.
 */
class ServiceKeysFailureTest {

  /** A key that claims to be ML-DSA-65, as one held by an HSM, but that no provider can use. */
  private static final class UnusableKey implements PrivateKey {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String getAlgorithm() {
      return "ML-DSA-65";
    }

    @Override
    public String getFormat() {
      return "PKCS#8";
    }

    @Override
    public byte[] getEncoded() {
      return new byte[0];
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sign_keyUnusable_everyWriteIs503NothingIsRecordedAndTheServiceRecovers(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend);
        TestService service = TestService.start(db)) {
      ServiceKeys keys = service.app().getBean(ServiceKeys.class);
      MlDsaSigner working = keys.serviceSigner();
      String approved = TestWorkflow.newChangeId();
      String plan = TestWorkflow.newPlanHash();
      TestWorkflow.submit(service, approved, "acme", plan, "low");
      TestWorkflow.approve(service, approved, "user:alice");
      long size = TestWorkflow.treeSize(service);
      long changes = count(db, "change_request");
      long entries = count(db, "change_entry");

      keys.signWith(new MlDsaSigner(working.keyId(), new UnusableKey()));

      String requester = TestWorkflow.requester(service, "user:pipeline", "acme");
      HttpResponse<String> intake =
          service.post(
              "/api/changes",
              TestWorkflow.changeBody(TestWorkflow.newChangeId(), "acme", plan, "low"),
              Optional.of(requester));
      TestApi.assertProblem(intake, 503, "signing-unavailable");
      assertThat(intake.body()).contains("Nothing was recorded");
      TestApi.assertProblem(
          TestWorkflow.decide(
              service, approved, "user:bob", Role.CAB_APPROVER, TestWorkflow.approveBody()),
          503,
          "signing-unavailable");
      // The gate cannot log its answer, so it gives none: never APPROVED.
      HttpResponse<String> gate =
          service.get("/api/gate?change=" + approved + "&planHash=" + plan, Optional.of(requester));
      TestApi.assertProblem(gate, 503, "signing-unavailable");
      assertThat(gate.body()).doesNotContain("APPROVED");

      assertThat(TestWorkflow.treeSize(service)).isEqualTo(size);
      assertThat(count(db, "change_request")).isEqualTo(changes);
      assertThat(count(db, "change_entry")).isEqualTo(entries);

      keys.signWith(working);
      HttpResponse<String> again =
          service.get("/api/gate?change=" + approved + "&planHash=" + plan, Optional.of(requester));
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      assertThat(TestWorkflow.json(again).get("decision").asString()).isEqualTo("APPROVED");
      assertThat(TestWorkflow.treeSize(service)).isEqualTo(size + 1);
    }
  }

  private static long count(TestDatabase db, String table) {
    Long n = db.jdbc().queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    return n == null ? 0 : n;
  }
}
