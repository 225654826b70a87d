package dev.cabledger.server.ledger;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The log's C2SP origin line, and the name of its checkpoint key. Fixed at the first start and
 * stored in the ledger, since a checkpoint under another origin belongs to another log.
 *
 * @param value the origin, e.g. {@code cab-ledger.example.com/prod}
 */
public record LedgerOrigin(String value) {
  // C2SP tlog-checkpoint: the origin is a non-empty line; note key names exclude spaces and '+'.
  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e&&[^+]]{1,255}");

  public LedgerOrigin {
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a log origin is 1 to 255 printable ASCII characters without spaces or '+': " + value);
    }
  }

  static LedgerOrigin establish(LedgerStore store, Optional<String> configured) {
    Optional<String> stored = store.meta("origin");
    if (stored.isEmpty()) {
      String chosen = configured.filter(s -> !s.isBlank()).orElseGet(LedgerOrigin::random);
      store.insertMetaIfAbsent("origin", new LedgerOrigin(chosen).value());
      stored = store.meta("origin");
    }
    LedgerOrigin origin = new LedgerOrigin(stored.orElseThrow());
    configured
        .filter(s -> !s.isBlank() && !s.equals(origin.value()))
        .ifPresent(
            s -> {
              throw new IllegalStateException(
                  "cab.origin is '"
                      + s
                      + "' but this log was created with origin '"
                      + origin.value()
                      + "'; an origin cannot change");
            });
    return origin;
  }

  private static String random() {
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    return "cab-ledger.local/" + HexFormat.of().formatHex(id);
  }
}
