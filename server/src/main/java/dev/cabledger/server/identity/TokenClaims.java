package dev.cabledger.server.identity;

/**
 * Where a token carries what the service reads from it.
 *
 * @param audience the required {@code aud} value
 * @param roleClaim the claim listing roles
 * @param clientsClaim the claim listing clients (tenants)
 * @param allClientsClaim the boolean claim granting every client
 */
public record TokenClaims(
    String audience, String roleClaim, String clientsClaim, String allClientsClaim) {
  public TokenClaims {
    if (audience.isBlank()
        || roleClaim.isBlank()
        || clientsClaim.isBlank()
        || allClientsClaim.isBlank()) {
      throw new IllegalArgumentException("the audience and claim names must not be blank");
    }
  }

  /**
   * The audience of console login links: another than the API's, so that neither token passes for
   * the other.
   */
  public String loginLinkAudience() {
    return audience + ":console-login";
  }

  /** The defaults: audience {@code cab-ledger}, claims {@code roles, clients, all_clients}. */
  public static TokenClaims defaults() {
    return new TokenClaims("cab-ledger", "roles", "clients", "all_clients");
  }
}
