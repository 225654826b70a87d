package dev.cabledger.server.ledger;

import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.server.CabProperties;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the log: its store, origin, sequencer, reader and health. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

  @Bean
  LedgerStore ledgerStore(JdbcTemplate jdbc, Backend backend, CabProperties props) {
    return new LedgerStore(jdbc, backend, props.dbTimeout());
  }

  @Bean
  LedgerOrigin ledgerOrigin(LedgerStore store, CabProperties props) {
    return LedgerOrigin.establish(store, props.origin());
  }

  @Bean(destroyMethod = "close")
  Sequencer sequencer(
      LedgerStore store,
      DataSource dataSource,
      ServiceKeys keys,
      LedgerOrigin origin,
      CabProperties props,
      MeterRegistry meters) {
    CheckpointSigner signer = new CheckpointSigner(origin.value(), keys.logKey());
    return new Sequencer(
        store,
        dataSource,
        signer,
        origin.value(),
        new BatchPolicy(props.maxBatch(), props.maxBatchDelay()),
        props.appendTimeout(),
        meters,
        Clock.systemUTC());
  }

  @Bean
  LedgerHealthIndicator ledgerHealthIndicator(Sequencer sequencer, LedgerStore store) {
    return new LedgerHealthIndicator(sequencer, store);
  }

  @Bean
  LogReader logReader(LedgerStore store) {
    return new LogReader(store);
  }
}
