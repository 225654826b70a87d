package dev.cabledger.server.keys;

import dev.cabledger.server.CabProperties;
import dev.cabledger.server.ledger.LedgerOrigin;
import dev.cabledger.server.ledger.LogReader;
import dev.cabledger.server.signing.ServiceKeys;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opens the service's keys. Here, not in the signing package, because only the registry knows which
 * keys a log registered, and a log that holds entries must be signed with those.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

  @Bean
  ServiceKeys serviceKeys(
      CabProperties props,
      LogReader log,
      LedgerOrigin origin,
      JdbcTemplate jdbc,
      @Value("${cab.rotate-keys:false}") boolean rotate) {
    return ServiceKeysAtStart.open(
        props.resolvedKeysDir(),
        log.size(),
        origin.value(),
        KeyRegistry.registered(jdbc),
        rotate,
        Clock.systemUTC());
  }
}
