package dev.cabledger.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.access.Role;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Driving the approver-key API in tests, as an approver with its own key and an admin would. */
public final class TestApproverKeys {
  /** The platform admin who approves enrolments in tests. */
  public static final String ADMIN = "user:key-admin";

  private TestApproverKeys() {}

  /** The id CAB Ledger derives for a key pair. */
  public static KeyId id(KeyPair key) {
    return KeyId.forMlDsa65(MlDsa65.spki(key.getPublic()));
  }

  /** An all-client token of {@code user} with one role. */
  public static String token(TestService service, String user, Role role) {
    return service.token(user, role);
  }

  /** A challenge given to {@code user} (who asks as a CAB approver). */
  public static String challenge(TestService service, String user) {
    HttpResponse<String> r =
        service.get(
            "/api/keys/enrolments/challenge", Optional.of(token(service, user, Role.CAB_APPROVER)));
    return TestApi.json(r).path("challenge").asString();
  }

  /** The enrolment body for a key: its SPKI and its signature over {@code challenge}. */
  public static String body(KeyPair key, String challenge) {
    return body(key, challenge, sign(key, challenge));
  }

  /** The enrolment body with a signature of one's choosing. */
  public static String body(KeyPair key, String challenge, byte[] signature) {
    return """
        {"publicKey": "%s", "challenge": "%s", "signature": "%s"}
        """
        .formatted(
            Base64.getEncoder().encodeToString(MlDsa65.spki(key.getPublic())),
            challenge,
            Base64.getEncoder().encodeToString(signature));
  }

  /** The proof of possession: the key's signature over the challenge's UTF-8 bytes. */
  public static byte[] sign(KeyPair key, String challenge) {
    return new MlDsaSigner(id(key), key.getPrivate())
        .sign(challenge.getBytes(StandardCharsets.UTF_8));
  }

  /** The body of an enrolment of {@code key} by {@code user}, with a fresh challenge. */
  public static String enrolmentBody(TestService service, String user, KeyPair key) {
    return body(key, challenge(service, user));
  }

  /** Submits an enrolment of {@code key} as {@code user}, who acts as {@code role}. */
  public static HttpResponse<String> submit(
      TestService service, String user, Role role, String body) {
    return service.post("/api/keys/enrolments", body, Optional.of(token(service, user, role)));
  }

  /** Enrols {@code key} as {@code user} (a CAB approver); returns the enrolment. */
  public static JsonNode enrol(TestService service, String user, KeyPair key) {
    HttpResponse<String> r =
        submit(service, user, Role.CAB_APPROVER, enrolmentBody(service, user, key));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestWorkflow.json(r).path("enrolment");
  }

  /** Approves an enrolment as {@code admin}. */
  public static HttpResponse<String> approve(TestService service, String admin, String id) {
    return service.post(
        "/api/keys/enrolments/" + id + "/approve",
        "{}",
        Optional.of(token(service, admin, Role.PLATFORM_ADMIN)));
  }

  /** Rejects an enrolment as {@code admin}, with a reason. */
  public static HttpResponse<String> reject(
      TestService service, String admin, String id, String reason) {
    return service.post(
        "/api/keys/enrolments/" + id + "/reject",
        "{\"reason\": \"" + reason + "\"}",
        Optional.of(token(service, admin, Role.PLATFORM_ADMIN)));
  }

  /** Enrols a new key of {@code owner} and has {@link #ADMIN} approve it; returns the key pair. */
  public static KeyPair registered(TestService service, String owner) {
    KeyPair key = MlDsa65.generate();
    String id = enrol(service, owner, key).path("enrolmentId").asString();
    HttpResponse<String> r = approve(service, ADMIN, id);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return key;
  }
}
