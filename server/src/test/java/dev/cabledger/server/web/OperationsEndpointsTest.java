package dev.cabledger.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.TestService;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Health, metrics and the OpenAPI document answer. */
class OperationsEndpointsTest {

  @ParameterizedTest
  @EnumSource(Backend.class)
  void actuator_healthAndLedgerMetricsAnswer(Backend backend) {
    TestService service = TestService.shared(backend);
    TestEvents.append(service.app(), 1);
    HttpResponse<String> health = service.get("/actuator/health", Optional.empty());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"UP\"");
    HttpResponse<String> metrics = TestApi.get(service, "/actuator/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("cab_ledger_append_seconds_count");
    assertThat(service.get("/v3/api-docs", Optional.empty()).body())
        .contains("/api/ledger/checkpoint");
  }
}
