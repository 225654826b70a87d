package dev.cabledger.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ChangeApplied;
import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.ReportGenerated;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.TestKeys;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportSignatureTest {
  private static final KeyPair SERVICE = MlDsa65.generate();
  private static final KeyPair APPROVER = MlDsa65.generate();
  private static final Instant SIGNED_AT = Instant.parse("2026-04-05T10:00:00Z");
  private static final Instant KEYS_FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final byte[] REPORT =
      "{\"generatedAt\":\"2026-04-05T10:00:00Z\",\"totalChanges\":0}"
          .getBytes(StandardCharsets.UTF_8);

  private static KeyRing ring(KeyStatus status, Optional<Instant> validTo) {
    return KeyRing.of(
        List.of(
            TestKeys.key(SERVICE, "cab-ledger", "service", KEYS_FROM, validTo, status),
            TestKeys.key(APPROVER, "user:alice", "approver", KEYS_FROM)));
  }

  private static Statement statement(Digest hash) {
    ReportGenerated report =
        new ReportGenerated(
            UUID.fromString("7d0c1a52-5b1e-4c52-9a43-0f1e2d3c4b5a"),
            "application/json",
            hash,
            Optional.of(new ClientId("acme")),
            List.of(),
            SIGNED_AT.minusSeconds(90 * 86_400),
            SIGNED_AT,
            Optional.empty(),
            Optional.empty(),
            12,
            hash);
    return new Statement(
        report.reportId().toString(), hash, new Event("c-1", report, Actor.SYSTEM, SIGNED_AT));
  }

  private static byte[] signed(Statement statement, KeyPair... keys) {
    List<MlDsaSigner> signers =
        List.of(keys).stream().map(k -> new MlDsaSigner(TestKeys.id(k), k.getPrivate())).toList();
    return Envelope.sign(Envelope.IN_TOTO_PAYLOAD_TYPE, statement.canonicalBytes(), signers)
        .canonicalBytes();
  }

  private static byte[] signature() {
    return signed(statement(Digest.sha256(REPORT)), SERVICE);
  }

  @Test
  void verify_theSignedBytes_namesTheServiceKey() {
    ReportSignature signature = ReportSignature.parse(signature());

    assertThat(signature.verify(new ByteArrayInputStream(REPORT), ring(KeyStatus.ACTIVE, none())))
        .containsExactly(TestKeys.id(SERVICE));
    assertThat(signature.signedAt()).isEqualTo(SIGNED_AT);
    assertThat(signature.report().client()).contains(new ClientId("acme"));
  }

  @Test
  void verify_oneByteOfTheReportChanged_failsNamingBothHashes() {
    byte[] changed = REPORT.clone();
    changed[changed.length - 2] = '1';
    ReportSignature signature = ReportSignature.parse(signature());

    assertThatThrownBy(
            () ->
                signature.verify(new ByteArrayInputStream(changed), ring(KeyStatus.ACTIVE, none())))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining(Digest.sha256(changed).hex())
        .hasMessageContaining("the file is not the report that was signed");
  }

  @Test
  void verify_keyRetiredBeforeTheSigning_failsNamingTheKey() {
    ReportSignature signature = ReportSignature.parse(signature());
    KeyRing retired = ring(KeyStatus.RETIRED, Optional.of(SIGNED_AT.minusSeconds(1)));

    assertThatThrownBy(() -> signature.verify(new ByteArrayInputStream(REPORT), retired))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("key " + TestKeys.id(SERVICE))
        .hasMessageContaining("was not valid at " + SIGNED_AT);
  }

  @Test
  void verify_keyNotInTheRegistry_fails() {
    ReportSignature signature = ReportSignature.parse(signature());
    KeyRing others =
        KeyRing.of(List.of(TestKeys.key(APPROVER, "cab-ledger", "service", KEYS_FROM)));

    assertThatThrownBy(() -> signature.verify(new ByteArrayInputStream(REPORT), others))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("is not in the registry");
  }

  @Test
  void verify_signedByAnApproverKeyAlone_failsForWantOfTheService() {
    ReportSignature signature =
        ReportSignature.parse(signed(statement(Digest.sha256(REPORT)), APPROVER));

    assertThatThrownBy(
            () ->
                signature.verify(new ByteArrayInputStream(REPORT), ring(KeyStatus.ACTIVE, none())))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("no signature is by a service key");
  }

  @Test
  void verify_signatureBytesAltered_fails() {
    String json = new String(signature(), StandardCharsets.UTF_8);
    int sig = json.indexOf("\"sig\":\"") + 7;
    char c = json.charAt(sig);
    String altered = json.substring(0, sig) + (c == 'A' ? 'B' : 'A') + json.substring(sig + 1);
    ReportSignature signature = ReportSignature.parse(altered.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () ->
                signature.verify(new ByteArrayInputStream(REPORT), ring(KeyStatus.ACTIVE, none())))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("is invalid");
  }

  @Test
  void parse_anotherEventsEnvelope_saysItIsNotAReport() {
    Digest plan = Digest.sha256(REPORT);
    Statement applied =
        new Statement(
            "CR-1",
            plan,
            new Event(
                "c-2",
                new ChangeApplied(new ClientId("acme"), plan, "production"),
                Actor.SYSTEM,
                SIGNED_AT));

    assertThatThrownBy(() -> ReportSignature.parse(signed(applied, SERVICE)))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("CHANGE_APPLIED statement, not of a report");
  }

  @Test
  void parse_notAnEnvelope_saysSo() {
    assertThatThrownBy(() -> ReportSignature.parse(REPORT))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("not a DSSE envelope");
  }

  private static Optional<Instant> none() {
    return Optional.empty();
  }
}
