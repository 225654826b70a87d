package dev.cabledger.server.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 to a request that presents a token from an address that recently failed too often,
 * before the token is even decoded. Requests without a token (the public verification endpoints)
 * pass: an outside auditor behind a shared address is not locked out of verifying.
 */
final class FailureLimitFilter extends OncePerRequestFilter {
  private final FailedAuthenticationLimiter limiter;
  private final SecurityProblems problems;

  FailureLimitFilter(FailedAuthenticationLimiter limiter, SecurityProblems problems) {
    this.limiter = limiter;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      Optional<Duration> blocked = limiter.blockedFor(request.getRemoteAddr());
      if (blocked.isPresent()) {
        problems.tooManyFailures(request, response, blocked.get());
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
