package dev.cabledger.server.keylifecycle;

import static dev.cabledger.server.keylifecycle.EnrolmentControllerTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.bundle.BundleVerificationException;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.dsse.Actor;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.dsse.Event;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestDatabase;
import dev.cabledger.server.TestEvents;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.audit.LedgerAudit;
import dev.cabledger.server.audit.TrustRoot;
import dev.cabledger.server.ledger.EntryProjection;
import dev.cabledger.server.ledger.Receipt;
import dev.cabledger.server.ledger.Sequencer;
import dev.cabledger.server.signing.ServiceKeys;
import dev.cabledger.server.storage.Backend;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Retiring a key and marking it compromised, on both databases: what the registry then says, and
 * which signatures a key ring built from it (as the gate's and the verifier's) still accepts.
 */
class KeyEndControllerTest {

  private static String newUser() {
    return "user:holder-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static HttpResponse<String> retire(
      TestService service, String keyId, String user, Role role) {
    return service.post(
        "/api/keys/" + keyId + "/retire",
        "{\"reason\": \"laptop replaced\"}",
        Optional.of(service.token(user, role)));
  }

  private static HttpResponse<String> compromised(TestService service, String keyId, String body) {
    return service.post(
        "/api/keys/" + keyId + "/compromised",
        body,
        Optional.of(service.token(TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN)));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void retire_byItsOwner_theRingStopsAcceptingItsSignaturesAfterThen(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    KeyId id = TestApproverKeys.id(TestApproverKeys.registered(service, alice));
    RegisteredKey before = TestApi.keys(service).find(id).orElseThrow();
    Instant later = before.validFrom().plusSeconds(3600);
    assertThat(TestApi.keys(service).verifierAt(id, later)).isPresent();

    HttpResponse<String> retired = retire(service, id.value(), alice, Role.CAB_APPROVER);

    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(201);
    JsonNode answer = TestWorkflow.json(retired);
    assertThat(answer.path("endedBy").asString()).isEqualTo(alice);
    assertThat(answer.path("key").path("status").asString()).isEqualTo("retired");
    RegisteredKey after = TestApi.keys(service).find(id).orElseThrow();
    assertThat(after.status()).isEqualTo(KeyStatus.RETIRED);
    Instant end = after.validTo().orElseThrow();
    assertThat(end).isAfterOrEqualTo(before.validFrom()).isBefore(before.validTo().orElseThrow());
    KeyRing ring = TestApi.keys(service);
    assertThat(ring.verifierAt(id, end)).isPresent();
    assertThat(ring.verifierAt(id, end.plusMillis(1))).isEmpty();
    assertThat(ring.verifierAt(id, later)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void retire_byAPlatformAdmin_201(Backend backend) {
    TestService service = TestService.shared(backend);
    KeyId id = TestApproverKeys.id(TestApproverKeys.registered(service, newUser()));

    HttpResponse<String> retired =
        retire(service, id.value(), "user:another-admin", Role.PLATFORM_ADMIN);

    assertThat(retired.statusCode()).as(retired.body()).isEqualTo(201);
    assertThat(TestWorkflow.json(retired).path("endedBy").asString())
        .isEqualTo("user:another-admin");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void retire_bySomeoneElse_403AndTwice_409(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    KeyId id = TestApproverKeys.id(TestApproverKeys.registered(service, alice));

    assertRefused(
        service,
        () -> retire(service, id.value(), newUser(), Role.CAB_APPROVER),
        403,
        "not-key-owner",
        "it is retired by its owner or a PLATFORM_ADMIN");
    assertThat(retire(service, id.value(), alice, Role.SECURITY_REVIEWER).statusCode())
        .isEqualTo(201);
    assertRefused(
        service,
        () -> retire(service, id.value(), alice, Role.CAB_APPROVER),
        409,
        "conflict",
        "is retired already");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void retire_theServicesCurrentKeys_403ForAnApprover409ForAnAdmin(Backend backend) {
    TestService service = TestService.shared(backend);
    String serviceKey =
        ServiceKeys.keyId(service.app().getBean(ServiceKeys.class).servicePublicKey()).value();
    String logKey =
        ServiceKeys.keyId(service.app().getBean(ServiceKeys.class).logKey().getPublic()).value();

    assertRefused(
        service,
        () -> retire(service, serviceKey, newUser(), Role.CAB_APPROVER),
        403,
        "not-key-owner",
        "is cab-ledger's");
    assertRefused(
        service,
        () -> retire(service, serviceKey, TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN),
        409,
        "conflict",
        "replace the service's keys with `cab-ledger keys rotate` first");
    assertRefused(
        service,
        () -> compromised(service, logKey, "{\"reason\": \"test\"}"),
        409,
        "conflict",
        "current log key");
  }

  @Test
  void retire_anOldServiceKeyAfterRotation_byAPlatformAdminOnly() {
    try (TestDatabase db = TestDatabase.create(Backend.SQLITE)) {
      KeyId old;
      try (TestService first = TestService.start(db)) {
        old = ServiceKeys.keyId(first.app().getBean(ServiceKeys.class).servicePublicKey());
      }
      try (TestService service = TestService.start(db, "cab.rotate-keys=true")) {
        TestApi.assertProblem(
            retire(service, old.value(), newUser(), Role.SECURITY_REVIEWER), 403, "not-key-owner");
        assertThat(TestApi.keys(service).find(old).orElseThrow().status())
            .isEqualTo(KeyStatus.ACTIVE);

        HttpResponse<String> retired =
            retire(service, old.value(), TestApproverKeys.ADMIN, Role.PLATFORM_ADMIN);

        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(201);
        RegisteredKey after = TestApi.keys(service).find(old).orElseThrow();
        assertThat(after.status()).isEqualTo(KeyStatus.RETIRED);
        assertThat(after.purpose()).isEqualTo("service");
        // The entries the old key signed before its retirement still count.
        assertThat(service.app().getBean(LedgerAudit.class).run().passed()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void retire_unknownKey_404(Backend backend) {
    TestService service = TestService.shared(backend);

    assertRefused(
        service,
        () -> retire(service, "mldsa65-0011223344556677", newUser(), Role.PLATFORM_ADMIN),
        404,
        "not-found",
        "no registered key");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void compromised_since_theRingAcceptsOnlySignaturesMadeBefore(Backend backend) {
    TestService service = TestService.shared(backend);
    KeyId id = TestApproverKeys.id(TestApproverKeys.registered(service, newUser()));
    RegisteredKey registered = TestApi.keys(service).find(id).orElseThrow();
    Instant since = registered.validFrom().plusMillis(1);

    HttpResponse<String> marked =
        compromised(
            service, id.value(), "{\"since\": \"" + since + "\", \"reason\": \"key leaked\"}");

    assertThat(marked.statusCode()).as(marked.body()).isEqualTo(201);
    RegisteredKey after = TestApi.keys(service).find(id).orElseThrow();
    assertThat(after.status()).isEqualTo(KeyStatus.COMPROMISED);
    assertThat(after.compromisedSince()).hasValue(since);
    assertThat(after.validTo()).isEqualTo(registered.validTo());
    KeyRing ring = TestApi.keys(service);
    assertThat(ring.verifierAt(id, registered.validFrom())).isPresent();
    assertThat(ring.verifierAt(id, since)).isEmpty();
    assertThat(ring.whyNotValid(id, since))
        .isEqualTo("key " + id + " is compromised since " + since);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void compromised_afterRetirement_isRecordedButRetiringACompromisedKey_409(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    KeyId retiredFirst = TestApproverKeys.id(TestApproverKeys.registered(service, alice));
    KeyId compromisedFirst = TestApproverKeys.id(TestApproverKeys.registered(service, alice));
    assertThat(retire(service, retiredFirst.value(), alice, Role.CAB_APPROVER).statusCode())
        .isEqualTo(201);

    assertThat(compromised(service, retiredFirst.value(), "{\"reason\": \"leaked\"}").statusCode())
        .isEqualTo(201);
    assertThat(
            compromised(service, compromisedFirst.value(), "{\"reason\": \"leaked\"}").statusCode())
        .isEqualTo(201);
    assertRefused(
        service,
        () -> retire(service, compromisedFirst.value(), alice, Role.CAB_APPROVER),
        409,
        "conflict",
        "is compromised: its signatures stop counting already");
    assertRefused(
        service,
        () -> compromised(service, compromisedFirst.value(), "{\"reason\": \"again\"}"),
        409,
        "conflict",
        "is compromised already");
    RegisteredKey both = TestApi.keys(service).find(retiredFirst).orElseThrow();
    assertThat(both.status()).isEqualTo(KeyStatus.COMPROMISED);
    assertThat(both.validTo()).isPresent();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void compromised_badRequests_400(Backend backend) {
    TestService service = TestService.shared(backend);
    KeyId id = TestApproverKeys.id(TestApproverKeys.registered(service, newUser()));

    assertRefused(
        service,
        () -> compromised(service, id.value(), "{}"),
        400,
        "invalid-request",
        "reason is required");
    assertRefused(
        service,
        () ->
            compromised(
                service,
                id.value(),
                "{\"since\": \""
                    + Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.MILLIS)
                    + "\", \"reason\": \"x\"}"),
        400,
        "invalid-request",
        "since is in the future");
    assertRefused(
        service,
        () -> compromised(service, id.value(), "{\"since\": \"yesterday\", \"reason\": \"x\"}"),
        400,
        "invalid-request",
        "since must be an RFC 3339 time");
  }

  /**
   * The offline verifier's side: an entry that carries its approver's own signature beside the
   * service's (appended through the log engine, as the two-step signing will) verifies while the
   * key is good, and is reported once the key is marked compromised as of a time before the entry's
   * {@code created_at}; an approver signature by a key its actor does not own, or by a key never
   * registered, is reported too.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void compromised_sinceBeforeAnApproverSignedEntry_theBundleVerifierReportsIt(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newUser();
    KeyPair key = TestApproverKeys.registered(service, alice);
    KeyId id = TestApproverKeys.id(key);
    long from = TestWorkflow.treeSize(service);
    Receipt signed = appendCoSigned(service, alice, key);
    assertThat(verify(service, from).signatures()).isGreaterThanOrEqualTo(2);

    HttpResponse<String> marked =
        compromised(
            service,
            id.value(),
            "{\"since\": \"" + createdAt(service, signed.index()) + "\", \"reason\": \"leaked\"}");
    assertThat(marked.statusCode()).as(marked.body()).isEqualTo(201);

    assertThat(findings(service, from))
        .anySatisfy(
            f ->
                assertThat(f.toString())
                    .contains("key " + id + " is marked compromised by entry")
                    .contains("entries " + signed.index() + " to " + signed.index()));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void approverSignature_byAKeyTheActorDoesNotOwnOrNobodyRegistered_theBundleVerifierReportsIt(
      Backend backend) {
    TestService service = TestService.shared(backend);
    KeyPair alices = TestApproverKeys.registered(service, newUser());
    long from = TestWorkflow.treeSize(service);
    Receipt bobUsesAlicesKey = appendCoSigned(service, newUser(), alices);
    KeyPair unregistered = MlDsa65.generate();
    Receipt unknownKey = appendCoSigned(service, newUser(), unregistered);

    List<Finding> findings = findings(service, from);

    assertThat(findings)
        .anySatisfy(
            f ->
                assertThat(f.toString())
                    .startsWith("entry " + bobUsesAlicesKey.index())
                    .contains("not by the statement's actor"))
        .anySatisfy(
            f ->
                assertThat(f.toString())
                    .startsWith("entry " + unknownKey.index())
                    .contains(
                        TestApproverKeys.id(unregistered)
                            + ", which no KEY_REGISTERED entry before it establishes"));
  }

  /** Appends a pipeline note by {@code actor}, signed by the service and by {@code key}. */
  private static Receipt appendCoSigned(TestService service, String actor, KeyPair key) {
    Statement note = TestEvents.note("acme");
    Statement byActor =
        new Statement(
            note.subjectName(),
            note.subjectDigest(),
            new Event(
                note.predicate().correlationId(),
                note.predicate().data(),
                Actor.of(actor, List.of("CAB_APPROVER"), "https://idp.example"),
                note.predicate().createdAt()));
    Envelope byService = service.app().getBean(ServiceKeys.class).sign(byActor);
    List<EnvelopeSignature> signatures = new ArrayList<>(byService.signatures());
    signatures.add(
        new EnvelopeSignature(
            TestApproverKeys.id(key),
            new MlDsaSigner(TestApproverKeys.id(key), key.getPrivate())
                .sign(Envelope.pae(byService.payloadType(), byService.payload()))));
    return service
        .app()
        .getBean(Sequencer.class)
        .append(
            new Envelope(byService.payloadType(), byService.payload(), signatures),
            EntryProjection.NONE);
  }

  private static Instant createdAt(TestService service, long index) {
    return EnrolmentControllerTest.statementAt(service, index).predicate().createdAt();
  }

  private static byte[] bundle(TestService service, long from) {
    HttpResponse<byte[]> response =
        service.sendForBytes(
            service
                .request(
                    "/api/audit/bundle?from=" + from,
                    Optional.of(service.token("user:audit", Role.AUDITOR)))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static BundleVerifier verifier(TestService service) {
    return new BundleVerifier(
        Optional.of(service.app().getBean(TrustRoot.class).trust()), Optional.empty());
  }

  private static VerifiedBundle verify(TestService service, long from) {
    return verifier(service).verify(new ByteArrayInputStream(bundle(service, from)));
  }

  private static List<Finding> findings(TestService service, long from) {
    byte[] bundle = bundle(service, from);
    BundleVerificationException failed =
        catchThrowableOfType(
            BundleVerificationException.class,
            () -> verifier(service).verify(new ByteArrayInputStream(bundle)));
    assertThat(failed).as("the bundle verifies, but findings were expected").isNotNull();
    return failed.findings();
  }
}
