package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one generic event: a pipeline's annotation on a change, free-form but bounded (every member
 * snake_case, within {@link EventLimits}). It records what a pipeline says; it decides nothing.
 *
 * @param client the tenant
 * @param planHash SHA-256 of the plan file the note is about
 * @param note the annotation
 */
public record PipelineNote(ClientId client, Digest planHash, ObjectNode note)
    implements EventData.OfChange {
  public PipelineNote {
    note = note.deepCopy();
  }

  @Override
  public ObjectNode note() {
    return note.deepCopy();
  }

  @Override
  public EventType type() {
    return EventType.PIPELINE_NOTE;
  }

  @Override
  public ObjectNode toJson() {
    return new EventDataWriter()
        .client(client)
        .sha256("plan_hash", planHash)
        .object("note", note)
        .node();
  }

  static PipelineNote read(EventDataReader r) {
    return new PipelineNote(r.client(), r.sha256("plan_hash"), r.object("note"));
  }
}
