package dev.cabledger.core.event;

import dev.cabledger.core.Digest;
import dev.cabledger.core.KeyId;
import dev.cabledger.core.freeze.FreezeWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Events of every catalog type for tests, fixed or generated from a seed. */
public final class SampleEvents {
  private static final ClientId ACME = new ClientId("acme");
  private static final Instant AT = Instant.parse("2026-04-01T14:30:00Z");
  private static final UUID SUPERSEDED = UUID.fromString("5d1c3b0e-8a7f-4f2e-9b61-2f0c7e4d8a35");

  private SampleEvents() {}

  /** One event of each type, with every optional member present, stated actor {@code actor}. */
  public static List<EventData> everyType(Digest plan, String actor) {
    UUID id = UUID.fromString("0b6f6a57-2c4e-4b8e-a0e4-4c3c2f3a9d10");
    SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(new byte[] {1, 2, 3});
    KeyId keyId = new KeyId("mldsa65-0011223344556677");
    Digest other = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
    ObjectNode note = JsonNodeFactory.instance.objectNode().put("build_url", "https://ci/1");
    List<EventData> all =
        List.of(
            new ChangeSubmitted(
                ACME,
                plan,
                Optional.of("tf-aws-rds"),
                Optional.of("production"),
                Optional.of("Resize the database"),
                Optional.of(Risk.HIGH),
                Optional.of(72L),
                List.of("database engine change", "production data"),
                Optional.of("~ aws_db_instance.main: instance_class db.r6g.large -> xlarge"),
                Optional.of("Apply the previous plan; snapshot taken before apply"),
                new ChangeEvidence(
                    Optional.of("https://git.example/acme/infra/pull/42"),
                    List.of("user:bob", "user:carol"),
                    Optional.of("passed: 0 critical, 2 low"),
                    Optional.of("212 passed, 0 failed"),
                    Optional.of("https://ci.example/acme/infra/runs/9001"))),
            new ChangeReplanned(
                ACME, plan, other, Optional.of("tf-aws-rds"), Optional.of("1 to change")),
            new ChangeApplied(ACME, plan, "production", Optional.of("tf-aws-rds")),
            new EvidenceSealed(ACME, plan, id, other),
            new CabApproved(
                id,
                ACME,
                plan,
                Optional.of("tf-aws-rds"),
                actor,
                "CAB_APPROVER",
                ApprovalStatus.CONDITIONAL,
                List.of("Deploy only to Ring 1", "Monitor for 48 hours"),
                Optional.of("Low risk"),
                Optional.of(AT.plusSeconds(86_400)),
                Optional.of(id),
                Optional.of(other),
                Optional.of(35L),
                new ApprovalConstraints(
                    List.of("production", "staging"),
                    Optional.of(AT),
                    Optional.of(AT.plusSeconds(3_600))),
                Optional.of(SUPERSEDED)),
            new CabRejected(
                id,
                ACME,
                plan,
                Optional.empty(),
                actor,
                "CAB_APPROVER",
                "No rollback",
                Optional.of(SUPERSEDED)),
            new ExceptionRequested(
                id,
                ACME,
                plan,
                ExceptionType.UNSIGNED_PACKAGE,
                "Vendor hotfix",
                List.of("Network isolation")),
            new ExceptionApproved(
                id,
                id,
                ACME,
                plan,
                actor,
                "SECURITY_REVIEWER",
                ExceptionType.VULNERABILITY_SCAN,
                List.of("Enhanced monitoring"),
                "Critical patch",
                Optional.of(AT)),
            new ExceptionDenied(id, id, ACME, plan, actor, "SECURITY_REVIEWER", "Not justified"),
            new ApprovalRevoked(id, ACME, plan, actor, "Security incident", AT),
            new ApprovalExpired(id, ACME, plan, AT),
            new GateEvaluated(
                ACME,
                plan,
                "production",
                GateVerdict.BLOCKED,
                List.of("missing-quorum: high risk needs 2 CAB approvers; counted: 1 CAB approval"),
                Optional.of(policy())),
            new PolicyOverridden(ACME, plan, "Outage fix"),
            new FreezeDeclared(
                id,
                List.of(ACME, new ClientId("globex")),
                List.of("production", "staging"),
                new FreezeWindow.OneOff(AT, AT.plusSeconds(60)),
                "Year end"),
            new KeyEnrolmentRequested(id, keyId, "ML-DSA-65", spki, actor),
            new KeyRegistered(
                keyId,
                "ML-DSA-65",
                spki,
                actor,
                KeyPurpose.APPROVER,
                AT,
                Optional.of(AT.plusSeconds(365 * 86_400L))),
            new KeyRetired(keyId, AT, Optional.of("rotated")),
            new KeyCompromised(keyId, AT, "laptop stolen"),
            // After the registration: a rejection before it would leave the key unestablished.
            new KeyEnrolmentRejected(id, keyId, "key id not confirmed with its owner"),
            new ReportGenerated(
                id,
                "application/pdf",
                other,
                Optional.of(ACME),
                List.of(),
                AT,
                AT.plusSeconds(86_400),
                Optional.of(Risk.HIGH),
                Optional.of(actor),
                42,
                other),
            new ChangeSubmitted(
                    ACME,
                    plan,
                    Optional.of("tf-aws-rds"),
                    Optional.of("production"),
                    Optional.of("Rotate the certificate"),
                    Optional.of(Risk.LOW),
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    ChangeEvidence.NONE)
                .asStandard(id),
            new ChangeSubmitted(
                    ACME,
                    plan,
                    Optional.empty(),
                    Optional.of("production"),
                    Optional.empty(),
                    Optional.of(Risk.CRITICAL),
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    ChangeEvidence.NONE)
                .asEmergency("the payment API is down"),
            new ChangeTemplateDefined(
                id,
                ACME,
                "tf-aws-rds",
                "production",
                Risk.MEDIUM,
                "Rotate the certificate",
                Optional.of("The quarterly rotation")),
            new ChangeTemplateApproved(id, ACME, other, actor),
            new ChangeTemplateMatched(ACME, plan, id, other),
            new EmergencyApproved(ACME, plan, actor, "PLATFORM_ADMIN"),
            new PipelineNote(ACME, plan, note));
    return all;
  }

  /** A policy unlike the default in every parameter, as a gate answer records it. */
  public static AppliedPolicy policy() {
    return new AppliedPolicy(
        Map.of(
            Risk.LOW, new AppliedPolicy.Quorum(1, 0),
            Risk.MEDIUM, new AppliedPolicy.Quorum(2, 0),
            Risk.HIGH, new AppliedPolicy.Quorum(3, 1),
            Risk.CRITICAL, new AppliedPolicy.Quorum(16, 16)),
        true,
        false);
  }

  /**
   * A random pipeline note within {@link EventLimits}: random snake_case names, nesting, strings
   * (including non-ASCII and escapes), whole numbers and booleans.
   */
  public static ObjectNode randomNote(Random rnd) {
    return randomObject(rnd, 2);
  }

  private static ObjectNode randomObject(Random rnd, int depth) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    // A container at this depth holds values one level deeper: only scalars at the last level.
    boolean leaves = depth + 2 > EventLimits.MAX_DEPTH;
    int members = 1 + rnd.nextInt(leaves ? 3 : 6);
    for (int i = 0; i < members; i++) {
      String name = "m" + i + (rnd.nextBoolean() ? "_x" + rnd.nextInt(100) : "");
      int kind = rnd.nextInt(leaves ? 3 : 5);
      switch (kind) {
        case 0 -> o.put(name, randomString(rnd));
        case 1 -> o.put(name, rnd.nextLong() % (1L << 53));
        case 2 -> o.put(name, rnd.nextBoolean());
        case 3 -> o.set(name, randomObject(rnd, depth + 1));
        default -> {
          var array = o.putArray(name);
          for (int j = rnd.nextInt(4); j > 0; j--) {
            array.add(randomString(rnd));
          }
        }
      }
    }
    return o;
  }

  private static String randomString(Random rnd) {
    StringBuilder s = new StringBuilder();
    String alphabet = "abc XYZ 019 \"\\/\n\t\u00e9\u2603\ud83d\ude00";
    int length = rnd.nextInt(3) == 0 ? rnd.nextInt(EventLimits.MAX_STRING_LENGTH / 2) : 12;
    while (s.length() < length) {
      int cp = alphabet.codePointAt(rnd.nextInt(alphabet.length() - 1));
      if (Character.isLowSurrogate((char) cp)) {
        continue;
      }
      s.appendCodePoint(cp);
    }
    return s.toString();
  }

  /** Every sample as written, for tests that mutate the JSON. */
  public static List<ObjectNode> everyTypeJson(Digest plan, String actor) {
    List<ObjectNode> out = new ArrayList<>();
    everyType(plan, actor).forEach(e -> out.add(e.toJson()));
    return out;
  }
}
