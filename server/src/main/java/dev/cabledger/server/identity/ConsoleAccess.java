package dev.cabledger.server.identity;

import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.AccessTable.Rule;
import dev.cabledger.server.identity.AccessTable.Tenancy;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * The web console's authorization table, beside the API's {@link AccessTable} and of the same rule
 * kind: every console route and the roles that may open it. The console's filter chain is
 * configured from it alone; a route it does not list is denied, and a test fails when the console
 * has a route the table does not list. Tenant scope is applied by the pages as by the API (another
 * tenant's change is the same 404 page as a missing one).
 */
final class ConsoleAccess {
  private static final Set<Role> ANY_ROLE = EnumSet.allOf(Role.class);

  /** Who decides changes, as for {@code POST /api/changes/{id}/decisions}. */
  private static final Set<Role> DECIDERS = EnumSet.of(Role.CAB_APPROVER, Role.SECURITY_REVIEWER);

  /** Who verifies a change's record, as for {@code GET /api/cab/verify/{id}}. */
  private static final Set<Role> VERIFIERS =
      EnumSet.of(Role.AUDITOR, Role.COMPLIANCE_OFFICER, Role.CAB_APPROVER, Role.PLATFORM_ADMIN);

  /** The admin pages: enrolments, revocations, freezes, as the API's platform-admin endpoints. */
  private static final Set<Role> ADMINS = EnumSet.of(Role.PLATFORM_ADMIN);

  /** Who holds an approver key of their own, as for {@code /api/keys/enrolments}. */
  private static final Set<Role> KEY_HOLDERS =
      EnumSet.of(Role.CAB_APPROVER, Role.SECURITY_REVIEWER, Role.PLATFORM_ADMIN);

  /** Overrides are listed for those who audit them and the admins who make them. */
  private static final Set<Role> OVERRIDE_READERS =
      EnumSet.of(Role.AUDITOR, Role.COMPLIANCE_OFFICER, Role.PLATFORM_ADMIN);

  /** Who makes and fetches compliance reports, as for {@code /api/cab/report}. */
  private static final Set<Role> REPORTERS =
      EnumSet.of(Role.AUDITOR, Role.COMPLIANCE_OFFICER, Role.CAB_APPROVER);

  static final List<Rule> RULES =
      List.of(
          // Sign-in: the page that says how, the one-time link, and the OIDC redirects.
          AccessTable.open(HttpMethod.GET, "/console/signin"),
          AccessTable.open(HttpMethod.GET, "/console/login"),
          AccessTable.open(HttpMethod.GET, "/oauth2/authorization/{registrationId}"),
          AccessTable.open(HttpMethod.GET, "/login/oauth2/code/{registrationId}"),
          // Where a refused request is forwarded (with its own method) to say so.
          new Rule(Optional.empty(), "/console/denied", Set.of(), true, Tenancy.NONE),
          // The stylesheet and ES modules: nothing secret, needed by the sign-in page too.
          AccessTable.open(HttpMethod.GET, "/console/js/**"),
          AccessTable.open(HttpMethod.GET, "/console/css/**"),
          AccessTable.role(HttpMethod.POST, "/console/logout", ANY_ROLE, Tenancy.NONE),
          AccessTable.role(HttpMethod.GET, "/console", ANY_ROLE, Tenancy.FILTERED),
          AccessTable.role(HttpMethod.GET, "/console/changes/{id}", ANY_ROLE, Tenancy.ENTRY_CLIENT),
          AccessTable.role(
              HttpMethod.POST, "/console/changes/{id}/decisions", DECIDERS, Tenancy.ENTRY_CLIENT),
          // The change page's module signs decisions in the browser through these two steps, with
          // the session and its CSRF header (the API's prepare and sign, on the console's chain).
          AccessTable.role(
              HttpMethod.POST,
              "/console/api/changes/{id}/decisions/prepare",
              DECIDERS,
              Tenancy.ENTRY_CLIENT),
          AccessTable.role(
              HttpMethod.POST,
              "/console/api/changes/{id}/decisions/{preparedId}/sign",
              DECIDERS,
              Tenancy.ENTRY_CLIENT),
          AccessTable.role(HttpMethod.GET, "/console/ledger", ANY_ROLE, Tenancy.NONE),
          // Where the pages' entry links lead: the API's entry read, with the session.
          AccessTable.role(
              HttpMethod.GET, "/console/entries/{index}", ANY_ROLE, Tenancy.ENTRY_CLIENT),
          AccessTable.role(
              HttpMethod.GET, "/console/changes/{id}/verify", VERIFIERS, Tenancy.ENTRY_CLIENT),
          AccessTable.role(HttpMethod.GET, "/console/keys", KEY_HOLDERS, Tenancy.NONE),
          // The key page's module enrols through these, with the session and its CSRF header.
          AccessTable.role(
              HttpMethod.GET, "/console/api/keys/enrolments/challenge", KEY_HOLDERS, Tenancy.NONE),
          AccessTable.role(
              HttpMethod.POST, "/console/api/keys/enrolments", KEY_HOLDERS, Tenancy.NONE),
          AccessTable.role(HttpMethod.GET, "/console/admin/enrolments", ADMINS, Tenancy.NONE),
          AccessTable.role(
              HttpMethod.POST, "/console/admin/enrolments/{id}/approve", ADMINS, Tenancy.NONE),
          AccessTable.role(
              HttpMethod.POST, "/console/admin/enrolments/{id}/reject", ADMINS, Tenancy.NONE),
          AccessTable.role(HttpMethod.GET, "/console/admin/revocations", ADMINS, Tenancy.FILTERED),
          AccessTable.role(
              HttpMethod.POST,
              "/console/admin/approvals/{id}/revoke",
              ADMINS,
              Tenancy.ENTRY_CLIENT),
          AccessTable.role(HttpMethod.GET, "/console/reports", REPORTERS, Tenancy.NONE),
          AccessTable.role(HttpMethod.POST, "/console/reports", REPORTERS, Tenancy.FILTERED),
          AccessTable.role(
              HttpMethod.GET, "/console/reports/{id}", REPORTERS, Tenancy.ENTRY_CLIENT),
          AccessTable.role(
              HttpMethod.GET, "/console/reports/{id}/file", REPORTERS, Tenancy.ENTRY_CLIENT),
          AccessTable.role(
              HttpMethod.GET, "/console/reports/{id}/signature", REPORTERS, Tenancy.ENTRY_CLIENT),
          AccessTable.role(HttpMethod.GET, "/console/admin/freezes", ADMINS, Tenancy.FILTERED),
          AccessTable.role(
              HttpMethod.GET, "/console/overrides", OVERRIDE_READERS, Tenancy.FILTERED),
          AccessTable.role(HttpMethod.POST, "/console/admin/freezes", ADMINS, Tenancy.BODY_CLIENT));

  private ConsoleAccess() {}
}
