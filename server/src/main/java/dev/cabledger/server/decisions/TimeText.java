package dev.cabledger.server.decisions;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times stored as text ({@code approval.decided_at}, {@code expiry_date}: {@link Instant#toString},
 * with 0, 3, 6 or 9 fraction digits) compared in SQL. As stored they do not sort as times ({@code
 * …:00Z} sorts after {@code …:00.5Z}), so both sides are compared in one fixed-width form, seconds
 * and then nine fraction digits, in SQL that SQLite and PostgreSQL both run.
 */
final class TimeText {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private TimeText() {}

  /** The fixed-width form of a time, as {@link #sql} computes it from the stored text. */
  static String of(Instant at) {
    return SECONDS.format(at) + String.format(Locale.ROOT, "%09d", at.getNano());
  }

  /** SQL for the fixed-width form of a text column holding {@link Instant#toString} values. */
  static String sql(String column) {
    return "(substr("
        + column
        + ", 1, 19) || substr(CASE WHEN length("
        + column
        + ") > 20 THEN substr("
        + column
        + ", 21, length("
        + column
        + ") - 21) ELSE '' END || '000000000', 1, 9))";
  }
}
