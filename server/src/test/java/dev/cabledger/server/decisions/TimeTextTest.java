package dev.cabledger.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.storage.Backend;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fixed-width time text is the same computed by either database and by Java, and sorts. */
class TimeTextTest {
  /** Instant.toString spellings with 0, 3, 6 and 9 fraction digits, around one second. */
  private static final List<Instant> TIMES =
      List.of(
          Instant.parse("2026-01-06T10:00:00Z"),
          Instant.parse("2026-01-06T10:00:00.001Z"),
          Instant.parse("2026-01-06T10:00:00.5Z"),
          Instant.parse("2026-01-06T10:00:00.000001Z"),
          Instant.parse("2026-01-06T10:00:00.999999999Z"),
          Instant.parse("2026-01-06T09:59:59.999Z"),
          Instant.parse("2026-01-06T10:00:01Z"),
          Instant.parse("1999-12-31T23:59:59.123456Z"));

  @ParameterizedTest
  @EnumSource(Backend.class)
  void sql_storedSpellings_sameAsJavaAndOrderedAsTimes(Backend backend) {
    try (TestDatabase db = TestDatabase.create(backend)) {
      for (Instant t : TIMES) {
        String computed =
            db.jdbc()
                .queryForObject(
                    "SELECT " + TimeText.sql("x.t") + " FROM (SELECT ? AS t) x",
                    String.class,
                    t.toString());
        assertThat(computed).as(t.toString()).isEqualTo(TimeText.of(t));
      }
    }
    List<String> byText = TIMES.stream().map(TimeText::of).sorted().toList();
    List<String> byTime =
        TIMES.stream().sorted(Comparator.naturalOrder()).map(TimeText::of).toList();
    assertThat(byText).isEqualTo(byTime);
  }
}
