package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.core.json.CanonicalJson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class FreezeDeclaredTest {
  private static final UUID ID = UUID.fromString("7a1c0b7e-5d2f-4c1a-9e3b-2f4d6a8c0e11");
  private static final ClientId ACME = new ClientId("acme");

  private static FreezeDeclared weekends() {
    return new FreezeDeclared(
        ID,
        List.of(ACME),
        List.of("production"),
        FreezeWindow.Recurring.of("0 18 * * 5", "P2DT14H", "Europe/Berlin"),
        "No weekend changes");
  }

  private static void assertRefused(ObjectNode json, String message) {
    assertThatThrownBy(() -> EventData.parse(EventType.FREEZE_DECLARED, json))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining(message);
  }

  @Test
  void toJson_recurring_writesCronDurationAndZone() {
    ObjectNode json = weekends().toJson();

    assertThat(new String(CanonicalJson.canonicalize(json)))
        .isEqualTo(
            "{\"clients\":[\"acme\"],\"cron\":\"0 18 * * 5\",\"duration\":\"P2DT14H\","
                + "\"environments\":[\"production\"],\"freeze_id\":\""
                + ID
                + "\",\"reason\":\"No weekend changes\",\"time_zone\":\"Europe/Berlin\"}");
    assertThat(EventData.parse(EventType.FREEZE_DECLARED, json)).isEqualTo(weekends());
  }

  @Test
  void parse_oneOff_readsStartAndEnd() {
    ObjectNode json = weekends().toJson();
    json.remove(List.of("cron", "duration", "time_zone"));
    json.put("start", "2026-12-20T00:00:00Z").put("end", "2027-01-04T08:00:00Z");

    FreezeDeclared read = (FreezeDeclared) EventData.parse(EventType.FREEZE_DECLARED, json);

    assertThat(read.window())
        .isEqualTo(
            new FreezeWindow.OneOff(
                Instant.parse("2026-12-20T00:00:00Z"), Instant.parse("2027-01-04T08:00:00Z")));
  }

  @Test
  void parse_bothKindsOfWindow_isRefused() {
    assertRefused(
        weekends().toJson().put("start", "2026-12-20T00:00:00Z").put("end", "2027-01-04T08:00:00Z"),
        "has either start and end, or cron, duration and time_zone");
  }

  @Test
  void parse_partOfAWindow_isRefused() {
    ObjectNode json = weekends().toJson();
    json.remove("duration");
    assertRefused(json, "has either start and end, or cron, duration and time_zone");
    ObjectNode oneOff = weekends().toJson();
    oneOff.remove(List.of("cron", "duration", "time_zone"));
    oneOff.put("start", "2026-12-20T00:00:00Z");
    assertRefused(oneOff, "has either start and end, or cron, duration and time_zone");
  }

  @Test
  void parse_endNotAfterStart_isRefused() {
    ObjectNode json = weekends().toJson();
    json.remove(List.of("cron", "duration", "time_zone"));
    json.put("start", "2026-12-20T00:00:00Z").put("end", "2026-12-20T00:00:00Z");

    assertRefused(json, "a freeze's end must be after its start");
  }

  @Test
  void parse_badCronDurationOrZone_isRefusedNamingIt() {
    assertRefused(weekends().toJson().put("cron", "0 18 * * 8"), "cron day of week field \"8\"");
    assertRefused(weekends().toJson().put("duration", "P1M"), "duration \"P1M\"");
    assertRefused(
        weekends().toJson().put("time_zone", "Europe/Atlantis"),
        "time_zone \"Europe/Atlantis\" is not an IANA time zone id");
  }

  @Test
  void parse_emptyOrRepeatedLists_areRefused() {
    ObjectNode noClients = weekends().toJson();
    noClients.putArray("clients");
    assertRefused(noClients, "event_data.clients is not a non-empty array of strings");
    ObjectNode twice = weekends().toJson();
    twice.putArray("environments").add("production").add("production");
    assertRefused(twice, "event_data.environments holds \"production\" twice");
    ObjectNode missing = weekends().toJson();
    missing.remove("environments");
    assertRefused(missing, "lacks the member \"environments\"");
    ObjectNode control = weekends().toJson();
    control.putArray("environments").add("prod\u0007");
    assertRefused(control, "without control characters");
    ObjectNode longClient = weekends().toJson();
    longClient.putArray("clients").add("c".repeat(129));
    assertRefused(longClient, "event_data.clients: a client is 1 to 128 characters");
  }

  @Test
  void new_emptyOrRepeatedLists_areRefused() {
    FreezeWindow w = weekends().window();
    assertThatThrownBy(() -> new FreezeDeclared(ID, List.of(), List.of("production"), w, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new FreezeDeclared(ID, List.of(ACME, ACME), List.of("production"), w, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FreezeDeclared(ID, List.of(ACME), List.of("production"), w, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subject_isTheIdAndTheHashOfTheEventData() {
    FreezeDeclared freeze = weekends();

    assertThat(freeze.subjectName()).isEqualTo(ID.toString());
    assertThat(freeze.subjectDigest())
        .isEqualTo(Digest.sha256(CanonicalJson.canonicalize(freeze.toJson())));
    assertThat(freeze.tenant()).isEmpty();
  }

  @Test
  void holds_needsBothTheClientAndTheEnvironment() {
    FreezeDeclared freeze = weekends();

    assertThat(freeze.holds(ACME, "production")).isTrue();
    assertThat(freeze.holds(ACME, "staging")).isFalse();
    assertThat(freeze.holds(new ClientId("globex"), "production")).isFalse();
  }
}
