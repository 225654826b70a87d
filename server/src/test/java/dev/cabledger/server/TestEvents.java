package dev.cabledger.server;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.signing.ServiceKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationContext;

/** Sample change events for tests that need a log with entries in it. */
public final class TestEvents {
  /** The approver of {@link #approval(String)}. */
  public static final Actor ALICE =
      Actor.of("user:alice", List.of("CAB_APPROVER"), "https://idp.example");

  private TestEvents() {}

  /** A CAB_APPROVED statement for a new change request of {@code client}. */
  public static Statement approval(String client) {
    String change = "CR-" + UUID.randomUUID();
    Digest plan = Digest.sha256(change.getBytes(StandardCharsets.UTF_8));
    CabApproved data =
        new CabApproved(
            UUID.randomUUID(),
            new ClientId(client),
            plan,
            Optional.empty(),
            ALICE.subject(),
            "CAB_APPROVER",
            ApprovalStatus.APPROVED,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ApprovalConstraints.NONE,
            Optional.empty());
    return new Statement(
        change,
        plan,
        new Event(
            UUID.randomUUID().toString(),
            data,
            ALICE,
            Instant.now().truncatedTo(ChronoUnit.MILLIS)));
  }

  /** Appends {@code n} approvals for client acme, signed by the service, and waits for them. */
  public static void append(ApplicationContext app, int n) {
    Sequencer sequencer = app.getBean(Sequencer.class);
    ServiceKeys keys = app.getBean(ServiceKeys.class);
    for (int i = 0; i < n; i++) {
      sequencer.append(keys.sign(approval("acme")), EntryProjection.NONE);
    }
  }
}
