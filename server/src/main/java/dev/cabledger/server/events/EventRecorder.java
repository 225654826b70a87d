package dev.cabledger.server.events;

import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.Receipt;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.signing.ServiceKeys;
import org.springframework.stereotype.Component;

/**
 * Records one event: signs its statement with the service key and appends the envelope to the log,
 * with the feature's projection in the same transaction. The one way features write to the log.
 */
@Component
public final class EventRecorder {
  private final Sequencer sequencer;
  private final ServiceKeys keys;

  EventRecorder(Sequencer sequencer, ServiceKeys keys) {
    this.sequencer = sequencer;
    this.keys = keys;
  }

  /**
   * Signs and appends; returns the receipt once the entry is durable.
   *
   * @throws dev.cabledger.server.ledger.LedgerUnavailableException if signing or storage fails
   */
  public Receipt record(Statement statement, EntryProjection projection) {
    return sequencer.append(keys.sign(statement), projection);
  }
}
