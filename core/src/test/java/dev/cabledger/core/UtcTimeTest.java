package dev.cabledger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcTimeTest {

  /** What the formats have always accepted: Instant's own parse, and its spelling given back. */
  private static Optional<Instant> byInstantParse(String text) {
    if (!Chars.utcTimeShape(text)) {
      return Optional.empty();
    }
    try {
      Instant at = Instant.parse(text);
      return at.toString().equals(text) ? Optional.of(at) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Test
  void parse_edgeCases_sameAnswersAsInstantParse() {
    List<String> cases =
        List.of(
            "2026-04-01T14:30:00Z",
            "2026-04-01T14:30:00.250Z",
            "2026-04-01T14:30:00.000Z",
            "2026-04-01T14:30:00.001Z",
            "2026-04-01T14:30:00.100Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
            "2024-02-29T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:60:00Z",
            "2026-12-31T23:59:60Z",
            "2026-04-01T14:30:00.25Z",
            "2026-04-01T14:30:00+00:00",
            "2026-04-01t14:30:00Z",
            "2026-04-01T14:30Z",
            " 2026-04-01T14:30:00Z",
            "");
    for (String text : cases) {
      assertThat(UtcTime.parse(text)).as(text).isEqualTo(byInstantParse(text));
    }
    assertThat(UtcTime.parse("2026-04-01T14:30:00.250Z"))
        .contains(Instant.ofEpochSecond(1775053800L, 250_000_000));
  }

  @Test
  void parse_randomTimesAndDigitStrings_sameAnswersAsInstantParse() {
    Random random = new Random(3339);
    List<String> cases = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      Instant at =
          Instant.ofEpochMilli(random.nextLong(-62_167_219_200_000L, 253_402_300_800_000L));
      cases.add(at.toString());
      cases.add(at.toString().replace("Z", ".000Z"));
      // Random digits in the shape: most are out of range somewhere.
      StringBuilder s = new StringBuilder("dddd-dd-ddTdd:dd:dd" + (i % 2 == 0 ? "Z" : ".dddZ"));
      for (int k = 0; k < s.length(); k++) {
        if (s.charAt(k) == 'd') {
          s.setCharAt(k, (char) ('0' + random.nextInt(k < 4 ? 10 : 4)));
        }
      }
      cases.add(s.toString());
    }
    int accepted = 0;
    for (String text : cases) {
      Optional<Instant> expected = byInstantParse(text);
      assertThat(UtcTime.parse(text)).as(text).isEqualTo(expected);
      accepted += expected.isPresent() ? 1 : 0;
    }
    assertThat(accepted).as("both kinds of case occur").isBetween(20_000, cases.size() - 10_000);
  }

  @Test
  void read_anyInstantText_sameInstantAsInstantParse() {
    Random random = new Random(8601);
    List<String> cases =
        new ArrayList<>(
            List.of(
                "2026-04-01T14:30:00Z",
                "2026-04-01T14:30:00.250Z",
                "2026-04-01T14:30:00.000Z",
                "2026-04-01T14:30:00.25Z",
                "2026-04-01T14:30:00.123456Z",
                "2026-04-01T14:30:00.123456789Z",
                "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59Z"));
    for (int i = 0; i < 5_000; i++) {
      // Instant.now() in a stored row may carry microseconds: every precision is read.
      Instant at =
          Instant.ofEpochSecond(
              random.nextLong(-62_167_219_200L, 253_402_300_800L),
              random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      cases.add(at.toString());
      cases.add(at.truncatedTo(ChronoUnit.MILLIS).toString());
    }
    for (String text : cases) {
      assertThat(UtcTime.read(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void read_noInstant_throwsAsInstantParse() {
    for (String text : List.of("", "2026-02-30T00:00:00Z", "2026-04-01 14:30:00Z", "yesterday")) {
      assertThatThrownBy(() -> UtcTime.read(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }
}
