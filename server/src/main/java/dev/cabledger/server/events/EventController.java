package dev.cabledger.server.events;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.EventLimits;
import dev.cabledger.core.event.EventType;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.NotVisibleException;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.Receipt;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/ledger/events}: appends one audit event about a change, signed by the service,
 * with the authenticated subject as its actor. A body may name the actor only to state it: a
 * different actor is refused, so no one records an event in another's name.
 */
@RestController
class EventController {
  private static final Pattern PLAN_HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SUBJECT = Pattern.compile("\\P{Cntrl}{1,256}");
  private static final int MAX_CLIENT_LENGTH = 128;

  private final EventRecorder recorder;

  EventController(EventRecorder recorder) {
    this.recorder = recorder;
  }

  /**
   * The request body; absent members arrive as null and are reported as missing.
   *
   * @param subject the change request id
   * @param planHash SHA-256 of the plan file, 64 lower-case hex digits
   * @param eventType the audit-schema event type, e.g. {@code CHANGE_SUBMITTED}
   * @param eventData the event's record fields, with the {@code client} it belongs to
   * @param correlationId a UUID tying related events together; generated when absent
   * @param actor the caller's own subject, if the caller states it
   */
  record AppendRequest(
      @Nullable String subject,
      @Nullable String planHash,
      @Nullable String eventType,
      @Nullable JsonNode eventData,
      @Nullable String correlationId,
      @Nullable String actor) {}

  /** Where the entry is, and the proof that a signed checkpoint covers it. */
  record ReceiptView(
      long index, String leafHash, long treeSize, List<String> inclusionProof, String checkpoint) {}

  @PostMapping(
      value = "/api/ledger/events",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ReceiptView> append(
      @RequestBody AppendRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
      @AuthenticationPrincipal Caller caller) {
    Optional<IdempotencyKey> key =
        Optional.ofNullable(idempotencyKey).map(IdempotencyKey::ofHeader);
    Statement statement = statement(request, caller, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    byte[] payload;
    try {
      payload = statement.canonicalBytes();
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(
          "eventData holds a value canonical JSON (RFC 8785) cannot carry: " + e.getMessage());
    }
    if (payload.length > EventLimits.MAX_STATEMENT_BYTES) {
      throw new InvalidEventException(
          "the event is "
              + payload.length
              + " bytes; at most "
              + EventLimits.MAX_STATEMENT_BYTES
              + " fit");
    }
    Optional<IdempotentRequest> idempotent =
        key.map(k -> new IdempotentRequest(caller.subject(), k, bodyHash(request)));
    Recorded recorded = recorder.record(statement, EntryProjection.NONE, idempotent);
    Receipt receipt = recorded.receipt();
    ReceiptView view =
        new ReceiptView(
            receipt.index(),
            receipt.leafHash().base64(),
            receipt.checkpoint().size(),
            receipt.proof().hashes().stream().map(Digest::base64).toList(),
            receipt.checkpoint().note());
    URI location = URI.create("/api/ledger/entries/" + receipt.index());
    // A replay appended nothing: 200 with the original entry's receipt, not 201.
    return recorded.replayed()
        ? ResponseEntity.ok().location(location).body(view)
        : ResponseEntity.created(location).body(view);
  }

  /**
   * SHA-256 of the request's canonical JSON (RFC 8785), so a retry that serializes the same body
   * with other whitespace or member order is the same request.
   */
  private static Digest bodyHash(AppendRequest request) {
    JsonNode body = CanonicalJson.mapper().valueToTree(request);
    try {
      return Digest.sha256(CanonicalJson.canonicalize(body));
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(
          "the body holds a value canonical JSON (RFC 8785) cannot carry: " + e.getMessage());
    }
  }

  /** Checks the request and builds the statement; throws before anything is signed or written. */
  static Statement statement(AppendRequest request, Caller caller, Instant now) {
    String subject = required(request.subject(), "subject");
    if (!SUBJECT.matcher(subject).matches() || subject.isBlank()) {
      throw new InvalidEventException(
          "subject (the change request id) must be 1 to 256 characters without control"
              + " characters");
    }
    String planHash = required(request.planHash(), "planHash");
    if (!PLAN_HASH.matcher(planHash).matches()) {
      throw new InvalidEventException(
          "planHash must be the SHA-256 of the plan file as 64 lower-case hex digits");
    }
    EventType eventType;
    try {
      eventType = EventType.of(required(request.eventType(), "eventType"));
    } catch (VerificationException e) {
      throw new InvalidEventException("eventType: " + e.getMessage());
    }
    if (!(request.eventData() instanceof ObjectNode requestData)) {
      throw new InvalidEventException("eventData must be a JSON object");
    }
    // The plan hash is stated once, as planHash; event_data carries it too (docs/formats.md §2).
    ObjectNode eventData = requestData.deepCopy();
    // Every other type is a record with consequences (a decision, a key, a gate answer...) and is
    // appended only by the feature that owns it, after that feature's own checks.
    if (eventType != EventType.PIPELINE_NOTE) {
      throw new InvalidEventException(
          "eventType "
              + eventType
              + " is recorded by the feature that owns it, never through this endpoint;"
              + " /api/ledger/events takes pipeline annotations (PIPELINE_NOTE) only");
    }
    if (!eventData.has("plan_hash") && eventType != EventType.FREEZE_DECLARED) {
      eventData.put("plan_hash", planHash);
    }
    JsonNode client = eventData.path("client");
    if (!client.isString()
        || client.asString().isBlank()
        || client.asString().length() > MAX_CLIENT_LENGTH) {
      throw new InvalidEventException(
          "eventData.client must name the client (tenant) the event belongs to, as a string of"
              + " at most 128 characters");
    }
    String correlationId = UUID.randomUUID().toString();
    if (request.correlationId() != null) {
      try {
        correlationId = UUID.fromString(request.correlationId()).toString();
      } catch (IllegalArgumentException e) {
        throw new InvalidEventException("correlationId must be a UUID when given");
      }
      if (!correlationId.equalsIgnoreCase(request.correlationId())) {
        throw new InvalidEventException("correlationId must be a UUID in its canonical form");
      }
    }
    if (request.actor() != null && !request.actor().equals(caller.subject())) {
      throw new InvalidEventException(
          "actor must be your authenticated subject \""
              + caller.subject()
              + "\" or be left out: the actor is who signed in, not who the body names");
    }
    if (!caller.sees(client.asString())) {
      throw new NotVisibleException(
          "No client \"" + client.asString() + "\" within your client scope.");
    }
    EventData data;
    try {
      data = EventData.parse(eventType, eventData);
    } catch (VerificationException e) {
      throw new InvalidEventException("eventData: " + e.getMessage());
    }
    if (!data.statedPlanHash().map(h -> h.hex().equals(planHash)).orElse(true)) {
      throw new InvalidEventException("eventData.plan_hash differs from planHash");
    }
    if (!data.statedActor().map(caller.subject()::equals).orElse(true)) {
      throw new InvalidEventException(
          "eventData names \""
              + data.statedActor().orElseThrow()
              + "\" as who acted; only your authenticated subject \""
              + caller.subject()
              + "\" may be");
    }
    try {
      return new Statement(
          subject, Digest.fromHex(planHash), new Event(correlationId, data, caller.actor(), now));
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(e.getMessage());
    }
  }

  private static String required(@Nullable String value, String name) {
    if (value == null) {
      throw new InvalidEventException(name + " is required");
    }
    return value;
  }
}
