package dev.cabledger.core.dsse;

import dev.cabledger.core.Chars;
import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.json.CanonicalJson;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-toto Statement v1 (github.com/in-toto/attestation, spec/v1/statement.md) about one change
 * request: the subject is the change (name = change request id, digest = SHA-256 plan hash) and the
 * predicate is the audit event.
 */
public record Statement(String subjectName, Digest subjectDigest, Event predicate) {
  /** The in-toto Statement v1 type. */
  public static final String TYPE = "https://in-toto.io/Statement/v1";

  /** The predicate type of CAB Ledger events. */
  public static final String PREDICATE_TYPE = "https://cab-ledger.dev/event/v1";

  private static final List<String> MEMBERS =
      List.of("_type", "predicate", "predicateType", "subject");
  private static final List<String> SUBJECT_MEMBERS = List.of("digest", "name");

  /** The subject name must not be blank. */
  public Statement {
    if (subjectName.isBlank()) {
      throw new IllegalArgumentException("the subject name must not be blank");
    }
  }

  /** The RFC 8785 canonical JSON of the statement: the DSSE payload. */
  public byte[] canonicalBytes() {
    ObjectNode root = CanonicalJson.mapper().createObjectNode();
    root.put("_type", TYPE);
    root.set("predicate", predicate.toJson());
    root.put("predicateType", PREDICATE_TYPE);
    ObjectNode subject = root.putArray("subject").addObject();
    subject.putObject("digest").put("sha256", subjectDigest.hex());
    subject.put("name", subjectName);
    return CanonicalJson.canonicalize(root);
  }

  /**
   * Parses a statement (in-toto Statement v1 layer, with ResourceDescriptor subjects). Only the
   * shape CAB Ledger writes is accepted: at most {@link EventLimits#MAX_STATEMENT_BYTES} bytes,
   * exactly one subject with a name and only a lower-case {@code sha256} digest, our predicate
   * type, a predicate whose event is in the catalog, and no other members.
   *
   * @throws VerificationException ({@link Failure#FORMAT}) if the bytes are not such a statement
   */
  public static Statement parse(byte[] json) {
    if (json.length > EventLimits.MAX_STATEMENT_BYTES) {
      throw Fields.format(
          "the statement is "
              + json.length
              + " bytes; at most "
              + EventLimits.MAX_STATEMENT_BYTES
              + " are allowed (docs/formats.md §2)");
    }
    JsonNode root = Fields.object(CanonicalJson.parse(json), "statement", MEMBERS);
    String type = Fields.string(root, "_type", "statement");
    if (!TYPE.equals(type)) {
      throw Fields.format("statement._type is \"" + type + "\", expected \"" + TYPE + "\"");
    }
    String predicateType = Fields.string(root, "predicateType", "statement");
    if (!PREDICATE_TYPE.equals(predicateType)) {
      throw Fields.format(
          "statement.predicateType is \""
              + predicateType
              + "\", expected \""
              + PREDICATE_TYPE
              + "\"");
    }
    JsonNode subjects = Fields.array(root, "subject", "statement");
    if (subjects.size() != 1) {
      throw Fields.format(
          "statement.subject must have exactly one element, has " + subjects.size());
    }
    JsonNode subject = Fields.object(subjects.get(0), "statement.subject[0]", SUBJECT_MEMBERS);
    String name = Fields.nonEmptyString(subject, "name", "statement.subject[0]");
    JsonNode digest =
        Fields.object(subject.get("digest"), "statement.subject[0].digest", List.of("sha256"));
    String hex = Fields.string(digest, "sha256", "statement.subject[0].digest");
    if (!Chars.lowerHex(hex, 64)) {
      throw Fields.format("statement.subject[0].digest.sha256 is not 64 lower-case hex digits");
    }
    Event event = Event.fromJson(root.get("predicate"));
    try {
      return new Statement(name, Digest.fromHex(hex), event);
    } catch (IllegalArgumentException e) {
      throw new VerificationException(Failure.FORMAT, "statement: " + e.getMessage(), e);
    }
  }
}
