package dev.cabledger.server.identity;

import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.TokenRejectedException.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RFC 9457 problems of the security filter chain, which answers before Spring MVC (and so
 * before the web package's problem handler): 401 with the reason a token was rejected, 403 for a
 * role the table does not allow, 404 for a resource outside the caller's client scope, 429 after a
 * burst of failed authentications, 503 when the identity provider's keys cannot be fetched. Failed
 * token authentications are counted here, per source address.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {
  private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);
  private static final String BASE = "https://cab-ledger.dev/problems/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final FailedAuthenticationLimiter limiter;

  SecurityProblems(FailedAuthenticationLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    Optional<TokenRejectedException> rejected = rejection(failure);
    if (rejected.isPresent() && rejected.get().reason() == Reason.ISSUER_UNAVAILABLE) {
      // Not the caller's fault: neither counted as a failure nor answered as 401.
      log.warn("identity provider keys unavailable: {}", rootMessage(rejected.get()));
      write(
          request,
          response,
          HttpStatus.SERVICE_UNAVAILABLE,
          "identity-provider-unavailable",
          "Identity provider unavailable",
          rejected.get().getMessage(),
          Optional.of(rejected.get().reason().code()));
      return;
    }
    String reason;
    String detail;
    if (rejected.isPresent()) {
      reason = rejected.get().reason().code();
      detail = rejected.get().getMessage();
    } else if (presented && !(failure instanceof InsufficientAuthenticationException)) {
      reason = Reason.MALFORMED.code();
      detail = "The Authorization header does not hold a well-formed bearer token.";
    } else {
      reason = "missing-token";
      detail =
          "This endpoint needs a bearer token (Authorization: Bearer <token>) with a role that"
              + " the authorization table allows.";
    }
    if (presented && !(failure instanceof InsufficientAuthenticationException)) {
      limiter.failed(request.getRemoteAddr());
    }
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE,
        reason.equals("missing-token")
            ? "Bearer realm=\"cab-ledger\""
            : "Bearer realm=\"cab-ledger\", error=\"invalid_token\", error_description=\""
                + headerSafe(detail)
                + "\"");
    write(
        request,
        response,
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "Not authenticated",
        detail,
        Optional.of(reason));
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    if (denied instanceof AuthorizationDeniedException d
        && d.getAuthorizationResult() instanceof AccessTable.OutOfScope) {
      write(
          request,
          response,
          HttpStatus.NOT_FOUND,
          "not-found",
          "Not found",
          "Nothing at "
              + request.getRequestURI()
              + " is within your client scope: it holds every client's records.",
          Optional.empty());
      return;
    }
    String roles =
        SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication a
            ? String.join(
                ", ", new TreeSet<>(a.getPrincipal().roles().stream().map(Role::name).toList()))
            : "";
    write(
        request,
        response,
        HttpStatus.FORBIDDEN,
        "forbidden",
        "Forbidden",
        "Your roles ("
            + (roles.isEmpty() ? "none" : roles)
            + ") do not allow "
            + request.getMethod()
            + " "
            + request.getRequestURI()
            + "; see the authorization table in docs/identity.md.",
        Optional.empty());
  }

  /** 429: the address failed too often; it may try again after {@code retryAfter}. */
  void tooManyFailures(
      HttpServletRequest request, HttpServletResponse response, Duration retryAfter)
      throws IOException {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    write(
        request,
        response,
        HttpStatus.TOO_MANY_REQUESTS,
        "too-many-failed-authentications",
        "Too many failed authentications",
        "Too many requests with rejected tokens came from your address; try again in "
            + seconds
            + " s with a valid token.",
        Optional.empty());
  }

  private static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String type,
      String title,
      String detail,
      Optional<String> reason)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", BASE + type);
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", request.getRequestURI());
    reason.ifPresent(r -> body.put("reason", r));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(JSON.writeValueAsBytes(body));
  }

  private static Optional<TokenRejectedException> rejection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TokenRejectedException r) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.toString();
  }

  /** An RFC 7235 quoted-string: printable ASCII, without quote or backslash. */
  private static String headerSafe(String text) {
    return text.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "'");
  }
}
