package dev.cabledger.server.access;

import dev.cabledger.core.dsse.Actor;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The authenticated principal of a request: who it is (the token's {@code sub}), its roles, and
 * which clients (tenants) it may see. Controllers take it with {@code @AuthenticationPrincipal}.
 *
 * @param subject the token subject; it becomes the {@code actor} of what the caller appends
 * @param roles the roles the identity provider granted
 * @param clients the clients the caller may see, when it lacks all-client scope
 * @param allClients whether the caller may see every client
 * @param issuer the issuer of the token that authenticated the caller
 */
public record Caller(
    String subject, Set<Role> roles, Set<String> clients, boolean allClients, String issuer) {
  private static final Pattern PRINTABLE = Pattern.compile("\\P{Cntrl}{1,256}");

  public Caller {
    if (!PRINTABLE.matcher(subject).matches()) {
      throw new IllegalArgumentException(
          "a subject is 1 to 256 characters without control characters");
    }
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("a caller's token names its issuer");
    }
    roles = Set.copyOf(roles);
    clients = Set.copyOf(clients);
  }

  /** The caller as the actor of a statement: subject, asserted roles and token issuer. */
  public Actor actor() {
    return Actor.of(subject, roles.stream().map(Role::name).toList(), issuer);
  }

  /** Whether the caller may see records of {@code client}. */
  public boolean sees(String client) {
    return allClients || clients.contains(client);
  }

  /**
   * Whether the caller may see a record that names {@code client}; a record without a client (a key
   * registration) belongs to no tenant and every authenticated caller sees it.
   */
  public boolean sees(Optional<String> client) {
    return client.map(this::sees).orElse(true);
  }
}
