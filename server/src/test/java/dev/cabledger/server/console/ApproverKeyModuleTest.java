package dev.cabledger.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.EnvelopeSignature;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.registry.KeyStatus;
import dev.cabledger.core.registry.RegisteredKey;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaVerifier;
import dev.cabledger.server.TestApi;
import dev.cabledger.server.TestApproverKeys;
import dev.cabledger.server.TestBrowser;
import dev.cabledger.server.TestService;
import dev.cabledger.server.TestWorkflow;
import dev.cabledger.server.access.Role;
import dev.cabledger.server.storage.Backend;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The browser's approver key (static/console/js/approver-key.js) in a real headless Chromium: what
 * it signs and the key it shows are what core's Java code verifies and derives, the key survives a
 * reload and cannot be exported, and its proof of possession enrols it with the running service.
 */
class ApproverKeyModuleTest {
  /** A name that resolves to the loopback address but is not one, so its page is insecure. */
  private static final String INSECURE_HOST = "approver.test";

  @RegisterExtension
  static final TestBrowser browser =
      TestBrowser.perClass("--host-resolver-rules=MAP " + INSECURE_HOST + " 127.0.0.1");

  private static final ModulePage page = ModulePage.standalone();

  /**
   * A statement as the prepare step sends it (in base64). Not quite JCS: one space that
   * JSON.stringify would drop, so that a page signing a re-serialization of what it read, instead
   * of the bytes it received, fails.
   */
  private static final String STATEMENT =
      "{\"_type\": \"https://in-toto.io/Statement/v1\",\"predicate\":{\"actor\":"
          + "{\"subject\":\"user:alice\"},\"event_type\":\"CAB_APPROVED\"},"
          + "\"predicateType\":\"https://cab-ledger.dev/event/v1\",\"subject\":[{\"digest\":"
          + "{\"sha256\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"},"
          + "\"name\":\"CR-4711\"}]}";

  @AfterAll
  static void closePage() {
    page.close();
  }

  private static String newSubject() {
    return "user:browser-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void signDsse_browserKey_verifiesWithCoreAndShowsTheServersKeyId() {
    browser.driver().get(page.uri("127.0.0.1").toString());
    // Not ASCII and not JSON: the lengths in the PAE are byte counts, and any bytes are signed.
    byte[] payload = new byte[700];
    new SecureRandom().nextBytes(payload);
    byte[] text = "{\"note\":\"Grüße, 変更 ✓\"}".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(text, 0, payload, 0, text.length);

    Map<String, Object> r =
        run(
            """
            const support = await m.detectSupport();
            const key = await m.generateKey(args[0]);
            const payload = m.fromBase64(args[1]);
            const signed = await key.signDsse(args[2], payload);
            return {supported: support.supported, keyId: key.keyId, spki: key.publicKeyBase64,
                    pae: m.toBase64(m.pae(args[2], payload)), keyid: signed.keyid, sig: signed.sig};
            """,
            newSubject(),
            b64(payload),
            Envelope.IN_TOTO_PAYLOAD_TYPE);

    assertThat(r.get("supported")).isEqualTo(true);
    byte[] spki = unb64(r.get("spki"));
    // core's key parsing accepts the browser's SPKI, and derives the id the page shows.
    MlDsaVerifier verifier = new MlDsaVerifier(MlDsa65.publicKeyFromSpki(spki));
    KeyId keyId = KeyId.forMlDsa65(spki);
    assertThat(r.get("keyId")).isEqualTo(keyId.value());
    assertThat(r.get("keyid")).isEqualTo(keyId.value());
    // Compared as base64, so that a difference reads as text rather than as a byte list.
    assertThat(r.get("pae")).isEqualTo(b64(Envelope.pae(Envelope.IN_TOTO_PAYLOAD_TYPE, payload)));
    byte[] sig = unb64(r.get("sig"));
    Envelope envelope =
        Envelope.parse(
            new Envelope(
                    Envelope.IN_TOTO_PAYLOAD_TYPE,
                    payload,
                    List.of(new EnvelopeSignature(keyId, sig)))
                .canonicalBytes());
    envelope.verify(id -> id.equals(keyId) ? Optional.of(verifier) : Optional.empty());
    payload[payload.length - 1] ^= 1;
    Envelope tampered =
        new Envelope(
            Envelope.IN_TOTO_PAYLOAD_TYPE, payload, List.of(new EnvelopeSignature(keyId, sig)));
    assertThatThrownBy(() -> tampered.verify(id -> Optional.of(verifier)))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void signPrepared_preparedStatement_signsExactlyItsBytesAndReadsThem() {
    browser.driver().get(page.uri("127.0.0.1").toString());
    byte[] statement = STATEMENT.getBytes(StandardCharsets.UTF_8);

    Map<String, Object> r =
        run(
            """
            const key = await m.generateKey(args[0]);
            const prepared = {preparedId: "p-1", payloadType: args[1], payload: args[2]};
            const read = m.readPrepared(prepared);
            const body = await key.signPrepared(prepared);
            let refused;
            try {
              m.readPrepared({payloadType: "text/plain", payload: args[2]});
            } catch (e) {
              refused = e.code;
            }
            return {spki: key.publicKeyBase64, keyid: body.keyid, sig: body.sig, refused,
                    change: read.statement.subject[0].name,
                    event: read.statement.predicate.event_type};
            """,
            newSubject(),
            Envelope.IN_TOTO_PAYLOAD_TYPE,
            b64(statement));

    byte[] spki = unb64(r.get("spki"));
    KeyId keyId = KeyId.forMlDsa65(spki);
    assertThat(r.get("keyid")).isEqualTo(keyId.value());
    MlDsaVerifier verifier = new MlDsaVerifier(MlDsa65.publicKeyFromSpki(spki));
    verifier.verify(Envelope.pae(Envelope.IN_TOTO_PAYLOAD_TYPE, statement), unb64(r.get("sig")));
    assertThat(r.get("change")).isEqualTo("CR-4711");
    assertThat(r.get("event")).isEqualTo("CAB_APPROVED");
    assertThat(r.get("refused")).isEqualTo("bad-input");
  }

  @Test
  void loadKey_afterReload_sameKeyNotExtractableAndPerSubject() {
    String alice = newSubject();
    browser.driver().get(page.uri("127.0.0.1").toString());
    Map<String, Object> made =
        run("const key = await m.generateKey(args[0]); return {keyId: key.keyId};", alice);

    browser.driver().navigate().refresh();
    Map<String, Object> r =
        run(
            """
            const key = await m.loadKey(args[0]);
            const nobody = await m.loadKey(args[1]);
            let again;
            try {
              await m.generateKey(args[0]);
            } catch (e) {
              again = e.code;
            }
            const stored = await new Promise((resolve, reject) => {
              const open = indexedDB.open(m.STORE.database);
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const get = open.result.transaction(m.STORE.objectStore)
                    .objectStore(m.STORE.objectStore).get(args[0]);
                get.onsuccess = () => { open.result.close(); resolve(get.result); };
                get.onerror = () => reject(get.error);
              };
            });
            const exported = {};
            for (const format of ["pkcs8", "jwk", "raw-seed"]) {
              try {
                await crypto.subtle.exportKey(format, stored.privateKey);
                exported[format] = "exported";
              } catch (e) {
                exported[format] = e.name;
              }
            }
            const message = new TextEncoder().encode(args[2]);
            const signed = await key.signDsse(m.IN_TOTO_PAYLOAD_TYPE, message);
            return {keyId: key.keyId, spki: key.publicKeyBase64, nobody: nobody === null, again,
                    extractable: stored.privateKey.extractable, exported, sig: signed.sig};
            """,
            alice,
            newSubject(),
            "after the reload");

    assertThat(r.get("keyId")).isEqualTo(made.get("keyId"));
    assertThat(r.get("nobody")).isEqualTo(true);
    assertThat(r.get("again")).isEqualTo("key-exists");
    assertThat(r.get("extractable")).isEqualTo(false);
    assertThat(map(r.get("exported")))
        .containsEntry("pkcs8", "InvalidAccessError")
        .containsEntry("jwk", "InvalidAccessError")
        .containsEntry("raw-seed", "InvalidAccessError");
    byte[] spki = unb64(r.get("spki"));
    assertThat(KeyId.forMlDsa65(spki).value()).isEqualTo(made.get("keyId"));
    new MlDsaVerifier(MlDsa65.publicKeyFromSpki(spki))
        .verify(
            Envelope.pae(
                Envelope.IN_TOTO_PAYLOAD_TYPE, "after the reload".getBytes(StandardCharsets.UTF_8)),
            unb64(r.get("sig")));
  }

  @Test
  void detectSupport_insecureContext_typedUnsupportedAndNoKey() {
    browser.driver().get(page.uri(INSECURE_HOST).toString());

    Map<String, Object> r =
        run(
            """
            const support = await m.detectSupport();
            let refused;
            try {
              await m.generateKey(args[0]);
            } catch (e) {
              refused = {code: e.code, reason: e.reason};
            }
            return {support, refused};
            """,
            newSubject());

    assertThat(map(r.get("support")))
        .containsEntry("supported", false)
        .containsEntry("reason", "insecure-context");
    assertThat(map(r.get("refused")))
        .containsEntry("code", "unsupported")
        .containsEntry("reason", "insecure-context");
  }

  @Test
  void signDecision_preparedByTheService_signStepGetsTheSignatureOfItsBytes() {
    String preparedId = UUID.randomUUID().toString();
    byte[] statement = STATEMENT.getBytes(StandardCharsets.UTF_8);
    // The two steps' endpoints as the decisions feature defines them; the page stands in for
    // them here to record exactly what the browser sends.
    page.answer("/api/changes/CR-4711/decisions/prepare", 201, prepared(preparedId, statement));
    String sign = "/api/changes/CR-4711/decisions/" + preparedId + "/sign";
    page.answer(sign, 201, "{\"decision\":{\"status\":\"approved\"}}");
    browser.driver().get(page.uri("127.0.0.1").toString());

    Map<String, Object> r =
        run(
            """
            const key = await m.generateKey(args[0]);
            const prepared = await m.prepareDecision("CR-4711",
                {decision: "approve", justification: "rollback tested"});
            const answer = await m.signDecision(key, "CR-4711", prepared);
            return {spki: key.publicKeyBase64, change: prepared.read.statement.subject[0].name,
                    status: answer.decision.status};
            """,
            newSubject());

    assertThat(r).containsEntry("change", "CR-4711").containsEntry("status", "approved");
    List<ModulePage.Received> received =
        page.received().stream().filter(q -> q.path().contains(preparedId)).toList();
    assertThat(received).singleElement().satisfies(q -> assertThat(q.method()).isEqualTo("POST"));
    JsonNode body =
        CanonicalJson.parse(received.getFirst().body().getBytes(StandardCharsets.UTF_8));
    byte[] spki = unb64(r.get("spki"));
    assertThat(body.path("keyid").asString()).isEqualTo(KeyId.forMlDsa65(spki).value());
    new MlDsaVerifier(MlDsa65.publicKeyFromSpki(spki))
        .verify(
            Envelope.pae(Envelope.IN_TOTO_PAYLOAD_TYPE, statement),
            Base64.getDecoder().decode(body.path("sig").asString()));
    assertThat(page.received())
        .anySatisfy(
            q -> {
              assertThat(q.path()).isEqualTo("/api/changes/CR-4711/decisions/prepare");
              assertThat(q.body()).contains("\"justification\":\"rollback tested\"");
            });
  }

  @Test
  void signDecision_signStepRefuses_rejectsRefusedWithTheProblem() {
    String preparedId = UUID.randomUUID().toString();
    page.answer(
        "/api/changes/CR-9/decisions/prepare",
        201,
        prepared(preparedId, STATEMENT.getBytes(StandardCharsets.UTF_8)));
    page.answer(
        "/api/changes/CR-9/decisions/" + preparedId + "/sign",
        400,
        "{\"type\":\"https://cab-ledger.dev/problems/approver-signature-invalid\","
            + "\"status\":400,\"detail\":\"the signature does not verify\"}");
    browser.driver().get(page.uri("127.0.0.1").toString());

    Map<String, Object> r =
        run(
            """
            const key = await m.generateKey(args[0]);
            const prepared = await m.prepareDecision("CR-9", {decision: "approve"});
            try {
              await m.signDecision(key, "CR-9", prepared);
              return {recorded: true};
            } catch (e) {
              return {code: e.code, status: e.status, detail: e.message};
            }
            """,
            newSubject());

    assertThat(r)
        .containsEntry("code", "refused")
        .containsEntry("status", 400L)
        .containsEntry("detail", "the signature does not verify");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_proofMadeInTheBrowser_approvedKeyIsListedForItsOwner(Backend backend) {
    TestService service = TestService.shared(backend);
    String alice = newSubject();
    Map<String, Object> r;
    try (ModulePage before = ModulePage.before(service.uri("/"))) {
      browser.driver().get(before.uri("127.0.0.1").toString());
      r =
          run(
              """
              const key = await m.generateKey(args[0]);
              const answer = await m.enrol(key, {headers: {Authorization: "Bearer " + args[1]}});
              return {keyId: key.keyId, spki: key.publicKeyBase64, enrolment: answer.enrolment};
              """,
              alice,
              service.token(alice, Role.CAB_APPROVER));
    }
    Map<String, Object> enrolment = map(r.get("enrolment"));
    assertThat(enrolment.get("owner")).isEqualTo(alice);
    assertThat(enrolment.get("status")).isEqualTo("requested");
    assertThat(enrolment.get("keyId")).isEqualTo(r.get("keyId"));
    assertThat(enrolment.get("publicKey")).isEqualTo(r.get("spki"));

    HttpResponse<String> approved =
        TestApproverKeys.approve(
            service, TestApproverKeys.ADMIN, (String) enrolment.get("enrolmentId"));

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
    assertThat(TestWorkflow.json(approved).path("enrolment").path("status").asString())
        .isEqualTo("registered");
    RegisteredKey key =
        TestApi.keys(service).find(new KeyId((String) r.get("keyId"))).orElseThrow();
    assertThat(key.owner()).isEqualTo(alice);
    assertThat(key.purpose()).isEqualTo("approver");
    assertThat(key.status()).isEqualTo(KeyStatus.ACTIVE);
    assertThat(key.publicKey()).isEqualTo(unb64(r.get("spki")));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void enrol_callerMayNotEnrol_rejectsWithTheServicesProblem(Backend backend) {
    TestService service = TestService.shared(backend);
    String pipeline = newSubject();
    Map<String, Object> r;
    try (ModulePage before = ModulePage.before(service.uri("/"))) {
      browser.driver().get(before.uri("127.0.0.1").toString());
      r =
          run(
              """
              const key = await m.generateKey(args[0]);
              try {
                await m.enrol(key, {headers: {Authorization: "Bearer " + args[1]}});
                return {enrolled: true};
              } catch (e) {
                return {code: e.code, status: e.status, type: e.problem.type ?? null};
              }
              """,
              pipeline,
              service.token(pipeline, Role.REQUESTER));
    }

    assertThat(r).containsEntry("code", "refused").containsEntry("status", 403L);
    assertThat(TestApi.keys(service).keys()).noneMatch(k -> k.owner().equals(pipeline));
  }

  /**
   * Runs {@code body} as an async function of {@code m} (the module, imported by the page) and
   * {@code args}; returns its result, or fails the test with the error the page threw.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> run(String body, Object... args) {
    String script =
        """
        const done = arguments[arguments.length - 1];
        const args = Array.prototype.slice.call(arguments, 0, -1);
        import("/console/js/approver-key.js")
          .then((m) => (async (m, args) => {
        %s
          })(m, args))
          .then((value) => done({value}),
                (e) => done({error: String(e?.name) + " (" + String(e?.code) + "): "
                                    + String(e?.message)}));
        """
            .formatted(body);
    Map<String, Object> answer =
        (Map<String, Object>) browser.driver().executeAsyncScript(script, args);
    assertThat(answer).as("the page's answer").doesNotContainKey("error");
    return (Map<String, Object>) answer.get("value");
  }

  private static String prepared(String preparedId, byte[] statement) {
    return """
        {"preparedId":"%s","payloadType":"%s","payload":"%s",
         "summary":{"change":"CR-4711","decision":"approve"},"expiresAt":"2099-01-01T00:00:00Z"}
        """
        .formatted(preparedId, Envelope.IN_TOTO_PAYLOAD_TYPE, b64(statement));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] unb64(Object base64) {
    return Base64.getDecoder().decode((String) base64);
  }
}
