package dev.cabledger.core.bundle;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.checkpoint.Checkpoint;
import dev.cabledger.core.checkpoint.CheckpointVerifier;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeTemplateApproved;
import dev.cabledger.core.event.ChangeTemplateDefined;
import dev.cabledger.core.event.EventData;
import dev.cabledger.core.event.FreezeDeclared;
import dev.cabledger.core.event.KeyCompromised;
import dev.cabledger.core.event.KeyEnrolmentRejected;
import dev.cabledger.core.event.KeyEnrolmentRequested;
import dev.cabledger.core.event.KeyPurpose;
import dev.cabledger.core.event.KeyRegistered;
import dev.cabledger.core.event.KeyRetired;
import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.core.merkle.InclusionProof;
import dev.cabledger.core.merkle.MerkleHash;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.LogTrust;
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
 * Verifies an audit bundle offline, with public keys only (docs/formats.md §7 and §8): the
 * checkpoint's signature by the log key (pinned by a trust file, or else taken from the bundle and
 * said so), every entry's inclusion under that checkpoint, every entry's form and signatures, and
 * that the entries form the whole range without gaps. Keys other than the log key are trusted only
 * as the log's own KEY_* entries establish them; a registry handed in (the bundle's, or the
 * auditor's copy) is compared with that, never trusted. It reads the bundle as a stream and keeps
 * going after a failure, so one run lists every finding, each naming its entry and the rule. It
 * also re-derives every gate answer from the entries before it ({@link GateReplay}): a verdict that
 * does not re-derive is a finding.
 */
public final class BundleVerifier {
  // Entries are read one tree at a time from the middle of the stream, so the parser must not
  // insist that each tree is the end of the input.
  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final int MAX_FINDINGS = 10_000;
  private static final String SERVICE_OWNER = "cab-ledger";
  private static final String ADMIN_ROLE = "PLATFORM_ADMIN";
  private static final Set<String> HEADER =
      Set.of("format", "origin", "checkpoint", "keys", "from", "to", "keyEntries", "entries");

  private final Optional<LogTrust> trust;
  private final Optional<KeyRing> registry;
  private final long historyBudget;

  /**
   * A verifier.
   *
   * @param trust the auditor's trust root; when empty, the log key is taken from {@code registry}
   *     or else from the bundle, and the result says nothing is pinned
   * @param registry a key registry the auditor kept, compared with what the log establishes
   */
  public BundleVerifier(Optional<LogTrust> trust, Optional<KeyRing> registry) {
    this(trust, registry, GateReplay.DEFAULT_BUDGET);
  }

  /** As above, keeping at most {@code historyBudget} bytes of changes' entries to replay gates. */
  BundleVerifier(Optional<LogTrust> trust, Optional<KeyRing> registry, long historyBudget) {
    this.trust = trust;
    this.registry = registry;
    this.historyBudget = historyBudget;
  }

  /** A verifier without a trust file; {@code registry} is cross-checked as above. */
  public BundleVerifier(Optional<KeyRing> registry) {
    this(Optional.empty(), registry);
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
    GateVerdicts gates = run.gates == null ? GateVerdicts.NONE : run.gates.result();
    if (!run.findings.isEmpty()) {
      throw new BundleVerificationException(run.findings, gates);
    }
    return new VerifiedBundle(
        run.checkpoint(), run.from, run.to, run.entries, run.signatures, run.notes, gates);
  }

  /** The state of one verification. */
  private final class Run {
    final List<Finding> findings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final LongConsumer progress;
    final LogRegistry log = new LogRegistry();
    @Nullable String format;
    @Nullable String origin;
    @Nullable String note;
    @Nullable KeyRing bundleKeys;
    @Nullable JsonNode keyEntries;
    final List<JsonNode> laterKeyEntries = new ArrayList<>();
    @Nullable Checkpoint checkpoint;
    @Nullable GateReplay gates;
    boolean headerChecked;
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
          case "keys" -> bundleKeys = readKeys(MAPPER.readTree(p));
          case "keyEntries" -> keyEntries = MAPPER.readTree(p);
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
      readLaterKeyEntries();
      finish();
    }

    /** Checks the header; false when entries cannot be checked at all. */
    private boolean header() {
      if (!AuditBundle.FORMAT.equals(format)) {
        bundleFinding("format is '" + format + "', expected " + AuditBundle.FORMAT);
        return false;
      }
      if (origin == null || note == null || bundleKeys == null || from < 0 || to < from) {
        bundleFinding(
            "the header (origin, checkpoint, keys, from <= to) must be complete before 'entries'");
        return false;
      }
      headerChecked = true;
      checkpoint = verifyCheckpoint(origin, note);
      if (checkpoint != null && to > checkpoint.size()) {
        bundleFinding(
            "range ends at " + to + " beyond the checkpoint's tree size " + checkpoint.size());
      }
      // Without a checkpoint the entries are still read: a forged entry is named by the rules it
      // breaks, not only by the checkpoint that does not cover it.
      readKeyEntries();
      expected = from;
      gates = new GateReplay(from, historyBudget);
      return true;
    }

    private @Nullable KeyRing readKeys(JsonNode keys) {
      try {
        return KeyRing.fromJson(keys);
      } catch (VerificationException e) {
        bundleFinding("key registry: " + e.getMessage());
        return KeyRing.of(List.of());
      }
    }

    /** The checkpoint, verified with the pinned log key, or else with a log key as named. */
    private @Nullable Checkpoint verifyCheckpoint(String origin, String note) {
      if (trust.isPresent()) {
        LogTrust t = trust.get();
        if (!t.origin().equals(origin)) {
          bundleFinding(
              "the bundle's origin '"
                  + origin
                  + "' is not the pinned log's origin '"
                  + t.origin()
                  + "' (docs/formats.md §8)");
          return null;
        }
        try {
          return new CheckpointVerifier(origin, t.toPublicKey()).verify(note).checkpoint();
        } catch (VerificationException e) {
          bundleFinding(
              "the checkpoint is not signed by the pinned log key "
                  + t.keyId()
                  + " (docs/formats.md §5, §8): "
                  + e.getMessage());
          return null;
        }
      }
      KeyRing named = registry.orElse(bundleKeys);
      notes.add(
          "the log key was taken from "
              + (registry.isPresent() ? "the --keys registry" : "the bundle itself")
              + ", not from a trust file: nothing is pinned. Pass the log's trust file (--trust)"
              + " obtained out of band to pin it");
      List<RegisteredKey> logKeys = named == null ? List.of() : named.withPurpose("log");
      if (logKeys.isEmpty()) {
        bundleFinding("the key registry has no log key to verify the checkpoint with");
        return null;
      }
      List<String> failures = new ArrayList<>();
      for (RegisteredKey k : logKeys) {
        try {
          return new CheckpointVerifier(origin, k.toPublicKey()).verify(note).checkpoint();
        } catch (VerificationException e) {
          failures.add(k.keyId() + ": " + e.getMessage());
        }
      }
      bundleFinding("the checkpoint does not verify with any log key: " + failures);
      return null;
    }

    /**
     * KEY_* entries outside the range (docs/formats.md §7), so that every key can be established:
     * those before it are read now, those after it (up to the checkpoint) once the range is read,
     * so that a key ended later is judged as the whole log says, also for the range's entries.
     */
    private void readKeyEntries() {
      JsonNode list = keyEntries;
      if (list == null) {
        return;
      }
      if (!list.isArray()) {
        bundleFinding("'keyEntries' is not an array");
        return;
      }
      long last = -1;
      for (JsonNode e : list) {
        JsonNode idx = e.get("index");
        if (idx == null || !idx.isIntegralNumber() || !idx.canConvertToLong()) {
          bundleFinding("a key entry has no valid index");
          continue;
        }
        long index = idx.asLong();
        if (index <= last || (index >= from && index < to)) {
          entryFinding(
              index,
              "key entries come before or after the range ["
                  + from
                  + ", "
                  + to
                  + ") in order, each once");
          continue;
        }
        last = index;
        if (index < from) {
          entry(index, e, true);
        } else {
          laterKeyEntries.add(e);
        }
      }
    }

    /** The key entries after the range, read after it. */
    private void readLaterKeyEntries() {
      for (JsonNode e : laterKeyEntries) {
        entry(e.get("index").asLong(), e, true);
      }
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
        entry(index, e, false);
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

    private void entry(long index, JsonNode e, boolean keyEntry) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(e.path("entry").asString(""));
      } catch (IllegalArgumentException bad) {
        entryFinding(index, "entry bytes are not base64");
        return;
      }
      // Without a checkpoint no entry's inclusion can be judged (itself a finding): the gate
      // replay then takes every entry as included rather than blame each on its own.
      boolean included =
          checkpoint == null || included(index, MerkleHash.leaf(bytes), e.get("inclusionProof"));
      new EntryCheck(index, bytes, keyEntry, included).run();
    }

    /** Whether the entry is proven included under the checkpoint; a finding if not. */
    private boolean included(long index, Digest leaf, @Nullable JsonNode proofJson) {
      Checkpoint cp = checkpoint();
      if (proofJson == null || !proofJson.isArray()) {
        entryFinding(index, "has no inclusion proof");
        return false;
      }
      try {
        List<Digest> hashes = new ArrayList<>(proofJson.size());
        for (JsonNode h : proofJson) {
          hashes.add(Digest.fromBase64(h.asString("")));
        }
        new InclusionProof(index, cp.size(), hashes).verify(leaf, cp.root());
        return true;
      } catch (VerificationException | IllegalArgumentException bad) {
        entryFinding(
            index,
            "is not included in the checkpoint of size "
                + cp.size()
                + " (its bytes or its proof were altered): "
                + bad.getMessage());
        return false;
      }
    }

    /** The rules of one entry (docs/formats.md §2 to §4 and §6), each failure a finding. */
    private final class EntryCheck {
      final long index;
      final byte[] bytes;
      final boolean keyEntry;
      final boolean included;
      boolean selfSigned;
      // A verified signature by an approver key of the statement's actor, valid at created_at: what
      // the policy's requireApproverSignature asks of an approval.
      boolean approverSigned;

      EntryCheck(long index, byte[] bytes, boolean keyEntry, boolean included) {
        this.index = index;
        this.bytes = bytes;
        this.keyEntry = keyEntry;
        this.included = included;
      }

      void finding(String message) {
        entryFinding(index, message);
      }

      void run() {
        Envelope envelope;
        try {
          envelope = Envelope.parse(bytes);
        } catch (VerificationException bad) {
          finding(
              "is not a DSSE envelope of an in-toto statement (docs/formats.md §3): "
                  + bad.getMessage());
          return;
        }
        if (!Arrays.equals(envelope.canonicalBytes(), bytes)) {
          finding(
              "entry bytes are not the RFC 8785 canonical JSON of their envelope"
                  + " (docs/formats.md §4)");
        }
        if (!Envelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
          finding(
              "envelope payload type is '"
                  + envelope.payloadType()
                  + "', expected "
                  + Envelope.IN_TOTO_PAYLOAD_TYPE
                  + " (docs/formats.md §3)");
          return;
        }
        Statement statement;
        try {
          statement = envelope.statement();
        } catch (VerificationException bad) {
          finding("statement breaks docs/formats.md §2: " + bad.getMessage());
          return;
        }
        if (!Arrays.equals(statement.canonicalBytes(), envelope.payload())) {
          finding("statement payload is not in RFC 8785 canonical form (docs/formats.md §2)");
        }
        if (keyEntry && !statement.predicate().eventType().isKeyEvent()) {
          finding("is listed among the key entries but is " + statement.predicate().eventType());
          return;
        }
        boolean signed = signedByTheRightKeys(envelope, statement);
        if (signed) {
          content(statement);
        }
        if (!keyEntry && gates != null) {
          gates
              .entry(index, statement, envelope.payload(), signed, approverSigned, included)
              .ifPresent(
                  check ->
                      finding(
                          "the gate's verdict for change "
                              + check.changeId()
                              + " does not re-derive: "
                              + check.detail()));
        }
      }

      /** §3: every signature counts, one is the service's, others are the actor's own keys. */
      private boolean signedByTheRightKeys(Envelope envelope, Statement statement) {
        Instant at = statement.predicate().createdAt();
        String actor = statement.predicate().actor().subject();
        boolean good = true;
        boolean byService = false;
        List<LogRegistry.Established> signers = new ArrayList<>();
        for (EnvelopeSignature sig : envelope.signatures()) {
          Optional<LogRegistry.Established> known = log.find(sig.keyId());
          RegisteredKey key;
          if (known.isPresent()) {
            key = known.get().key;
          } else if (selfRegistration(statement, sig.keyId()).isPresent()) {
            key = selfRegistration(statement, sig.keyId()).get();
            selfSigned = true;
          } else {
            finding(
                "is signed by key "
                    + sig.keyId()
                    + ", which no KEY_REGISTERED entry before it establishes (docs/formats.md §6)");
            good = false;
            continue;
          }
          if (LogRegistry.isPurpose(key, KeyPurpose.LOG)) {
            finding(
                "is signed by log key "
                    + key.keyId()
                    + "; a log key signs checkpoints, never statements (docs/formats.md §3)");
            good = false;
            continue;
          }
          Optional<String> invalid = key.whyNotValidAt(at);
          if (invalid.isPresent()) {
            finding(
                "signature by "
                    + key.purpose()
                    + " key "
                    + key.keyId()
                    + " (owner '"
                    + key.owner()
                    + "') does not count at the statement's created_at "
                    + at
                    + ": "
                    + invalid.get()
                    + " (docs/formats.md §3, §6)");
            good = false;
            continue;
          }
          if (LogRegistry.isPurpose(key, KeyPurpose.SERVICE)) {
            byService = true;
          } else if (!key.owner().equals(actor)) {
            // Neither log nor service: an approver key, which vouches only for its owner's acts.
            finding(
                "is signed by "
                    + key.purpose()
                    + " key "
                    + key.keyId()
                    + " owned by '"
                    + key.owner()
                    + "', not by the statement's actor '"
                    + actor
                    + "' (docs/formats.md §3)");
            good = false;
            continue;
          }
          try {
            new MlDsaVerifier(key.toPublicKey())
                .verify(Envelope.pae(envelope.payloadType(), envelope.payload()), sig.sig());
          } catch (VerificationException bad) {
            finding("signature is invalid (key " + key.keyId() + "): " + bad.getMessage());
            good = false;
            continue;
          }
          known.ifPresent(signers::add);
          approverSigned |= LogRegistry.isPurpose(key, KeyPurpose.APPROVER);
        }
        if (good && !byService) {
          finding("carries no signature by a service key (docs/formats.md §3)");
          good = false;
        }
        approverSigned &= good;
        if (good) {
          signatures += keyEntry ? 0 : envelope.signatures().size();
          signers.forEach(s -> s.signedEntry(index, at));
        }
        return good;
      }

      /**
       * A service key's own registration, signed by that key (the service registers its first key
       * this way at start-up). Its authority is the log's: the entry is under a checkpoint the log
       * key signed.
       */
      private Optional<RegisteredKey> selfRegistration(Statement statement, KeyId signer) {
        if (statement.predicate().data() instanceof KeyRegistered r
            && r.keyId().equals(signer)
            && r.purpose() == KeyPurpose.SERVICE
            && log.find(signer).isEmpty()) {
          return Optional.of(r.toRegisteredKey());
        }
        return Optional.empty();
      }

      /** §2 and §6: what the statement says must agree with itself and with the log. */
      private void content(Statement statement) {
        EventData data = statement.predicate().data();
        String actor = statement.predicate().actor().subject();
        data.statedPlanHash()
            .filter(h -> !h.equals(statement.subjectDigest()))
            .ifPresent(
                h ->
                    finding(
                        "event_data.plan_hash "
                            + h.hex()
                            + " is not the subject digest "
                            + statement.subjectDigest().hex()
                            + " (docs/formats.md §2)"));
        data.statedActor()
            .filter(named -> !named.equals(actor))
            .ifPresent(
                named ->
                    finding(
                        "event_data names '"
                            + named
                            + "' as who acted, but the authenticated actor is '"
                            + actor
                            + "' (docs/formats.md §2)"));
        if (data instanceof EventData.OfKey keyEvent) {
          keyEvent(statement, keyEvent);
        }
        if (data instanceof FreezeDeclared freeze
            && (!statement.subjectName().equals(freeze.subjectName())
                || !statement.subjectDigest().equals(freeze.subjectDigest()))) {
          finding(
              "freeze's subject is not its freeze_id with the SHA-256 of its event_data"
                  + " (docs/formats.md §2.1)");
        }
        if (data instanceof ChangeTemplateDefined template
            && (!statement.subjectName().equals(template.subjectName())
                || !statement.subjectDigest().equals(template.subjectDigest()))) {
          finding(
              "template's subject is not its template_id with the SHA-256 of its event_data"
                  + " (docs/formats.md §2.2)");
        }
        if (data instanceof ChangeTemplateApproved approval
            && (!statement.subjectName().equals(approval.templateId().toString())
                || !statement.subjectDigest().equals(approval.definition()))) {
          finding(
              "template approval's subject is not its template_id with the definition it approves"
                  + " (docs/formats.md §2.2)");
        }
        if (data instanceof ReportGenerated report
            && (!statement.subjectName().equals(report.reportId().toString())
                || !statement.subjectDigest().equals(report.reportHash()))) {
          finding(
              "report event's subject is not the report (name = report_id, digest ="
                  + " report_hash) (docs/formats.md §2)");
        }
      }

      private void keyEvent(Statement statement, EventData.OfKey event) {
        if (!statement.subjectName().equals(event.keyId().value())) {
          finding(
              "key event's subject name '"
                  + statement.subjectName()
                  + "' is not the key id "
                  + event.keyId()
                  + " (docs/formats.md §2)");
        }
        Optional<LogRegistry.Established> known = log.find(event.keyId());
        Optional<Digest> spkiHash =
            switch (event) {
              case KeyRegistered r -> Optional.of(r.publicKey().sha256());
              case KeyEnrolmentRequested r -> Optional.of(r.publicKey().sha256());
              default -> known.map(k -> Digest.sha256(k.key.publicKey()));
            };
        if (spkiHash.isPresent() && !spkiHash.get().equals(statement.subjectDigest())) {
          finding(
              "key event's subject digest is not SHA-256 of the key's SubjectPublicKeyInfo"
                  + " (docs/formats.md §2)");
          return;
        }
        switch (event) {
          case KeyRegistered r -> register(r, statement);
          case KeyEnrolmentRequested r -> {
            // A request in someone else's name (a finding above) asks for nothing.
            if (r.owner().equals(statement.predicate().actor().subject())) {
              log.requestEnrolment(r);
            }
          }
          // Only takes away (a later registration of the key establishes nothing): honoured
          // whoever logged it, as retirements are.
          case KeyEnrolmentRejected r -> log.rejectEnrolment(r);
          case KeyRetired r -> {
            if (known.isEmpty()) {
              finding("retires key " + r.keyId() + ", which the log never registered");
            } else {
              log.retire(known.get(), r.validTo(), index);
            }
          }
          case KeyCompromised r -> {
            if (known.isEmpty()) {
              finding("marks key " + r.keyId() + " compromised, which the log never registered");
            } else {
              log.compromise(known.get(), r.since(), index);
            }
          }
          default -> {}
        }
      }

      private void register(KeyRegistered r, Statement statement) {
        if (r.purpose() == KeyPurpose.APPROVER && !approverRegistration(r, statement)) {
          return;
        }
        if (r.purpose() != KeyPurpose.APPROVER && !SERVICE_OWNER.equals(r.owner())) {
          finding(
              "registers "
                  + r.purpose().json()
                  + " key "
                  + r.keyId()
                  + " owned by '"
                  + r.owner()
                  + "'; log and service keys are owned by the service, "
                  + SERVICE_OWNER
                  + " (docs/formats.md §6)");
          return;
        }
        if (!log.register(r, index)) {
          finding("registers key " + r.keyId() + " a second time (docs/formats.md §6)");
        } else if (selfSigned) {
          log.find(r.keyId())
              .ifPresent(e -> e.signedEntry(index, statement.predicate().createdAt()));
        }
      }

      /**
       * §6: an approver key is registered by a platform admin who is not its owner, after its owner
       * asked to enrol it (having proven to the service that it holds the private key). A
       * registration that breaks this establishes nothing, so the key's signatures never count.
       */
      private boolean approverRegistration(KeyRegistered r, Statement statement) {
        Actor actor = statement.predicate().actor();
        List<String> broken = new ArrayList<>();
        if (!actor.hasRole(ADMIN_ROLE)) {
          broken.add("its actor '" + actor.subject() + "' did not act as " + ADMIN_ROLE);
        }
        if (actor.subject().equals(r.owner())) {
          broken.add("its owner registered it (separation of duties)");
        }
        if (!log.enrolmentRequested(r.keyId(), r.owner())) {
          broken.add("no earlier KEY_ENROLMENT_REQUESTED of the key by its owner");
        }
        if (log.enrolmentRejected(r.keyId())) {
          broken.add("an earlier KEY_ENROLMENT_REJECTED turned its enrolment down");
        }
        if (broken.isEmpty()) {
          return true;
        }
        finding(
            "registers approver key "
                + r.keyId()
                + " of '"
                + r.owner()
                + "', which establishes nothing: "
                + String.join("; ", broken)
                + " (docs/formats.md §6)");
        return false;
      }
    }

    /** After the last entry: keys ended retroactively, and the supplied registries. */
    private void finish() {
      if (!headerChecked) {
        return;
      }
      for (LogRegistry.Established e : log.all()) {
        // Signatures after a key's end entry were judged as they came; those logged before it are
        // judged here, by what the log finally says of the key (as the service's registry does).
        e.revokedSignatures()
            .ifPresent(
                revoked ->
                    bundleFinding(
                        "key "
                            + e.key.keyId()
                            + (e.key.status() == KeyStatus.COMPROMISED
                                ? " is marked compromised"
                                : " is retired")
                            + " by entry "
                            + e.endedAt
                            + ", so its signatures on "
                            + (revoked.count() == 1 ? "1 entry" : revoked.count() + " entries")
                            + " logged up to then do not count (entries "
                            + revoked.first()
                            + " to "
                            + revoked.last()
                            + "; entry "
                            + revoked.first()
                            + ": "
                            + revoked.firstWhy()
                            + ") (docs/formats.md §6)"));
      }
      if (trust.isPresent() && log.find(trust.get().keyId()).isEmpty() && checkpoint != null) {
        bundleFinding(
            "the pinned log key "
                + trust.get().keyId()
                + " has no KEY_REGISTERED entry in the bundle (docs/formats.md §6, §7)");
      }
      if (bundleKeys != null) {
        compare(bundleKeys, "the bundle's key registry");
      }
      registry.ifPresent(r -> compare(r, "the --keys registry"));
    }

    /** Every key of a supplied registry must be one the log establishes, as the log says. */
    private void compare(KeyRing supplied, String what) {
      for (RegisteredKey k : supplied.keys()) {
        Optional<LogRegistry.Established> known = log.find(k.keyId());
        if (known.isEmpty()) {
          bundleFinding(
              "key "
                  + k.keyId()
                  + " in "
                  + what
                  + " has no KEY_REGISTERED entry in the log; it is not trusted"
                  + " (docs/formats.md §6)");
          continue;
        }
        RegisteredKey logs = known.get().key;
        List<String> differences = new ArrayList<>();
        if (!Arrays.equals(logs.publicKey(), k.publicKey())) {
          differences.add("public key");
        }
        if (!logs.algorithm().equals(k.algorithm())) {
          differences.add("algorithm");
        }
        if (!logs.owner().equals(k.owner())) {
          differences.add("owner");
        }
        if (!logs.purpose().equals(k.purpose())) {
          differences.add("purpose");
        }
        if (!logs.validFrom().equals(k.validFrom())) {
          differences.add("validFrom");
        }
        if (!logs.validTo().equals(k.validTo())) {
          differences.add(
              "validTo (the log says "
                  + logs.validTo().map(Instant::toString).orElse("none")
                  + ")");
        }
        if (logs.status() != k.status()) {
          differences.add("status (the log says " + logs.status().json() + ")");
        }
        if (!logs.compromisedSince().equals(k.compromisedSince())) {
          differences.add(
              "compromisedSince (the log says "
                  + logs.compromisedSince().map(Instant::toString).orElse("none")
                  + ")");
        }
        if (!differences.isEmpty()) {
          bundleFinding(
              "key "
                  + k.keyId()
                  + " in "
                  + what
                  + " differs from its KEY_* entries (registered by entry "
                  + known.get().registeredAt
                  + ") in "
                  + String.join(", ", differences)
                  + " (docs/formats.md §6)");
        }
      }
    }
  }
}
