package dev.cabledger.server.ledger;

import dev.cabledger.core.checkpoint.CheckpointSigner;
import dev.cabledger.server.CabProperties;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the log: its store, origin, sequencer and reader. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

  @Bean
  LedgerStore ledgerStore(JdbcTemplate jdbc, Backend backend) {
    return new LedgerStore(jdbc, backend);
  }

  @Bean
  LedgerOrigin ledgerOrigin(LedgerStore store, CabProperties props) {
    return LedgerOrigin.establish(store, props.origin());
  }

  @Bean(destroyMethod = "close")
  Sequencer sequencer(
      LedgerStore store,
      TransactionTemplate tx,
      ServiceKeys keys,
      LedgerOrigin origin,
      CabProperties props,
      MeterRegistry meters) {
    CheckpointSigner signer = new CheckpointSigner(origin.value(), keys.logKey());
    return new Sequencer(
        store,
        tx,
        signer,
        origin.value(),
        new BatchPolicy(props.maxBatch(), props.maxBatchDelay()),
        meters,
        Clock.systemUTC());
  }

  @Bean
  LogReader logReader(LedgerStore store) {
    return new LogReader(store);
  }
}
