package dev.cabledger.core.bundle;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an audit bundle offline, with public keys only: the checkpoint's signature by a log key,
 * every entry's inclusion under that checkpoint, every entry's signatures by registered keys valid
 * at the entry's time, and that the entries form the whole range without gaps. It reads the bundle
 * as a stream and keeps going after a failure, so one run lists every finding.
 */
public final class BundleVerifier {
  // Entries are read one tree at a time from the middle of the stream, so the parser must not
  // insist that each tree is the end of the input.
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final int MAX_FINDINGS = 10_000;
  private static final Set<String> HEADER =
      Set.of("format", "origin", "checkpoint", "keys", "from", "to", "entries");

  private final Optional<KeyRing> pinnedKeys;

  /**
   * A verifier.
   *
   * @param pinnedKeys keys the auditor trusts; when empty, the bundle's own registry is used and
   *     the result says so
   */
  public BundleVerifier(Optional<KeyRing> pinnedKeys) {
    this.pinnedKeys = pinnedKeys;
  }

  /** Verifies the bundle, or throws {@link BundleVerificationException} listing every finding. */
  public VerifiedBundle verify(InputStream bundle) {
    return verify(bundle, n -> {});
  }

  /** As {@link #verify(InputStream)}, reporting the number of entries checked as it goes. */
  public VerifiedBundle verify(InputStream bundle, LongConsumer progress) {
    Run run = new Run(progress);
    try (JsonParser p = MAPPER.createParser(bundle)) {
      run.read(p);
    } catch (JacksonException e) {
      run.bundleFinding("the bundle is not well-formed JSON: " + e.getOriginalMessage());
    }
    if (!run.findings.isEmpty()) {
      throw new BundleVerificationException(run.findings);
    }
    return new VerifiedBundle(
        run.checkpoint(), run.from, run.to, run.entries, run.signatures, run.notes);
  }

  /** The state of one verification. */
  private final class Run {
    final List<Finding> findings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final LongConsumer progress;
    @Nullable String format;
    @Nullable String origin;
    @Nullable String note;
    @Nullable KeyRing ring;
    @Nullable Checkpoint checkpoint;
    long from = -1;
    long to = -1;
    long expected;
    long entries;
    long signatures;

    Run(LongConsumer progress) {
      this.progress = progress;
    }

    Checkpoint checkpoint() {
      if (checkpoint == null) {
        throw new IllegalStateException("no checkpoint was verified");
      }
      return checkpoint;
    }

    void bundleFinding(String message) {
      add(Finding.ofBundle(message));
    }

    void entryFinding(long index, String message) {
      add(Finding.ofEntry(index, message));
    }

    private void add(Finding f) {
      if (findings.size() < MAX_FINDINGS) {
        findings.add(f);
      } else if (findings.size() == MAX_FINDINGS) {
        findings.add(Finding.ofBundle("more findings were left out"));
      }
    }

    void read(JsonParser p) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        bundleFinding("an audit bundle is a JSON object");
        return;
      }
      boolean sawEntries = false;
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (sawEntries && HEADER.contains(name)) {
          // A header field after the entries would change what was verified (e.g. widen the range).
          bundleFinding("'" + name + "' appears after 'entries'; the header comes first, once");
          p.skipChildren();
          continue;
        }
        switch (name) {
          case "format" -> format = p.getValueAsString();
          case "origin" -> origin = p.getValueAsString();
          case "checkpoint" -> note = p.getValueAsString();
          case "from" -> from = p.getValueAsLong(-1);
          case "to" -> to = p.getValueAsLong(-1);
          case "keys" -> ring = readKeys(MAPPER.readTree(p));
          case "entries" -> {
            sawEntries = true;
            if (!header()) {
              p.skipChildren();
              return;
            }
            readEntries(p);
          }
          default -> p.skipChildren(); // later versions may add fields before entries
        }
      }
      if (p.nextToken() != null) {
        bundleFinding("there is content after the end of the bundle's JSON object");
      }
      if (!sawEntries) {
        bundleFinding("the bundle has no 'entries' array");
        return;
      }
      if (expected < to) {
        missing(expected, to);
      }
    }

    /** Checks the header; false when entries cannot be checked at all. */
    private boolean header() {
      if (!AuditBundle.FORMAT.equals(format)) {
        bundleFinding("format is '" + format + "', expected " + AuditBundle.FORMAT);
        return false;
      }
      if (origin == null || note == null || ring == null || from < 0 || to < from) {
        bundleFinding(
            "the header (origin, checkpoint, keys, from <= to) must be complete before 'entries'");
        return false;
      }
      checkpoint = verifyCheckpoint(origin, note, ring);
      if (checkpoint == null) {
        return false;
      }
      if (to > checkpoint.size()) {
        bundleFinding(
            "range ends at " + to + " beyond the checkpoint's tree size " + checkpoint.size());
      }
      expected = from;
      return true;
    }

    private @Nullable KeyRing readKeys(JsonNode keys) {
      KeyRing inBundle;
      try {
        inBundle = KeyRing.fromJson(keys);
      } catch (VerificationException e) {
        bundleFinding("key registry: " + e.getMessage());
        return pinnedKeys.orElse(null);
      }
      if (pinnedKeys.isEmpty()) {
        notes.add(
            "keys were taken from the bundle itself; pass the auditor's own key registry"
                + " (--keys) to pin them");
        return inBundle;
      }
      KeyRing pinned = pinnedKeys.get();
      for (RegisteredKey k : inBundle.keys()) {
        Optional<RegisteredKey> trusted = pinned.find(k.keyId());
        if (trusted.isPresent() && !trusted.get().equals(k)) {
          bundleFinding("key " + k.keyId() + " in the bundle differs from the pinned registry");
        } else if (trusted.isEmpty()) {
          notes.add("key " + k.keyId() + " is in the bundle but not pinned; it is not trusted");
        }
      }
      return pinned;
    }

    private @Nullable Checkpoint verifyCheckpoint(String origin, String note, KeyRing ring) {
      List<RegisteredKey> logKeys = ring.withPurpose("log");
      if (logKeys.isEmpty()) {
        bundleFinding("the key registry has no log key to verify the checkpoint with");
        return null;
      }
      List<String> failures = new ArrayList<>();
      for (RegisteredKey k : logKeys) {
        try {
          Checkpoint cp = new CheckpointVerifier(origin, k.toPublicKey()).verify(note).checkpoint();
          if (!cp.origin().equals(origin)) {
            bundleFinding("checkpoint origin '" + cp.origin() + "' is not the bundle's " + origin);
            return null;
          }
          return cp;
        } catch (VerificationException e) {
          failures.add(k.keyId() + ": " + e.getMessage());
        }
      }
      bundleFinding("the checkpoint does not verify with any log key: " + failures);
      return null;
    }

    private void readEntries(JsonParser p) {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        bundleFinding("'entries' is not an array");
        p.skipChildren();
        return;
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
        if (t != JsonToken.START_OBJECT) {
          bundleFinding("an entry after index " + (expected - 1) + " is not a JSON object");
          p.skipChildren();
          continue;
        }
        JsonNode e = MAPPER.readTree(p);
        JsonNode idx = e.get("index");
        if (idx == null || !idx.isIntegralNumber() || !idx.canConvertToLong() || idx.asLong() < 0) {
          bundleFinding("an entry after index " + (expected - 1) + " has no valid index");
          continue;
        }
        long index = idx.asLong();
        if (index < expected) {
          entryFinding(index, "appears out of order or twice (expected index " + expected + ")");
          continue;
        }
        if (index >= to) {
          entryFinding(index, "is outside the bundle's range [" + from + ", " + to + ")");
          continue;
        }
        if (index > expected) {
          missing(expected, index);
        }
        expected = index + 1;
        entries++;
        entry(index, e);
        if (entries % 10_000 == 0) {
          progress.accept(entries);
        }
      }
      progress.accept(entries);
    }

    private void missing(long fromIndex, long toIndex) {
      if (toIndex - fromIndex <= 20) {
        for (long i = fromIndex; i < toIndex; i++) {
          entryFinding(i, "is missing from the bundle");
        }
      } else {
        bundleFinding("entries " + fromIndex + " to " + (toIndex - 1) + " are missing");
      }
    }

    private void entry(long index, JsonNode e) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(e.path("entry").asString(""));
      } catch (IllegalArgumentException bad) {
        entryFinding(index, "entry bytes are not base64");
        return;
      }
      Digest leaf = MerkleHash.leaf(bytes);
      included(index, leaf, e.get("inclusionProof"));
      signed(index, bytes);
    }

    private void included(long index, Digest leaf, @Nullable JsonNode proofJson) {
      Checkpoint cp = checkpoint();
      if (proofJson == null || !proofJson.isArray()) {
        entryFinding(index, "has no inclusion proof");
        return;
      }
      try {
        List<Digest> hashes = new ArrayList<>(proofJson.size());
        for (JsonNode h : proofJson) {
          hashes.add(Digest.fromBase64(h.asString("")));
        }
        new InclusionProof(index, cp.size(), hashes).verify(leaf, cp.root());
      } catch (VerificationException | IllegalArgumentException bad) {
        entryFinding(
            index,
            "is not included in the checkpoint of size "
                + cp.size()
                + " (its bytes or its proof were altered): "
                + bad.getMessage());
      }
    }

    private void signed(long index, byte[] bytes) {
      KeyRing keys = ring;
      if (keys == null) {
        return;
      }
      Envelope envelope;
      Statement statement;
      try {
        envelope = Envelope.parse(bytes);
        statement = Statement.parse(envelope.payload());
      } catch (VerificationException bad) {
        entryFinding(index, "is not a DSSE envelope of an in-toto statement: " + bad.getMessage());
        return;
      }
      if (!Envelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
        entryFinding(
            index,
            "envelope payload type is '"
                + envelope.payloadType()
                + "', expected "
                + Envelope.IN_TOTO_PAYLOAD_TYPE);
        return;
      }
      if (!Arrays.equals(statement.canonicalBytes(), envelope.payload())) {
        entryFinding(index, "statement payload is not in RFC 8785 canonical form");
      }
      Instant at = statement.predicate().createdAt();
      boolean bad = false;
      boolean byService = false;
      for (EnvelopeSignature sig : envelope.signatures()) {
        Optional<MlDsaVerifier> verifier = keys.verifierAt(sig.keyId(), at);
        if (verifier.isEmpty()) {
          entryFinding(index, "signature does not count: " + keys.whyNotValid(sig.keyId(), at));
          bad = true;
        } else if (keys.find(sig.keyId()).map(k -> k.purpose().equals("service")).orElse(false)) {
          byService = true;
        }
      }
      if (bad) {
        return;
      }
      try {
        envelope.verify(id -> keys.verifierAt(id, at));
        signatures += envelope.signatures().size();
      } catch (VerificationException failed) {
        entryFinding(index, "signature is invalid: " + failed.getMessage());
        return;
      }
      if (!byService) {
        entryFinding(index, "carries no signature by the service key");
      }
      keyRegistration(index, statement, keys);
    }

    /** A KEY_REGISTERED entry must say what the registry says of that key. */
    private void keyRegistration(long index, Statement statement, KeyRing keys) {
      if (!(statement.predicate().data() instanceof KeyRegistered registration)) {
        return;
      }
      Optional<RegisteredKey> key = keys.find(registration.keyId());
      if (key.isEmpty()) {
        return; // keys registered in the log but not handed to this verifier: nothing to compare
      }
      if (!Arrays.equals(key.get().publicKey(), registration.publicKey().der())
          || !key.get().purpose().equals(registration.purpose().json())
          || !key.get().owner().equals(registration.owner())
          || !key.get().validFrom().equals(registration.validFrom())) {
        entryFinding(
            index, "registers key " + registration.keyId() + " differently from the key registry");
      }
    }
  }
}
