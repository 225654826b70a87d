package dev.cabledger.server.identity;

import dev.cabledger.server.access.Caller;
import dev.cabledger.server.access.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The authorization table: every endpoint of the service, which roles may call it, and how tenant
 * scope applies. It alone configures the security filter chain; a request that no rule lists is
 * denied, and a test fails when an endpoint exists that the table does not list.
 */
final class AccessTable {

  /** How a caller's client scope limits an endpoint. */
  enum Tenancy {
    /** The endpoint holds no client's records. */
    NONE,
    /** The caller sees the entry only if its {@code event_data.client} is in scope (else 404). */
    ENTRY_CLIENT,
    /** The caller writes only for a {@code client} (every one of {@code clients}) in scope. */
    BODY_CLIENT,
    /** The endpoint lists records: only those of clients in scope. */
    FILTERED,
    /** The endpoint holds every client's records: only all-client callers (else 404). */
    ALL_CLIENTS
  }

  /**
   * One row of the table.
   *
   * @param method the HTTP method, or empty for every method
   * @param pattern a Spring path pattern
   * @param roles the roles allowed; empty with {@code isPublic} for an endpoint anyone may call
   * @param isPublic whether no authentication is needed
   * @param tenancy how client scope applies
   */
  record Rule(
      Optional<HttpMethod> method,
      String pattern,
      Set<Role> roles,
      boolean isPublic,
      Tenancy tenancy) {
    Rule {
      roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
      if (isPublic != roles.isEmpty()) {
        throw new IllegalArgumentException(pattern + ": a rule is public or names roles");
      }
      if (isPublic && tenancy != Tenancy.NONE) {
        throw new IllegalArgumentException(pattern + ": a public rule has no tenancy");
      }
    }

    /** Whether a caller with these roles may call the endpoint at all. */
    boolean allows(Set<Role> callerRoles) {
      return isPublic || callerRoles.stream().anyMatch(roles::contains);
    }
  }

  /** A denial because of client scope; answered 404, like a resource that does not exist. */
  static final class OutOfScope extends AuthorizationDecision {
    OutOfScope() {
      super(false);
    }
  }

  private static final Set<Role> ANY_ROLE = EnumSet.allOf(Role.class);
  private static final Set<Role> OBSERVERS = EnumSet.of(Role.AUDITOR, Role.PLATFORM_ADMIN);
  private static final Set<Role> AUDIT = EnumSet.of(Role.AUDITOR, Role.COMPLIANCE_OFFICER);

  /** Who asks the gate: pipelines before applying, and those who watch or decide changes. */
  private static final Set<Role> GATE =
      EnumSet.of(Role.REQUESTER, Role.PLATFORM_ADMIN, Role.AUDITOR, Role.CAB_APPROVER);

  /** Who verifies a change's record (the article's auditor, and those answerable for it). */
  private static final Set<Role> VERIFIERS =
      EnumSet.of(Role.AUDITOR, Role.COMPLIANCE_OFFICER, Role.CAB_APPROVER, Role.PLATFORM_ADMIN);

  /** Who makes and fetches compliance reports: the article's auditor, and those answerable. */
  private static final Set<Role> REPORTERS =
      EnumSet.of(Role.AUDITOR, Role.COMPLIANCE_OFFICER, Role.CAB_APPROVER);

  /** Pipeline annotations are the pipelines' own; every other event has a feature of its own. */
  private static final Set<Role> PIPELINES = EnumSet.of(Role.REQUESTER);

  /**
   * A change's pipeline records its new plans; a platform admin may too. The endpoint also refuses
   * a requester other than the change's own (it knows who submitted it).
   */
  private static final Set<Role> REPLANNERS = EnumSet.of(Role.REQUESTER, Role.PLATFORM_ADMIN);

  /** Security exceptions are decided by security reviewers only (Approval Audit Schema). */
  private static final Set<Role> SECURITY_REVIEWERS = EnumSet.of(Role.SECURITY_REVIEWER);

  /** The article seals evidence from the pipeline and from the approver's console. */
  private static final Set<Role> SEALERS = EnumSet.of(Role.REQUESTER, Role.CAB_APPROVER);

  /** Who decides changes: CAB members, and security reviewers (counted apart by the quorum). */
  private static final Set<Role> DECIDERS = EnumSet.of(Role.CAB_APPROVER, Role.SECURITY_REVIEWER);

  /** The source article's approval endpoint is the CAB's. */
  private static final Set<Role> CAB = EnumSet.of(Role.CAB_APPROVER);

  /** Revocation and freezes are the platform admins' (DESIGN.md, "Identity and access"). */
  private static final Set<Role> ADMINS = EnumSet.of(Role.PLATFORM_ADMIN);

  /**
   * An emergency change is approved by one platform admin or CAB approver (docs/workflow.md,
   * "Change types").
   */
  private static final Set<Role> EMERGENCY_APPROVERS =
      EnumSet.of(Role.PLATFORM_ADMIN, Role.CAB_APPROVER);

  /** Overrides are listed for those who audit them, and for the admins who make them. */
  private static final Set<Role> OVERRIDE_READERS =
      EnumSet.of(Role.AUDITOR, Role.COMPLIANCE_OFFICER, Role.PLATFORM_ADMIN);

  /**
   * Who holds an approver key of their own: the people who decide (their signature is what the key
   * is for) and platform admins. Retiring one is its owner's or an admin's (checked by the
   * endpoint, which knows the owner).
   */
  private static final Set<Role> KEY_HOLDERS =
      EnumSet.of(Role.CAB_APPROVER, Role.SECURITY_REVIEWER, Role.PLATFORM_ADMIN);

  /** Approvals are read by those who audit, decide or revoke them; pipelines ask the gate. */
  private static final Set<Role> APPROVAL_READERS =
      EnumSet.of(
          Role.AUDITOR,
          Role.COMPLIANCE_OFFICER,
          Role.CAB_APPROVER,
          Role.SECURITY_REVIEWER,
          Role.PLATFORM_ADMIN);

  static final List<Rule> RULES =
      List.of(
          // Public so that anyone, an auditor outside the company included, can verify the log.
          open(HttpMethod.GET, "/api/keys"),
          // The root leads to the console, which asks for its own sign-in.
          open(HttpMethod.GET, "/"),
          open(HttpMethod.GET, "/api/ledger/checkpoint"),
          open(HttpMethod.GET, "/api/ledger/proofs/**"),
          open(HttpMethod.GET, "/api/identity/jwks"),
          open(HttpMethod.GET, "/actuator/health"),
          open(HttpMethod.GET, "/actuator/health/**"),
          open(HttpMethod.GET, "/v3/api-docs"),
          open(HttpMethod.GET, "/v3/api-docs/**"),
          open(HttpMethod.GET, "/v3/api-docs.yaml"),
          open(HttpMethod.GET, "/swagger-ui.html"),
          open(HttpMethod.GET, "/swagger-ui/**"),
          new Rule(Optional.empty(), "/error", Set.of(), true, Tenancy.NONE),
          role(HttpMethod.GET, "/api/ledger/entries/{index}", ANY_ROLE, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.POST, "/api/ledger/events", PIPELINES, Tenancy.BODY_CLIENT),
          role(HttpMethod.POST, "/api/changes", PIPELINES, Tenancy.BODY_CLIENT),
          role(HttpMethod.GET, "/api/changes", ANY_ROLE, Tenancy.FILTERED),
          role(HttpMethod.GET, "/api/changes/{id}", ANY_ROLE, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.POST, "/api/changes/{id}/plans", REPLANNERS, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.POST, "/api/changes/{id}/applied", PIPELINES, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.POST, "/api/changes/{id}/override", ADMINS, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.GET, "/api/overrides", OVERRIDE_READERS, Tenancy.FILTERED),
          role(
              HttpMethod.POST,
              "/api/changes/{id}/emergency-approval",
              EMERGENCY_APPROVERS,
              Tenancy.ENTRY_CLIENT),
          // Templates: a platform admin defines one, the CAB approves it once, anyone reads them.
          role(HttpMethod.POST, "/api/change-templates", ADMINS, Tenancy.BODY_CLIENT),
          role(HttpMethod.POST, "/api/change-templates/{id}/approve", CAB, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.GET, "/api/change-templates", ANY_ROLE, Tenancy.FILTERED),
          role(HttpMethod.POST, "/api/exceptions", PIPELINES, Tenancy.BODY_CLIENT),
          role(
              HttpMethod.POST,
              "/api/exceptions/{id}/decisions",
              SECURITY_REVIEWERS,
              Tenancy.ENTRY_CLIENT),
          role(
              HttpMethod.POST,
              "/api/exceptions/{id}/decisions/prepare",
              SECURITY_REVIEWERS,
              Tenancy.ENTRY_CLIENT),
          role(
              HttpMethod.POST,
              "/api/exceptions/{id}/decisions/{preparedId}/sign",
              SECURITY_REVIEWERS,
              Tenancy.ENTRY_CLIENT),
          role(HttpMethod.GET, "/api/exceptions/{id}", ANY_ROLE, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.POST, "/api/cab/seal-evidence", SEALERS, Tenancy.BODY_CLIENT),
          role(HttpMethod.GET, "/api/evidence/{hash}", ANY_ROLE, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.POST, "/api/changes/{id}/decisions", DECIDERS, Tenancy.ENTRY_CLIENT),
          role(
              HttpMethod.POST,
              "/api/changes/{id}/decisions/prepare",
              DECIDERS,
              Tenancy.ENTRY_CLIENT),
          role(
              HttpMethod.POST,
              "/api/changes/{id}/decisions/{preparedId}/sign",
              DECIDERS,
              Tenancy.ENTRY_CLIENT),
          role(HttpMethod.POST, "/api/cab/approve", CAB, Tenancy.BODY_CLIENT),
          role(HttpMethod.POST, "/api/approvals/{id}/revoke", ADMINS, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.GET, "/api/approvals", APPROVAL_READERS, Tenancy.FILTERED),
          role(HttpMethod.GET, "/api/gate", GATE, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.POST, "/api/freezes", ADMINS, Tenancy.BODY_CLIENT),
          role(HttpMethod.GET, "/api/freezes", ANY_ROLE, Tenancy.FILTERED),
          // Keys belong to no client: scope does not apply.
          role(HttpMethod.GET, "/api/keys/enrolments/challenge", KEY_HOLDERS, Tenancy.NONE),
          role(HttpMethod.POST, "/api/keys/enrolments", KEY_HOLDERS, Tenancy.NONE),
          role(HttpMethod.GET, "/api/keys/enrolments", ADMINS, Tenancy.NONE),
          role(HttpMethod.POST, "/api/keys/enrolments/{id}/approve", ADMINS, Tenancy.NONE),
          role(HttpMethod.POST, "/api/keys/enrolments/{id}/reject", ADMINS, Tenancy.NONE),
          role(HttpMethod.POST, "/api/keys/{keyId}/retire", KEY_HOLDERS, Tenancy.NONE),
          role(HttpMethod.POST, "/api/keys/{keyId}/compromised", ADMINS, Tenancy.NONE),
          role(
              HttpMethod.GET, "/api/cab/verify/{changeRequestId}", VERIFIERS, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.GET, "/api/cab/report", REPORTERS, Tenancy.FILTERED),
          role(HttpMethod.GET, "/api/reports/{id}", REPORTERS, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.GET, "/api/reports/{id}/signature", REPORTERS, Tenancy.ENTRY_CLIENT),
          role(HttpMethod.GET, "/api/audit/bundle", AUDIT, Tenancy.ALL_CLIENTS),
          role(HttpMethod.GET, "/api/audit/ledger-check", AUDIT, Tenancy.ALL_CLIENTS),
          role(HttpMethod.GET, "/actuator", OBSERVERS, Tenancy.NONE),
          role(HttpMethod.GET, "/actuator/info", OBSERVERS, Tenancy.NONE),
          role(HttpMethod.GET, "/actuator/prometheus", OBSERVERS, Tenancy.NONE),
          role(HttpMethod.GET, "/actuator/metrics", OBSERVERS, Tenancy.NONE),
          role(HttpMethod.GET, "/actuator/metrics/**", OBSERVERS, Tenancy.NONE));

  private AccessTable() {}

  /** Configures the filter chain from {@link #RULES}; anything else is denied. */
  static void configure(
      AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry registry) {
    configure(registry, RULES);
  }

  /** Configures a filter chain from {@code rules} (the API's, or the console's); else denied. */
  static void configure(
      AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry registry,
      List<Rule> rules) {
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
    for (Rule rule : rules) {
      var matcher =
          rule.method().isPresent()
              ? paths.matcher(rule.method().get(), rule.pattern())
              : paths.matcher(rule.pattern());
      if (rule.isPublic()) {
        registry.requestMatchers(matcher).permitAll();
      } else {
        registry.requestMatchers(matcher).access(manager(rule));
      }
    }
    registry.anyRequest().denyAll();
  }

  private static AuthorizationManager<RequestAuthorizationContext> manager(Rule rule) {
    return new AuthorizationManager<>() {
      @Override
      public AuthorizationResult authorize(
          Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        if (!(authentication.get().getPrincipal() instanceof Caller caller)) {
          return new AuthorizationDecision(false);
        }
        if (!rule.allows(caller.roles())) {
          return new AuthorizationDecision(false);
        }
        if (rule.tenancy() == Tenancy.ALL_CLIENTS && !caller.allClients()) {
          return new OutOfScope();
        }
        return new AuthorizationDecision(true);
      }
    };
  }

  static Rule open(HttpMethod method, String pattern) {
    return new Rule(Optional.of(method), pattern, Set.of(), true, Tenancy.NONE);
  }

  static Rule role(HttpMethod method, String pattern, Set<Role> roles, Tenancy tenancy) {
    return new Rule(Optional.of(method), pattern, roles, false, tenancy);
  }
}
