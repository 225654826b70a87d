package dev.cabledger.core.event;

/**
 * The one set of size limits on events (docs/formats.md §2, "Limits"). The service refuses an event
 * beyond them before signing it, and the verifier rejects an entry beyond them, so whatever the
 * service accepts its own verifier accepts.
 */
public final class EventLimits {
  /** Nesting depth of {@code event_data}: the object itself is depth 1. */
  public static final int MAX_DEPTH = 6;

  /** Characters (UTF-16 code units) in one string value. */
  public static final int MAX_STRING_LENGTH = 4096;

  /** Members of one object, and elements of one array. */
  public static final int MAX_MEMBERS = 64;

  /**
   * Bytes of a statement's canonical JSON. Evidence goes to the evidence store, not the log; an
   * event is a record, not a document.
   */
  public static final int MAX_STATEMENT_BYTES = 64 * 1024;

  /** Characters in a short name: a principal, an id, a client, a module, an environment. */
  public static final int MAX_NAME_LENGTH = 256;

  private EventLimits() {}
}
