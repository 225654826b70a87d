package dev.cabledger.server.demo;

import dev.cabledger.core.Digest;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.server.events.EventRecorder;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.LogReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeds a new log with a few signed change events ({@code cab.demo=true}, {@code serve --demo}),
 * once: a log that already holds more than its key registrations is left alone.
 */
@Component
@ConditionalOnBooleanProperty("cab.demo")
final class DemoData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  private final EventRecorder recorder;
  private final LogReader reader;

  DemoData(EventRecorder recorder, LogReader reader) {
    this.recorder = recorder;
    this.reader = reader;
  }

  private record Sample(String change, String client, String module, String type, String actor) {}

  @Override
  public void run(ApplicationArguments args) {
    if (reader.latestCheckpoint().size() > 2) {
      return;
    }
    List<Sample> samples =
        List.of(
            new Sample("CR-1001", "acme", "tf-azurerm-aks", "CHANGE_SUBMITTED", "pipeline:acme"),
            new Sample("CR-1001", "acme", "tf-azurerm-aks", "CAB_APPROVED", "user:alice"),
            new Sample("CR-1002", "globex", "tf-aws-rds", "CHANGE_SUBMITTED", "pipeline:globex"),
            new Sample("CR-1002", "globex", "tf-aws-rds", "CAB_REJECTED", "user:bob"),
            new Sample(
                "CR-1003", "acme", "tf-azurerm-network", "CHANGE_SUBMITTED", "pipeline:acme"),
            new Sample("CR-1003", "acme", "tf-azurerm-network", "EXCEPTION_APPROVED", "user:sec"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (Sample s : samples) {
      Digest plan = Digest.sha256(("demo plan of " + s.change()).getBytes(StandardCharsets.UTF_8));
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      data.put("change_request_id", s.change());
      data.put("client", s.client());
      data.put("module", s.module());
      data.put("plan_hash", plan.hex());
      data.put("demo", true);
      Statement statement =
          new Statement(
              s.change(),
              plan,
              new Event(UUID.randomUUID().toString(), s.type(), data, s.actor(), now));
      recorder.record(statement, EntryProjection.NONE);
    }
    log.info("Demo data: {} sample change events appended and signed", samples.size());
  }
}
