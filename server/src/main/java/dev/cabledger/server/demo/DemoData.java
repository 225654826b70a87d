package dev.cabledger.server.demo;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalConstraints;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.event.ChangeSubmitted;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.event.ExceptionApproved;
import dev.cabledger.core.event.ExceptionType;
import dev.cabledger.core.event.Risk;
import dev.cabledger.server.events.EventRecorder;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LogReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Seeds a new log with a few signed change events ({@code cab.demo=true}, {@code serve --demo}),
 * once: a log that already holds more than its key registrations is left alone.
 */
@Component
@ConditionalOnBooleanProperty("cab.demo")
final class DemoData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  // Demo events are not from a real identity provider; the issuer says so.
  private static final String DEMO_ISSUER = "cab-ledger-demo";

  private final EventRecorder recorder;
  private final LogReader reader;

  DemoData(EventRecorder recorder, LogReader reader) {
    this.recorder = recorder;
    this.reader = reader;
  }

  private record Sample(String change, String client, String module, String actor, String role) {
    Digest plan() {
      return Digest.sha256(("demo plan of " + change).getBytes(StandardCharsets.UTF_8));
    }

    EventData data(EventType type) {
      ClientId tenant = new ClientId(client);
      UUID id = UUID.nameUUIDFromBytes((type + change).getBytes(StandardCharsets.UTF_8));
      return switch (type) {
        case CHANGE_SUBMITTED ->
            ChangeSubmitted.of(
                tenant,
                plan(),
                Optional.of(module),
                Optional.of("production"),
                Optional.of("demo change " + change),
                Optional.of(Risk.MEDIUM));
        case CAB_APPROVED ->
            new CabApproved(
                id,
                tenant,
                plan(),
                Optional.of(module),
                actor,
                role,
                ApprovalStatus.APPROVED,
                List.of(),
                Optional.of("demo approval"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(35L),
                ApprovalConstraints.NONE,
                Optional.empty());
        case CAB_REJECTED ->
            new CabRejected(
                id,
                tenant,
                plan(),
                Optional.of(module),
                actor,
                role,
                "demo rejection",
                Optional.empty());
        default ->
            new ExceptionApproved(
                id,
                UUID.nameUUIDFromBytes(change.getBytes(StandardCharsets.UTF_8)),
                tenant,
                plan(),
                actor,
                role,
                ExceptionType.VULNERABILITY_SCAN,
                List.of("Network isolation"),
                "demo exception",
                Optional.empty());
      };
    }
  }

  @Override
  public void run(ApplicationArguments args) {
    if (reader.latestCheckpoint().size() > 2) {
      return;
    }
    Sample acme = new Sample("CR-1001", "acme", "tf-azurerm-aks", "user:alice", "CAB_APPROVER");
    Sample globex = new Sample("CR-1002", "globex", "tf-aws-rds", "user:bob", "CAB_APPROVER");
    Sample network =
        new Sample("CR-1003", "acme", "tf-azurerm-network", "user:sec", "SECURITY_REVIEWER");
    List<Map.Entry<Sample, EventType>> events =
        List.of(
            Map.entry(acme, EventType.CHANGE_SUBMITTED),
            Map.entry(acme, EventType.CAB_APPROVED),
            Map.entry(globex, EventType.CHANGE_SUBMITTED),
            Map.entry(globex, EventType.CAB_REJECTED),
            Map.entry(network, EventType.CHANGE_SUBMITTED),
            Map.entry(network, EventType.EXCEPTION_APPROVED));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (Map.Entry<Sample, EventType> e : events) {
      Sample s = e.getKey();
      boolean submit = e.getValue() == EventType.CHANGE_SUBMITTED;
      Actor actor =
          submit
              ? Actor.of("pipeline:" + s.client(), List.of("REQUESTER"), DEMO_ISSUER)
              : Actor.of(s.actor(), List.of(s.role()), DEMO_ISSUER);
      Statement statement =
          new Statement(
              s.change(),
              s.plan(),
              new Event(UUID.randomUUID().toString(), s.data(e.getValue()), actor, now));
      recorder.record(statement, EntryProjection.NONE);
    }
    log.info("Demo data: {} sample change events appended and signed", events.size());
  }
}
