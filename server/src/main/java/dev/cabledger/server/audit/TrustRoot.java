package dev.cabledger.server.audit;

import dev.cabledger.core.registry.LogTrust;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.ledger.LedgerOrigin;
import dev.cabledger.server.signing.ServiceKeys;
import java.security.PublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The log's trust root (docs/formats.md §8): its origin and the public half of the log key this
 * instance holds, never what the database says. It is logged at start-up, for an auditor to keep as
 * a trust file, and the server's own ledger check pins it.
 */
@Component
public final class TrustRoot implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(TrustRoot.class);

  private final LogTrust trust;

  TrustRoot(ServiceKeys keys, LedgerOrigin origin) {
    PublicKey logKey = keys.logKey().getPublic();
    this.trust = new LogTrust(origin.value(), ServiceKeys.keyId(logKey), MlDsa65.spki(logKey));
  }

  /** The trust root. */
  public LogTrust trust() {
    return trust;
  }

  @Override
  public void afterSingletonsInstantiated() {
    log.info(
        "Log trust root (keep it as the auditor's trust file, see `cab-ledger keys trust-file`): {}",
        trust.toJson().strip());
  }
}
