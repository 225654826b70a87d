package dev.cabledger.server.identity;

import dev.cabledger.server.access.Caller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated bearer token, reduced to its {@link Caller}; the token itself is not kept. */
final class CallerAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final Caller caller;

  CallerAuthentication(Caller caller) {
    super(caller.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
    this.caller = caller;
    setAuthenticated(true);
  }

  @Override
  public Caller getPrincipal() {
    return caller;
  }

  @Override
  public String getName() {
    return caller.subject();
  }

  /** Nothing: the token is not kept, so it cannot end up in a log or a session. */
  @Override
  public Object getCredentials() {
    return List.of();
  }
}
