package dev.cabledger.server.workflow;

import dev.cabledger.core.event.ClientId;
import dev.cabledger.core.event.Risk;
import dev.cabledger.core.policy.Policy;
import dev.cabledger.core.policy.Quorum;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code cab.workflow.*} (docs/workflow.md, "Configuration").
 *
 * @param quorum quorum by risk level ({@code low}, {@code medium}, {@code high}, {@code critical})
 *     as {@code N} CAB approvers or {@code N+M} with M security reviewers; levels not given keep
 *     DESIGN.md's defaults
 * @param excludePrApprovers whether a pull request's approvers may not approve its change
 * @param requireSecurityScan whether a failed or missing scan needs an approved exception
 * @param clients per-client quorum overrides, by client id
 * @param approvalValidity how long an approval counts when the decision names no expiry
 * @param maxApprovalValidity the longest expiry a decision may name
 * @param expiryInterval how often expired approvals are recorded as APPROVAL_EXPIRED
 * @param oneInFlightPerTarget whether intake refuses a change while another change for the same
 *     target (client, module, environment) is neither applied nor denied
 * @param requireApproverSignature the risk levels whose approvals count only when signed by the
 *     approver's own key (prepare and sign); {@code none} for no level
 * @param emergencyReviewDays the days within which an approved emergency change owes a
 *     retrospective CAB decision, counted from its emergency approval, or from its apply once
 *     applied (0: due at once); the change list and the compliance report both read it
 */
@ConfigurationProperties("cab.workflow")
public record WorkflowProperties(
    Map<String, String> quorum,
    @DefaultValue("false") boolean excludePrApprovers,
    @DefaultValue("true") boolean requireSecurityScan,
    Map<String, ClientRules> clients,
    @DefaultValue("30d") Duration approvalValidity,
    @DefaultValue("90d") Duration maxApprovalValidity,
    @DefaultValue("30s") Duration expiryInterval,
    @DefaultValue("false") boolean oneInFlightPerTarget,
    @DefaultValue({"high", "critical"}) List<String> requireApproverSignature,
    @DefaultValue("5") int emergencyReviewDays) {

  private static final Pattern QUORUM = Pattern.compile("(\\d{1,2})(?:\\+(\\d{1,2}))?");

  /**
   * One client's overrides.
   *
   * @param quorum as {@link WorkflowProperties#quorum}, for the levels it names
   * @param requireApproverSignature as {@link WorkflowProperties#requireApproverSignature}, in
   *     place of it when given (empty: the service's setting holds)
   */
  public record ClientRules(Map<String, String> quorum, List<String> requireApproverSignature) {
    public ClientRules {
      quorum = quorum == null ? Map.of() : Map.copyOf(quorum);
      requireApproverSignature =
          requireApproverSignature == null ? List.of() : List.copyOf(requireApproverSignature);
    }
  }

  public WorkflowProperties {
    quorum = quorum == null ? Map.of() : Map.copyOf(quorum);
    clients = clients == null ? Map.of() : Map.copyOf(clients);
    requireApproverSignature =
        requireApproverSignature == null ? List.of() : List.copyOf(requireApproverSignature);
    if (approvalValidity.isNegative()
        || approvalValidity.isZero()
        || approvalValidity.compareTo(maxApprovalValidity) > 0) {
      throw new IllegalArgumentException(
          "cab.workflow.approval-validity must be positive and at most"
              + " cab.workflow.max-approval-validity");
    }
    if (expiryInterval.toMillis() < 100) {
      throw new IllegalArgumentException("cab.workflow.expiry-interval must be at least 100ms");
    }
    if (emergencyReviewDays < 0 || emergencyReviewDays > 365) {
      throw new IllegalArgumentException(
          "cab.workflow.emergency-review-days must be from 0 to 365, not " + emergencyReviewDays);
    }
    // Fail at start, naming the setting, rather than at the first decision.
    policies(quorum, excludePrApprovers, requireSecurityScan, clients, requireApproverSignature);
  }

  /** The retrospective review period of an approved emergency change. */
  public Duration emergencyReviewPeriod() {
    return Duration.ofDays(emergencyReviewDays);
  }

  /** The default policy and each client's. */
  public Map<Optional<ClientId>, Policy> policies() {
    return policies(
        quorum, excludePrApprovers, requireSecurityScan, clients, requireApproverSignature);
  }

  private static Map<Optional<ClientId>, Policy> policies(
      Map<String, String> quorum,
      boolean excludePrApprovers,
      boolean requireSecurityScan,
      Map<String, ClientRules> clients,
      List<String> requireApproverSignature) {
    Policy base =
        apply(
            new Policy(
                Policy.DEFAULT.quorum(),
                excludePrApprovers,
                requireSecurityScan,
                signedLevels(requireApproverSignature, "cab.workflow.require-approver-signature")),
            quorum,
            "cab.workflow.quorum");
    Map<Optional<ClientId>, Policy> out = new HashMap<>();
    out.put(Optional.empty(), base);
    clients.forEach(
        (client, rules) -> {
          String setting = "cab.workflow.clients." + client;
          Policy own = apply(base, rules.quorum(), setting + ".quorum");
          if (!rules.requireApproverSignature().isEmpty()) {
            own =
                own.withApproverSignatures(
                    signedLevels(
                        rules.requireApproverSignature(), setting + ".require-approver-signature"));
          }
          out.put(Optional.of(new ClientId(client)), own);
        });
    return Map.copyOf(out);
  }

  /** The risk levels a {@code require-approver-signature} setting names. */
  private static Set<Risk> signedLevels(List<String> words, String setting) {
    EnumSet<Risk> levels = EnumSet.noneOf(Risk.class);
    for (String word : words) {
      String w = word.strip().toLowerCase(Locale.ROOT);
      if (w.isEmpty() || w.equals("none")) {
        continue;
      }
      try {
        levels.add(Risk.valueOf(w.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(
            setting + ": " + word + " is not a risk level (low, medium, high, critical, or none)");
      }
    }
    return levels;
  }

  private static Policy apply(Policy policy, Map<String, String> quorum, String setting) {
    for (Map.Entry<String, String> e : quorum.entrySet()) {
      Risk risk;
      try {
        risk = Risk.valueOf(e.getKey().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(
            setting + "." + e.getKey() + ": not a risk level (low, medium, high, critical)");
      }
      Matcher m = QUORUM.matcher(e.getValue().strip());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            setting
                + "."
                + e.getKey()
                + ": write N (CAB approvers) or N+M (and security reviewers), not "
                + e.getValue());
      }
      try {
        policy =
            policy.withQuorum(
                risk,
                new Quorum(
                    Integer.parseInt(m.group(1)),
                    m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(setting + "." + e.getKey() + ": " + x.getMessage());
      }
    }
    return policy;
  }
}
