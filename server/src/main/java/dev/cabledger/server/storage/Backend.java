package dev.cabledger.server.storage;

import java.util.Locale;

/** The database products CAB Ledger runs on; each has its own migrations and append lock. */
public enum Backend {
  /** The embedded default: one SQLite file in WAL mode. */
  SQLITE,
  /** Production: shared by several service instances. */
  POSTGRESQL;

  /** The backend of a JDBC URL. */
  public static Backend ofUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL (use jdbc:sqlite: or jdbc:postgresql:): " + redact(jdbcUrl));
  }

  /** The URL without its query string, which may carry a password. */
  public static String redact(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?…";
  }
}
