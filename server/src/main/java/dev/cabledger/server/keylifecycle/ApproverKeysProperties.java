package dev.cabledger.server.keylifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code cab.approver-keys.*} (docs/workflow.md, "Approver keys").
 *
 * @param validity how long an approved key is valid, and the longest an admin may grant
 * @param challengeValidity how long a proof-of-possession challenge may be answered
 */
@ConfigurationProperties("cab.approver-keys")
public record ApproverKeysProperties(
    @DefaultValue("365d") Duration validity, @DefaultValue("5m") Duration challengeValidity) {
  public ApproverKeysProperties {
    if (validity.toMillis() < 1_000) {
      throw new IllegalArgumentException("cab.approver-keys.validity must be at least 1s");
    }
    if (challengeValidity.toMillis() < 1_000
        || challengeValidity.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "cab.approver-keys.challenge-validity must be from 1s to 1h: a challenge is answered"
              + " at once");
    }
  }
}
