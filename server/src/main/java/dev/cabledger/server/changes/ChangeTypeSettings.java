package dev.cabledger.server.changes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The change types' setting under {@code cab.workflow.*} (docs/workflow.md, "Configuration").
 *
 * @param emergencyReviewDays the days within which an approved emergency change owes a
 *     retrospective CAB decision, counted from its emergency approval, or from its apply once
 *     applied
 */
@ConfigurationProperties("cab.workflow")
record ChangeTypeSettings(@DefaultValue("5") int emergencyReviewDays) {
  ChangeTypeSettings {
    // 0: the review is due as soon as the emergency is approved (or applied).
    if (emergencyReviewDays < 0 || emergencyReviewDays > 365) {
      throw new IllegalArgumentException(
          "cab.workflow.emergency-review-days must be from 0 to 365, not " + emergencyReviewDays);
    }
  }

  /** The review period. */
  Duration reviewPeriod() {
    return Duration.ofDays(emergencyReviewDays);
  }
}
