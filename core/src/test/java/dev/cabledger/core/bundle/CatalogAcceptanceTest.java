package dev.cabledger.core.bundle;

import static dev.cabledger.core.bundle.TestBundles.SERVICE;
import static dev.cabledger.core.bundle.TestBundles.at;
import static dev.cabledger.core.bundle.TestBundles.log;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeTemplateApproved;
import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.event.GateEvaluated;
import dev.cabledger.core.event.KeyEnrolmentRequested;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.event.PipelineNote;
import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.core.event.SampleEvents;
import dev.cabledger.core.event.SubjectPublicKeyInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever the catalog accepts, the verifier accepts: generated events (every type, random pipeline
 * notes, and random edits of every type that the catalog still parses) are signed as the service
 * signs them, and the bundle of them verifies with the trust file.
 */
class CatalogAcceptanceTest {
  private static final String ACTOR = "user:generated";

  @Test
  void everyEventTheCatalogAccepts_verifies() {
    Random rnd = new Random(0x5eed);
    List<EventData> accepted = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      Digest plan = Digest.sha256(("plan " + round).getBytes(StandardCharsets.UTF_8));
      for (EventData sample : SampleEvents.everyType(plan, ACTOR)) {
        accepted.add(sample);
        for (int i = 0; i < 5; i++) {
          mutated(sample, rnd).ifPresent(accepted::add);
        }
      }
      for (int i = 0; i < 10; i++) {
        accepted.add(new PipelineNote(new ClientId("acme"), plan, SampleEvents.randomNote(rnd)));
      }
    }
    // The log registers a key once (a rule of the log, not of the catalog): keep the first.
    Set<Object> registered = new HashSet<>();
    accepted.removeIf(e -> e instanceof KeyRegistered k && !registered.add(k.keyId()));
    TestBundles.Log log = log(0);
    Actor actor = Actor.of(ACTOR, List.of("CAB_APPROVER", "REQUESTER"), "https://idp.example");
    for (EventData data : accepted) {
      log.appendSigned(statement(data, actor, log.size()), SERVICE);
    }

    // From the first entry after the keys: each generated gate answer is about a change whose
    // submission is not in the bundle, so its verdict (made up, as every event here) is not
    // re-derived; re-deriving gate answers is tested in GateReplayTest.
    VerifiedBundle ok = log.bundle(2, log.size(), log.size()).verify(TestBundles.trust());

    assertThat(ok.entries()).isEqualTo(accepted.size());
    assertThat(ok.gates().notRederivable())
        .isEqualTo(accepted.stream().filter(e -> e instanceof GateEvaluated).count())
        .isPositive();
    assertThat(ok.gates().rederived()).isZero();
    assertThat(accepted).hasSizeGreaterThan(200);
  }

  /** The statement the service would sign for this event: subject as docs/formats.md §2 says. */
  private static Statement statement(EventData data, Actor actor, int i) {
    String name = "CR-" + i;
    Digest digest = Digest.sha256(name.getBytes(StandardCharsets.UTF_8));
    if (data instanceof EventData.OfChange change) {
      digest = change.planHash();
    } else if (data instanceof KeyRegistered k) {
      name = k.keyId().value();
      digest = k.publicKey().sha256();
    } else if (data instanceof KeyEnrolmentRequested k) {
      name = k.keyId().value();
      digest = k.publicKey().sha256();
    } else if (data instanceof FreezeDeclared f) {
      name = f.subjectName();
      digest = f.subjectDigest();
    } else if (data instanceof ChangeTemplateDefined t) {
      name = t.subjectName();
      digest = t.subjectDigest();
    } else if (data instanceof ChangeTemplateApproved t) {
      name = t.templateId().toString();
      digest = t.definition();
    } else if (data instanceof ReportGenerated r) {
      name = r.reportId().toString();
      digest = r.reportHash();
    } else if (data instanceof EventData.OfKey k) {
      name = k.keyId().value();
      digest = new SubjectPublicKeyInfo(new byte[] {1, 2, 3}).sha256();
    }
    // Who the service records as the actor: the owner asks to enrol its key, a platform admin
    // registers it; the service records its own key events.
    Actor who =
        switch (data) {
          case KeyEnrolmentRequested k -> actor;
          case KeyRegistered k -> TestBundles.ADMIN;
          case EventData.OfKey k -> Actor.SYSTEM;
          default -> actor;
        };
    return new Statement(name, digest, new Event("corr-" + i, data, who, at(i)));
  }

  /** A random edit of the sample's JSON, if the catalog still accepts it. */
  private static Optional<EventData> mutated(EventData sample, Random rnd) {
    ObjectNode json = sample.toJson();
    for (String name : List.copyOf(json.propertyNames())) {
      if (name.equals("plan_hash")
          || name.equals("approver")
          || name.equals("revoked_by")
          || name.equals("owner")) {
        // These must agree with the subject and the actor (an approver key's owner, with the
        // actor who asked to enrol it), as the service makes them.
        continue;
      }
      int roll = rnd.nextInt(6);
      if (roll == 0) {
        json.remove(name);
      } else if (roll == 1 && json.get(name).isString()) {
        json.put(name, randomText(rnd));
      }
    }
    try {
      return Optional.of(EventData.parse(sample.type(), json));
    } catch (VerificationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String randomText(Random rnd) {
    String alphabet = "aZ09 _-\"\\\u00e9\u2603\n";
    StringBuilder s = new StringBuilder();
    for (int i = rnd.nextInt(300); i >= 0; i--) {
      s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
