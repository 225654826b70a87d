package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.VerificationException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Each limit of {@link EventLimits} at its bound: the bound is accepted, one past it refused. */
class EventLimitsTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** A pipeline note whose {@code note} member is {@code note}: event_data is depth 1, note 2. */
  private static ObjectNode eventData(ObjectNode note) {
    ObjectNode data = F.objectNode();
    data.put("client", "acme");
    data.put("plan_hash", "0f".repeat(32));
    data.set("note", note);
    return data;
  }

  private static EventData parse(ObjectNode note) {
    return EventData.parse(EventType.PIPELINE_NOTE, eventData(note));
  }

  private static void refused(ObjectNode note, String why) {
    assertThatThrownBy(() -> parse(note))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining(why);
  }

  /** A note nested so that its innermost object sits at {@code depth}. */
  private static ObjectNode nestedTo(int depth) {
    ObjectNode note = F.objectNode();
    ObjectNode inner = note;
    for (int d = 2; d < depth; d++) {
      inner = inner.putObject("n");
    }
    inner.put("leaf", true);
    return note;
  }

  @Test
  void depth_atTheLimit_acceptedOnePastRefused() {
    // The leaf value inside the innermost object is one level deeper than that object.
    assertThat(parse(nestedTo(EventLimits.MAX_DEPTH - 1))).isNotNull();
    refused(nestedTo(EventLimits.MAX_DEPTH), "nests deeper than " + EventLimits.MAX_DEPTH);
  }

  @Test
  void depth_inArrays_countsEachLevel() {
    ObjectNode note = F.objectNode();
    ArrayNode array = note.putArray("a");
    for (int d = 4; d < EventLimits.MAX_DEPTH; d++) {
      array = array.addArray();
    }
    array.add(1);
    assertThat(parse(note)).isNotNull();
    array.addArray().add(1);
    refused(note, "nests deeper than");
  }

  @Test
  void members_atTheLimit_acceptedOnePastRefused() {
    ObjectNode note = F.objectNode();
    for (int i = 0; i < EventLimits.MAX_MEMBERS; i++) {
      note.put("m" + i, i);
    }
    assertThat(parse(note)).isNotNull();
    note.put("one_more", 1);
    refused(note, "more than " + EventLimits.MAX_MEMBERS + " members");
  }

  @Test
  void elements_atTheLimit_acceptedOnePastRefused() {
    ObjectNode note = F.objectNode();
    ArrayNode array = note.putArray("list");
    for (int i = 0; i < EventLimits.MAX_MEMBERS; i++) {
      array.add(i);
    }
    assertThat(parse(note)).isNotNull();
    array.add(64);
    refused(note, "more than " + EventLimits.MAX_MEMBERS + " elements");
  }

  @Test
  void elementPath_namesTheIndex() {
    ObjectNode note = F.objectNode();
    note.putArray("list").add(1).add(2).addNull();
    refused(note, "note.list[2] is null");
  }

  @Test
  void string_atTheLimit_acceptedOnePastRefused() {
    ObjectNode note = F.objectNode();
    note.put("text", "x".repeat(EventLimits.MAX_STRING_LENGTH));
    assertThat(parse(note)).isNotNull();
    note.put("text", "x".repeat(EventLimits.MAX_STRING_LENGTH + 1));
    refused(note, "longer than " + EventLimits.MAX_STRING_LENGTH);
  }

  @Test
  void memberName_of64Characters_acceptedOf65Refused() {
    ObjectNode note = F.objectNode();
    note.put("a".repeat(64), 1);
    assertThat(parse(note)).isNotNull();
    ObjectNode longer = F.objectNode();
    longer.put("a".repeat(65), 1);
    refused(longer, "not snake_case");
  }

  @Test
  void number_at2To53_acceptedBeyondRefused() {
    ObjectNode note = F.objectNode();
    note.put("max", 1L << 53);
    note.put("min", -(1L << 53));
    assertThat(parse(note)).isNotNull();
    ObjectNode over = F.objectNode();
    over.put("over", (1L << 53) + 1);
    refused(over, "not a whole number within ±2^53");
    ObjectNode under = F.objectNode();
    under.put("under", -(1L << 53) - 1);
    refused(under, "not a whole number within ±2^53");
  }
}
