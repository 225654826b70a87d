package dev.cabledger.core.report;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A report's detached signature (docs/reports.md): the DSSE envelope of the {@code
 * REPORT_GENERATED} statement the service signed and logged, whose subject is the report (name =
 * report id, digest = SHA-256 of the report's bytes). The report's bytes are not in the envelope:
 * the JDK's ML-DSA holds the whole message in memory while it signs, so a report of hundreds of
 * megabytes is signed through its hash, as in-toto signs any artifact.
 *
 * @param envelope the envelope, as parsed
 * @param statement the statement it signs
 * @param report what the statement records about the report
 */
public record ReportSignature(Envelope envelope, Statement statement, ReportGenerated report) {
  private static final String SERVICE_OWNER = "cab-ledger";

  public ReportSignature {
    if (!statement.predicate().data().equals(report)) {
      throw new IllegalArgumentException("the report must be what the statement records");
    }
  }

  /**
   * Reads a signature file: a DSSE envelope of an in-toto statement recording {@code
   * REPORT_GENERATED} whose subject is the report.
   *
   * @throws VerificationException ({@link Failure#FORMAT}) naming what the file is not
   */
  public static ReportSignature parse(byte[] signatureJson) {
    Envelope envelope;
    try {
      envelope = Envelope.parse(signatureJson);
    } catch (VerificationException e) {
      throw new VerificationException(
          Failure.FORMAT, "the signature file is not a DSSE envelope: " + e.getMessage(), e);
    }
    if (!Envelope.IN_TOTO_PAYLOAD_TYPE.equals(envelope.payloadType())) {
      throw new VerificationException(
          Failure.FORMAT,
          "the signature's payload type is '"
              + envelope.payloadType()
              + "', expected "
              + Envelope.IN_TOTO_PAYLOAD_TYPE);
    }
    Statement statement;
    try {
      statement = envelope.statement();
    } catch (VerificationException e) {
      throw new VerificationException(
          Failure.FORMAT, "the signed statement is malformed: " + e.getMessage(), e);
    }
    if (!(statement.predicate().data() instanceof ReportGenerated report)) {
      throw new VerificationException(
          Failure.FORMAT,
          "the signature is of a "
              + statement.predicate().eventType()
              + " statement, not of a report (REPORT_GENERATED)");
    }
    if (!statement.subjectName().equals(report.reportId().toString())
        || !statement.subjectDigest().equals(report.reportHash())) {
      throw new VerificationException(
          Failure.FORMAT,
          "the signed statement's subject is not the report it records (name = report_id,"
              + " digest = report_hash)");
    }
    return new ReportSignature(envelope, statement, report);
  }

  /** When the statement was signed: the moment each key must have been valid. */
  public Instant signedAt() {
    return statement.predicate().createdAt();
  }

  /**
   * Checks that {@code reportBytes} are the report the statement names, and that every signature
   * verifies with a key of {@code keys} valid when the statement was made, one of them the
   * service's.
   *
   * @return the ids of the keys whose signatures verified
   * @throws VerificationException naming what failed: the bytes ({@link Failure#SIGNATURE}, they
   *     are not the report that was signed) or a signature and its key
   */
  public List<KeyId> verify(InputStream reportBytes, KeyRing keys) {
    Digest actual = sha256(reportBytes);
    if (!actual.equals(report.reportHash())) {
      throw new VerificationException(
          Failure.SIGNATURE,
          "the file's SHA-256 is "
              + actual.hex()
              + ", but the signature is for report "
              + report.reportId()
              + " whose SHA-256 is "
              + report.reportHash().hex()
              + ": the file is not the report that was signed");
    }
    Instant at = signedAt();
    byte[] pae = Envelope.pae(envelope.payloadType(), envelope.payload());
    boolean byService = false;
    List<KeyId> verified = new ArrayList<>();
    for (EnvelopeSignature signature : envelope.signatures()) {
      KeyId id = signature.keyId();
      Optional<MlDsaVerifier> verifier = keys.verifierAt(id, at);
      if (verifier.isEmpty()) {
        throw new VerificationException(
            Failure.SIGNATURE,
            "the signature by key " + id + " does not count: " + keys.whyNotValid(id, at));
      }
      RegisteredKey key = keys.find(id).orElseThrow();
      try {
        verifier.get().verify(pae, signature.sig());
      } catch (VerificationException e) {
        throw new VerificationException(
            Failure.SIGNATURE, "the signature by key " + id + " is invalid: " + e.getMessage(), e);
      }
      byService |= key.purpose().equals("service") && key.owner().equals(SERVICE_OWNER);
      verified.add(id);
    }
    if (!byService) {
      throw new VerificationException(
          Failure.SIGNATURE, "no signature is by a service key of the registry");
    }
    return List.copyOf(verified);
  }

  private static Digest sha256(InputStream in) {
    MessageDigest md = Digest.newSha256();
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the report could not be read: " + e.getMessage(), e);
    }
    return Digest.of(md.digest());
  }
}
