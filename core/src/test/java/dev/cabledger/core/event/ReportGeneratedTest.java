package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ReportGeneratedTest {
  private static final UUID ID = UUID.fromString("7d0c1a52-5b1e-4c52-9a43-0f1e2d3c4b5a");
  private static final Digest HASH = Digest.sha256("report".getBytes(StandardCharsets.UTF_8));
  private static final Digest ROOT = Digest.sha256("root".getBytes(StandardCharsets.UTF_8));
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");

  private static ReportGenerated report(Optional<ClientId> client, List<ClientId> clients) {
    return new ReportGenerated(
        ID,
        "text/csv",
        HASH,
        client,
        clients,
        FROM,
        TO,
        Optional.empty(),
        Optional.empty(),
        57,
        ROOT);
  }

  @Test
  void toJson_limitedToTwoClients_writesTheFiltersAndTheCheckpoint() {
    ReportGenerated report =
        report(Optional.empty(), List.of(new ClientId("acme"), new ClientId("globex")));

    ObjectNode json = report.toJson();

    assertThat(json.propertyNames())
        .containsExactlyInAnyOrder(
            "report_id",
            "media_type",
            "report_hash",
            "clients",
            "period_from",
            "period_to",
            "checkpoint_size",
            "checkpoint_root_hash");
    assertThat(json.get("clients").get(1).asString()).isEqualTo("globex");
    assertThat(json.get("period_to").asString()).isEqualTo("2026-04-01T00:00:00Z");
    assertThat(json.get("checkpoint_size").asLong()).isEqualTo(57);
    assertThat(json.get("checkpoint_root_hash").asString()).isEqualTo(ROOT.hex());
    assertThat(EventData.parse(EventType.REPORT_GENERATED, json)).isEqualTo(report);
    assertThat(report.tenant()).isEmpty();
  }

  @Test
  void parse_withoutTheCheckpoint_namesTheMember() {
    ObjectNode json = report(Optional.of(new ClientId("acme")), List.of()).toJson();
    json.remove("checkpoint_root_hash");

    assertThatThrownBy(() -> EventData.parse(EventType.REPORT_GENERATED, json))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("checkpoint_root_hash");
  }

  @Test
  void new_oneClientAndTheClientsItCovers_isRefused() {
    assertThatThrownBy(
            () -> report(Optional.of(new ClientId("acme")), List.of(new ClientId("globex"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one client or the clients");
  }

  @Test
  void new_clientsNotSorted_isRefused() {
    assertThatThrownBy(
            () -> report(Optional.empty(), List.of(new ClientId("globex"), new ClientId("acme"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sorted");
  }

  @Test
  void new_periodEndingBeforeItStarts_isRefused() {
    assertThatThrownBy(
            () ->
                new ReportGenerated(
                    ID,
                    "text/csv",
                    HASH,
                    Optional.empty(),
                    List.of(),
                    TO,
                    FROM,
                    Optional.empty(),
                    Optional.empty(),
                    57,
                    ROOT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period_from must be before period_to");
  }
}
