package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.Risk;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ReportQueryTest {
  private static final Instant NOW = Instant.parse("2026-04-05T10:00:00.123456Z");
  private static final ReportScope ACME = new ReportScope(false, Set.of("acme"));

  private static ReportQuery query(
      @Nullable String client,
      @Nullable String days,
      @Nullable String from,
      @Nullable String to,
      ReportScope scope) {
    return ReportQuery.of(
        Optional.ofNullable(client),
        Optional.ofNullable(days),
        Optional.ofNullable(from),
        Optional.ofNullable(to),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        scope,
        NOW);
  }

  @Test
  void of_nothingGiven_isTheArticlesLast90DaysOfEveryClientAsJson() {
    ReportQuery q = query(null, null, null, null, ReportScope.ALL);

    assertThat(q.period()).isEqualTo("Last 90 days");
    assertThat(q.to()).isEqualTo(Instant.parse("2026-04-05T10:00:00.123Z"));
    assertThat(q.from()).isEqualTo(Instant.parse("2026-01-05T10:00:00.123Z"));
    assertThat(q.client()).isEmpty();
    assertThat(q.clients()).isEmpty();
    assertThat(q.format()).isEqualTo(ReportFormat.JSON);
    assertThat(q.covers(new ClientId("anyone"))).isTrue();
  }

  @Test
  void of_datesFromTo_takeTheWholeLastDay() {
    ReportQuery q = query(null, null, "2026-01-01", "2026-03-31", ReportScope.ALL);

    assertThat(q.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(q.to()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(q.period()).isEqualTo("2026-01-01T00:00:00Z to 2026-04-01T00:00:00Z");
    assertThat(q.holds(Instant.parse("2026-03-31T23:59:59.999Z"))).isTrue();
    assertThat(q.holds(Instant.parse("2026-04-01T00:00:00Z"))).isFalse();
  }

  @Test
  void of_instantsWithAnOffset_areTakenAsTheyAre() {
    ReportQuery q = query(null, null, "2026-01-01T12:00:00+02:00", null, ReportScope.ALL);

    assertThat(q.from()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
    assertThat(q.to()).isEqualTo(Instant.parse("2026-04-05T10:00:00.123Z"));
  }

  @Test
  void of_filters_parsed() {
    ReportQuery q =
        ReportQuery.of(
            Optional.of("acme"),
            Optional.of("7"),
            Optional.empty(),
            Optional.empty(),
            Optional.of("critical"),
            Optional.of("user:alice"),
            Optional.of("csv"),
            ACME,
            NOW);

    assertThat(q.client()).contains(new ClientId("acme"));
    assertThat(q.riskLevel()).contains(Risk.CRITICAL);
    assertThat(q.approver()).contains("user:alice");
    assertThat(q.format()).isEqualTo(ReportFormat.CSV);
    assertThat(q.period()).isEqualTo("Last 7 days");
    assertThat(q.excludesApprover("user:bob")).isTrue();
    assertThat(q.excludesApprover("user:alice")).isFalse();
  }

  @Test
  void of_limitedScopeWithoutAClient_coversItsClientsSorted() {
    ReportQuery q = query(null, "1", null, null, new ReportScope(false, Set.of("b", "c", "a")));

    assertThat(q.clients()).extracting(ClientId::value).containsExactly("a", "b", "c");
    assertThat(q.covers(new ClientId("b"))).isTrue();
    assertThat(q.covers(new ClientId("d"))).isFalse();
  }

  @Test
  void of_clientOutsideTheScope_isNotVisible() {
    assertThatThrownBy(() -> query("globex", "1", null, null, ACME))
        .isInstanceOf(NotVisibleException.class)
        .hasMessage("no client globex");
    assertThatThrownBy(() -> query(null, "1", null, null, new ReportScope(false, Set.of())))
        .isInstanceOf(NotVisibleException.class);
  }

  @Test
  void of_scopeOfMoreClientsThanAnEntryNames_needsOneNamed() {
    Set<String> many = new HashSet<>();
    for (int i = 0; i <= ReportQuery.MAX_CLIENTS; i++) {
      many.add("c" + i);
    }

    assertThatThrownBy(() -> query(null, "1", null, null, new ReportScope(false, many)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("client is required");
  }

  @Test
  void of_badValues_nameTheParameter() {
    List<String[]> bad =
        List.of(
            new String[] {"days", "0"},
            new String[] {"days", "-3"},
            new String[] {"days", "3651"},
            new String[] {"days", "1.5"},
            new String[] {"from", "2026-13-01"},
            new String[] {"from", "01/02/2026"},
            new String[] {"riskLevel", "HIGH"},
            new String[] {"format", "xml"},
            new String[] {"approver", " "},
            new String[] {"client", ""});
    for (String[] b : bad) {
      assertThatThrownBy(
              () ->
                  ReportQuery.of(
                      given(b, "client"),
                      given(b, "days"),
                      given(b, "from"),
                      Optional.empty(),
                      given(b, "riskLevel"),
                      given(b, "approver"),
                      given(b, "format"),
                      ReportScope.ALL,
                      NOW))
          .as(b[0] + "=" + b[1])
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(b[0]);
    }
  }

  private static Optional<String> given(String[] parameter, String name) {
    return parameter[0].equals(name) ? Optional.of(parameter[1]) : Optional.empty();
  }

  @Test
  void of_periodGivenTwiceOrBackwards_isRefused() {
    assertThatThrownBy(() -> query(null, "30", "2026-01-01", null, ReportScope.ALL))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> query(null, null, null, "2026-01-01", ReportScope.ALL))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("to needs from");
    assertThatThrownBy(() -> query(null, null, "2026-02-01", "2026-01-01", ReportScope.ALL))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be before");
  }
}
