package dev.cabledger.server.keys;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.server.signing.ServiceKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which service keys an instance may sign with. A new log gets new keys. A log that holds entries
 * needs the keys it registered: missing or foreign key files stop the start, since a replacement
 * made silently would sign under keys no auditor expects. Replacing keys is an operator's explicit
 * act ({@code cab-ledger keys rotate}), which registers the new keys in the log.
 */
final class ServiceKeysAtStart {
  private ServiceKeysAtStart() {}

  /**
   * @param dir the keys directory
   * @param logSize the number of entries in the log
   * @param origin the log's origin, for the message
   * @param registered the keys the log registered
   * @param rotate whether the operator asked for new keys
   * @throws KeysNotRestoredException if the log holds entries and its keys are not in {@code dir}
   */
  static ServiceKeys open(
      Path dir,
      long logSize,
      String origin,
      List<RegisteredKey> registered,
      boolean rotate,
      Clock clock) {
    if (rotate) {
      return ServiceKeys.replace(dir, clock);
    }
    if (logSize == 0) {
      return ServiceKeys.loadOrGenerate(dir);
    }
    List<Path> missing = ServiceKeys.missingFiles(dir);
    if (!missing.isEmpty()) {
      throw new KeysNotRestoredException(
          "The log "
              + origin
              + " holds "
              + logSize
              + " entries, but its key files are missing: "
              + missing.stream().map(Path::toString).collect(Collectors.joining(", "))
              + ". New keys would not match the log, so the service does not start. Restore the"
              + " files from your backup of "
              + dir
              + " (instances sharing a database share one keys directory); the keys this log"
              + " registered: "
              + describe(registered)
              + ". To replace lost keys instead, stop every instance and run `cab-ledger keys"
              + " rotate`, which registers new keys in the log.");
    }
    ServiceKeys keys = ServiceKeys.load(dir);
    Set<KeyId> known = registered.stream().map(RegisteredKey::keyId).collect(Collectors.toSet());
    // Either key registered means this is the log's key set; at a first start shared by two
    // instances the service key is registered before the log key.
    if (!known.contains(ServiceKeys.keyId(keys.servicePublicKey()))
        && !known.contains(ServiceKeys.keyId(keys.logKey().getPublic()))) {
      throw new KeysNotRestoredException(
          "The log "
              + origin
              + " holds "
              + logSize
              + " entries, but the keys in "
              + dir
              + " (service "
              + ServiceKeys.keyId(keys.servicePublicKey())
              + ", log "
              + ServiceKeys.keyId(keys.logKey().getPublic())
              + ") are not keys it registered: "
              + describe(registered)
              + ". Use the keys directory of this log (instances sharing a database share one),"
              + " or replace its keys deliberately with `cab-ledger keys rotate`.");
    }
    return keys;
  }

  private static String describe(List<RegisteredKey> registered) {
    List<RegisteredKey> own =
        registered.stream().filter(k -> k.owner().equals(KeyRegistry.OWNER)).toList();
    if (own.isEmpty()) {
      return "none";
    }
    return own.stream()
        .map(k -> k.purpose() + " key " + k.keyId() + " (since " + k.validFrom() + ")")
        .collect(Collectors.joining(", "));
  }
}
