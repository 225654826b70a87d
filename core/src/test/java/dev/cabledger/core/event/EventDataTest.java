package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class EventDataTest {
  private static final Digest PLAN = Digest.sha256("plan".getBytes(StandardCharsets.UTF_8));

  static List<EventData> samples() {
    return SampleEvents.everyType(PLAN, "user:alice");
  }

  @Test
  void samples_coverTheWholeCatalog() {
    Set<EventType> covered =
        samples().stream()
            .map(EventData::type)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));

    assertThat(covered).isEqualTo(EnumSet.allOf(EventType.class));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void parse_ofToJson_readsBackTheSameEvent(EventData event) {
    ObjectNode json = event.toJson();

    assertThat(EventData.parse(event.type(), json)).isEqualTo(event);
    assertThat(EventData.parse(event.type(), json).toJson()).isEqualTo(json);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void parse_unknownMember_isRejected(EventData event) {
    ObjectNode json = event.toJson().put("extra_member", "x");

    assertFormat(event.type(), json, "\"extra_member\" that this event type does not define");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void parse_camelCaseMember_isRejectedCitingTheRule(EventData event) {
    ObjectNode json = event.toJson();
    String first = json.propertyNames().iterator().next();
    if (!first.contains("_")) {
      json.set("someMember", json.get(first));
    } else {
      json.set(camel(first), json.remove(first));
    }

    assertFormat(event.type(), json, "not snake_case (docs/formats.md §2)");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void parse_everyRequiredMember_isRequired(EventData event) {
    ObjectNode json = event.toJson();
    for (String name : json.propertyNames()) {
      ObjectNode without = json.deepCopy();
      without.remove(name);
      boolean optional;
      try {
        EventData.parse(event.type(), without);
        optional = true;
      } catch (VerificationException e) {
        assertThat(e.failure()).isEqualTo(Failure.FORMAT);
        assertThat(e.getMessage()).contains(name);
        optional = false;
      }
      assertThat(optional || !without.has(name)).isTrue();
    }
  }

  @Test
  void parse_nullMember_isRejected() {
    ObjectNode json = samples().getFirst().toJson();
    json.putNull("module");

    assertFormat(EventType.CHANGE_SUBMITTED, json, "module is null");
  }

  @Test
  void parse_pipelineNoteNestedTooDeep_isRejected() {
    ObjectNode note = JsonNodeFactory.instance.objectNode();
    ObjectNode inner = note;
    for (int i = 0; i < EventLimits.MAX_DEPTH; i++) {
      inner = inner.putObject("level");
    }
    ObjectNode json =
        new PipelineNote(new ClientId("acme"), PLAN, JsonNodeFactory.instance.objectNode())
            .toJson();
    json.set("note", note);

    assertFormat(EventType.PIPELINE_NOTE, json, "nests deeper than " + EventLimits.MAX_DEPTH);
  }

  @Test
  void parse_tooManyMembers_isRejected() {
    ObjectNode note = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i <= EventLimits.MAX_MEMBERS; i++) {
      note.put("m" + i, i);
    }
    ObjectNode json =
        new PipelineNote(new ClientId("acme"), PLAN, JsonNodeFactory.instance.objectNode())
            .toJson();
    json.set("note", note);

    assertFormat(EventType.PIPELINE_NOTE, json, "more than " + EventLimits.MAX_MEMBERS);
  }

  @Test
  void parse_fractionalNumber_isRejected() {
    ObjectNode json =
        new PipelineNote(new ClientId("acme"), PLAN, JsonNodeFactory.instance.objectNode())
            .toJson();
    json.putObject("note").put("ratio", 0.5);

    assertFormat(EventType.PIPELINE_NOTE, json, "not a whole number");
  }

  @Test
  void parse_uppercaseUuid_isRejected() {
    ObjectNode json = samples().get(4).toJson();
    json.put("approval_id", json.get("approval_id").stringValue().toUpperCase());

    assertFormat(EventType.CAB_APPROVED, json, "approval_id is not a UUID");
  }

  @Test
  void parse_statusOutsideItsWords_isRejected() {
    ObjectNode json = samples().get(4).toJson().put("status", "pending");

    assertFormat(EventType.CAB_APPROVED, json, "expected one of [approved, conditional]");
  }

  @Test
  void cabApproved_conditionalWithoutConditions_isRejected() {
    assertThatThrownBy(
            () ->
                new CabApproved(
                    UUID.randomUUID(),
                    new ClientId("acme"),
                    PLAN,
                    Optional.empty(),
                    "user:alice",
                    "CAB_APPROVER",
                    ApprovalStatus.CONDITIONAL,
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    ApprovalConstraints.NONE,
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conditional approval has conditions");
  }

  @Test
  void requireParsable_valueBeyondTheLimits_isRejected() {
    ChangeApplied tooLong = new ChangeApplied(new ClientId("acme"), PLAN, "e".repeat(300));

    assertThatThrownBy(() -> EventData.requireParsable(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment must be 1 to 256 characters");
  }

  @Test
  void parse_randomPipelineNotes_readBackUnchanged() {
    Random rnd = new Random(20261125);
    for (int i = 0; i < 500; i++) {
      PipelineNote note =
          new PipelineNote(new ClientId("acme"), PLAN, SampleEvents.randomNote(rnd));

      assertThat(EventData.parse(EventType.PIPELINE_NOTE, note.toJson())).isEqualTo(note);
    }
  }

  @Test
  void eventType_unknownName_isRejectedCitingTheCatalog() {
    assertThatThrownBy(() -> EventType.of("APPROVAL_GRANTED"))
        .hasMessageContaining("not in the event catalog (docs/formats.md §2)");
  }

  private static String camel(String snake) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static void assertFormat(EventType type, ObjectNode json, String message) {
    assertThatThrownBy(() -> EventData.parse(type, json))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.FORMAT))
        .hasMessageContaining(message);
  }
}
