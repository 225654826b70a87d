package dev.cabledger.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.TestService;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** {@code /api/audit/**}: the streamed bundle and the server-side ledger check. */
class AuditControllerTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void bundle_streamsARangeThatVerifiesOfflineWithPinnedKeys(Backend backend) {
    TestService service = TestService.shared(backend);
    TestEvents.append(service.app(), 5);
    KeyRing pinned = TestApi.keys(service);
    HttpResponse<byte[]> response =
        service.sendForBytes(
            service
                .request(
                    "/api/audit/bundle?from=1&to=6",
                    Optional.of(service.token("user:audit", Role.AUDITOR)))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    VerifiedBundle verified =
        new BundleVerifier(Optional.of(pinned)).verify(new ByteArrayInputStream(response.body()));
    assertThat(verified.entries()).isEqualTo(5);
    assertThat(verified.from()).isEqualTo(1);
    // The registry's log key verified the checkpoint, but a registry is not a trust file.
    assertThat(verified.notes())
        .singleElement()
        .asString()
        .contains("taken from the --keys registry, not from a trust file");
    TestApi.assertProblem(
        TestApi.get(service, "/api/audit/bundle?from=4&to=2"), 400, "invalid-range");
    TestApi.assertProblem(
        TestApi.get(service, "/api/audit/bundle?to=999999999"), 404, "not-in-log");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void bundle_earlyRangeAfterAnApproverKeyWasRegistered_carriesItsKeyEntriesAndVerifies(
      Backend backend) {
    TestService service = TestService.shared(backend);
    TestEvents.append(service.app(), 5);
    KeyId later = TestApproverKeys.id(TestApproverKeys.registered(service, "user:later-key"));
    KeyRing pinned = TestApi.keys(service);
    HttpResponse<byte[]> response =
        service.sendForBytes(
            service
                .request(
                    "/api/audit/bundle?from=1&to=3",
                    Optional.of(service.token("user:audit", Role.AUDITOR)))
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(pinned.find(later)).isPresent();
    // The registry names a key registered after the range: the key entries after it establish it.
    VerifiedBundle verified =
        new BundleVerifier(Optional.of(pinned)).verify(new ByteArrayInputStream(response.body()));
    assertThat(verified.entries()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void bundle_tenantScopedCaller_404(Backend backend) {
    TestService service = TestService.shared(backend);
    HttpResponse<String> response =
        service.get(
            "/api/audit/bundle",
            Optional.of(
                service.token(
                    "user:carol",
                    java.util.Set.of(Role.AUDITOR),
                    java.util.Set.of("acme"),
                    false)));
    TestApi.assertProblem(response, 404, "not-found");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void ledgerCheck_passesOnAnUntouchedLog(Backend backend) {
    JsonNode check =
        TestApi.json(TestApi.get(TestService.shared(backend), "/api/audit/ledger-check"));
    assertThat(check.get("passed").asBoolean()).as(check.toString()).isTrue();
    assertThat(check.get("findings")).isEmpty();
  }
}
