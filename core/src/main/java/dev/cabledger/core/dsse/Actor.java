package dev.cabledger.core.dsse;

import dev.cabledger.core.Chars;
import java.util.List;

/**
 * Who caused an event, as the verifier needs it to judge authority (docs/formats.md §2): the
 * authenticated subject, the roles the identity provider asserted for it, and the issuer of the
 * token that authenticated it.
 *
 * @param subject the principal ({@code actor}); {@code system:cab-ledger} for the service itself
 * @param roles the asserted roles ({@code actor_roles}), sorted, each once
 * @param issuer the token issuer ({@code actor_issuer}); {@code cab-ledger} for the service itself
 */
public record Actor(String subject, List<String> roles, String issuer) {
  private static final int MAX_ROLES = 64;

  /** The service acting on its own behalf (key registrations, reports): no token, no roles. */
  public static final Actor SYSTEM = new Actor("system:cab-ledger", List.of(), "cab-ledger");

  /** Checks the parts; roles must already be sorted and distinct, so the signed text is one. */
  public Actor {
    if (!Chars.printable(subject, 256) || subject.isBlank()) {
      throw new IllegalArgumentException(
          "actor must be 1 to 256 characters without control characters");
    }
    if (!Chars.printable(issuer, 1024) || issuer.isBlank()) {
      throw new IllegalArgumentException(
          "actor_issuer must be 1 to 1024 characters without control characters");
    }
    roles = List.copyOf(roles);
    if (roles.size() > MAX_ROLES) {
      throw new IllegalArgumentException("actor_roles has more than " + MAX_ROLES + " roles");
    }
    for (int i = 0; i < roles.size(); i++) {
      if (!Chars.roleName(roles.get(i))) {
        throw new IllegalArgumentException(
            "actor_roles[" + i + "] is not a role name like CAB_APPROVER: " + roles.get(i));
      }
      if (i > 0 && roles.get(i - 1).compareTo(roles.get(i)) >= 0) {
        throw new IllegalArgumentException("actor_roles must be sorted and distinct");
      }
    }
  }

  /** An actor with these roles in any order (sorted and de-duplicated here). */
  public static Actor of(String subject, java.util.Collection<String> roles, String issuer) {
    return new Actor(subject, roles.stream().distinct().sorted().toList(), issuer);
  }

  /** Whether the identity provider asserted this role for the actor. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
