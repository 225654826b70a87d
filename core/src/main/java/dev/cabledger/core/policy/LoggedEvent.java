package dev.cabledger.core.policy;

import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventData;
import java.time.Instant;

/**
 * One signed entry of the log, as the policy reads it: its index and its statement.
 *
 * @param index the entry's index in the log
 * @param statement the statement its envelope signs
 */
public record LoggedEvent(long index, Statement statement) {
  public LoggedEvent {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative");
    }
  }

  public EventData data() {
    return statement.predicate().data();
  }

  public Actor actor() {
    return statement.predicate().actor();
  }

  public Instant createdAt() {
    return statement.predicate().createdAt();
  }
}
