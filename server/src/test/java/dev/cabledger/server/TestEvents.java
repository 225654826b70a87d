package dev.cabledger.server;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.PipelineNote;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.signing.ServiceKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Sample change events for tests that need a log with entries in it. */
public final class TestEvents {
  /** A CAB approver. */
  public static final Actor ALICE =
      Actor.of("user:alice", List.of("CAB_APPROVER"), "https://idp.example");

  /** The pipeline of {@link #note(String)}. */
  public static final Actor PIPELINE =
      Actor.of("pipeline:acme", List.of("REQUESTER"), "https://idp.example");

  private TestEvents() {}

  /**
   * A pipeline annotation about a new change request of {@code client}: an entry that is not a
   * change's record, so it needs no change submitted first and no change index row.
   */
  public static Statement note(String client) {
    String change = "CR-" + UUID.randomUUID();
    Digest plan = Digest.sha256(change.getBytes(StandardCharsets.UTF_8));
    ObjectNode note = JsonNodeFactory.instance.objectNode().put("stage", "plan");
    return new Statement(
        change,
        plan,
        new Event(
            UUID.randomUUID().toString(),
            new PipelineNote(new ClientId(client), plan, note),
            PIPELINE,
            Instant.now().truncatedTo(ChronoUnit.MILLIS)));
  }

  /**
   * Appends {@code n} pipeline notes for client acme, signed by the service, and waits for them.
   */
  public static void append(ApplicationContext app, int n) {
    Sequencer sequencer = app.getBean(Sequencer.class);
    ServiceKeys keys = app.getBean(ServiceKeys.class);
    for (int i = 0; i < n; i++) {
      sequencer.append(keys.sign(note("acme")), EntryProjection.NONE);
    }
  }
}
