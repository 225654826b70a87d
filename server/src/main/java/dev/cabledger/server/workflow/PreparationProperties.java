package dev.cabledger.server.workflow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code cab.signed-decisions.*} (docs/workflow.md, "Signed decisions").
 *
 * @param preparationValidity how long a prepared decision may be signed
 */
@ConfigurationProperties("cab.signed-decisions")
public record PreparationProperties(@DefaultValue("5m") Duration preparationValidity) {
  public PreparationProperties {
    if (preparationValidity.toMillis() < 1_000
        || preparationValidity.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "cab.signed-decisions.preparation-validity must be from 1s to 1h: a prepared decision is"
              + " signed at once");
    }
  }
}
