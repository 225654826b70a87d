package dev.cabledger.server.evidence;

import dev.cabledger.core.Digest;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.server.workflow.InvalidInputException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * An evidence package exactly as received (the source article's EvidencePackage): checked member by
 * member, and sealed as the RFC 8785 bytes of the object itself, so that anyone who holds the
 * document gets the same hash. Every member but {@code changeRequestId} may be left out or null.
 */
final class EvidencePackage {
  /** The article's members and what each holds. */
  private enum Kind {
    TEXT,
    TEXTS,
    RISK,
    TIME
  }

  private static final Map<String, Kind> MEMBERS =
      Map.ofEntries(
          Map.entry("changeRequestId", Kind.TEXT),
          Map.entry("module", Kind.TEXT),
          Map.entry("client", Kind.TEXT),
          Map.entry("planSummary", Kind.TEXT),
          Map.entry("riskLevel", Kind.RISK),
          Map.entry("riskFactors", Kind.TEXTS),
          Map.entry("rollbackPlan", Kind.TEXT),
          Map.entry("prUrl", Kind.TEXT),
          Map.entry("prApprovers", Kind.TEXTS),
          Map.entry("securityScan", Kind.TEXT),
          Map.entry("testResults", Kind.TEXT),
          Map.entry("pipelineUrl", Kind.TEXT),
          Map.entry("approvedBy", Kind.TEXT),
          Map.entry("approvedAt", Kind.TIME));

  private static final Pattern RFC_3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:[Zz]|[+-]\\d{2}:\\d{2})");

  private final JsonNode document;
  private final byte[] canonical;
  private final Digest hash;

  private EvidencePackage(JsonNode document, byte[] canonical) {
    this.document = document;
    this.canonical = canonical;
    this.hash = Digest.sha256(canonical);
  }

  /**
   * The package of a request body.
   *
   * @throws InvalidInputException naming the member, if the body is not an evidence package
   */
  static EvidencePackage of(JsonNode body) {
    if (!body.isObject()) {
      throw new InvalidInputException("the body must be a JSON object: the evidence package");
    }
    for (Map.Entry<String, JsonNode> m : body.properties()) {
      Kind kind = MEMBERS.get(m.getKey());
      if (kind == null) {
        throw new InvalidInputException(
            "unknown member \""
                + printable(m.getKey())
                + "\"; the members are: "
                + String.join(", ", MEMBERS.keySet().stream().sorted().toList()));
      }
      check(m.getKey(), kind, m.getValue());
    }
    JsonNode id = body.path("changeRequestId");
    if (!id.isString() || id.asString().isBlank()) {
      throw new InvalidInputException(
          "changeRequestId is required: the change request the evidence is for");
    }
    byte[] canonical;
    try {
      canonical = CanonicalJson.canonicalize(body);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "the package holds a value canonical JSON (RFC 8785) cannot carry: " + e.getMessage());
    }
    return new EvidencePackage(body.deepCopy(), canonical);
  }

  private static void check(String name, Kind kind, JsonNode value) {
    if (value.isNull()) {
      return;
    }
    switch (kind) {
      case TEXT, RISK, TIME -> {
        if (!value.isString()) {
          throw new InvalidInputException(name + " must be a string");
        }
      }
      case TEXTS -> {
        if (!value.isArray()) {
          throw new InvalidInputException(name + " must be an array of strings");
        }
        for (JsonNode item : value) {
          if (!item.isString()) {
            throw new InvalidInputException(name + " must be an array of strings");
          }
        }
      }
    }
    if (kind == Kind.RISK) {
      risk(value.asString());
    }
    if (kind == Kind.TIME) {
      String text = value.asString();
      boolean valid = RFC_3339.matcher(text).matches();
      if (valid) {
        try {
          OffsetDateTime.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new InvalidInputException(
            name
                + " must be an RFC 3339 date and time such as 2026-04-01T14:30:00Z, not \""
                + printable(text)
                + "\"");
      }
    }
  }

  private static Risk risk(String word) {
    for (Risk r : Risk.values()) {
      if (r.json().equals(word)) {
        return r;
      }
    }
    throw new InvalidInputException(
        "riskLevel must be one of low, medium, high, critical, not \"" + printable(word) + "\"");
  }

  private static String printable(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
  }

  /** The change the package is for. */
  String changeRequestId() {
    return document.path("changeRequestId").asString();
  }

  /** A text member, if present and not null. */
  Optional<String> text(String name) {
    JsonNode v = document.path(name);
    return v.isString() ? Optional.of(v.asString()) : Optional.empty();
  }

  /** The risk level, if stated. */
  Optional<Risk> riskLevel() {
    return text("riskLevel").map(EvidencePackage::risk);
  }

  /** The RFC 8785 bytes: what is stored and hashed. */
  byte[] canonicalBytes() {
    return canonical.clone();
  }

  /** SHA-256 of {@link #canonicalBytes()}: the package's address and the hash the log carries. */
  Digest hash() {
    return hash;
  }
}
