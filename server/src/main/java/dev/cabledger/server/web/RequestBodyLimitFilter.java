package dev.cabledger.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose Content-Length exceeds {@code cab.max-request-body} with 413 before
 * anything reads it, ahead of authentication. Chunked bodies are counted as they are read ({@link
 * RequestBodyReading}).
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {
  private final long limit;
  private final ProblemWriter writer;

  RequestBodyLimitFilter(long limit, ProblemWriter writer) {
    this.limit = limit;
    this.writer = writer;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > limit) {
      // Tomcat would otherwise try to swallow the unread body before closing; close instead.
      response.setHeader("Connection", "close");
      writer.write(
          request,
          response,
          ProblemHandler.tooLargeProblem(new RequestBodyTooLargeException(limit)));
      return;
    }
    chain.doFilter(request, response);
  }
}
