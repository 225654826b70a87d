package dev.cabledger.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.freeze.FreezeWindow;
import dev.cabledger.core.freeze.FreezeWindow.Interval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FreezesTest {
  private static final ClientId ACME = new ClientId("acme");
  private static final ClientId GLOBEX = new ClientId("globex");
  private static final Instant START = Instant.parse("2026-12-20T00:00:00Z");
  private static final Instant END = Instant.parse("2027-01-04T00:00:00Z");

  private static final FreezeDeclared YEAR_END =
      new FreezeDeclared(
          new UUID(0, 1),
          List.of(ACME, GLOBEX),
          List.of("production"),
          new FreezeWindow.OneOff(START, END),
          "Year end");
  private static final FreezeDeclared NIGHTLY_STAGING =
      new FreezeDeclared(
          new UUID(0, 2),
          List.of(ACME),
          List.of("staging"),
          FreezeWindow.Recurring.of("0 1 * * *", "PT2H", "UTC"),
          "Nightly refresh");
  private static final Freezes FREEZES = new Freezes(List.of(YEAR_END, NIGHTLY_STAGING));

  @Test
  void holding_onlyTheClientsAndEnvironmentsFreezesInTheirWindows() {
    Instant inside = START.plusSeconds(3600 + 1800);

    assertThat(FREEZES.holding(ACME, "production", inside))
        .containsExactly(new Freezes.Held(YEAR_END, new Interval(START, END)));
    assertThat(FREEZES.holding(GLOBEX, "production", inside)).hasSize(1);
    assertThat(FREEZES.holding(new ClientId("initech"), "production", inside)).isEmpty();
    assertThat(FREEZES.holding(ACME, "staging", inside))
        .extracting(h -> h.freeze().reason())
        .containsExactly("Nightly refresh");
    assertThat(FREEZES.holding(ACME, "production", END)).isEmpty();
    assertThat(Freezes.NONE.holding(ACME, "production", inside)).isEmpty();
  }

  @Test
  void overlapping_withoutEnvironment_coversEveryEnvironmentOfTheClient() {
    Instant from = START.minusSeconds(86_400 * 3);

    assertThat(FREEZES.overlapping(ACME, Optional.empty(), from, START.plusSeconds(1)))
        .extracting(h -> h.freeze().freezeId(), Freezes.Held::window)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(new UUID(0, 1), new Interval(START, END)),
            org.assertj.core.groups.Tuple.tuple(
                new UUID(0, 2),
                new Interval(
                    Instant.parse("2026-12-17T01:00:00Z"), Instant.parse("2026-12-17T03:00:00Z"))));
    assertThat(FREEZES.overlapping(ACME, Optional.of("production"), from, START)).isEmpty();
    assertThat(FREEZES.overlapping(GLOBEX, Optional.of("staging"), from, END)).isEmpty();
  }
}
