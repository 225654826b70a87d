package dev.cabledger.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem straight to a servlet response, for answers given outside Spring MVC. */
final class ProblemWriter {
  private final JsonMapper json;

  ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
      throws IOException {
    if (problem.getInstance() == null) {
      problem.setInstance(URI.create(instance(request.getRequestURI())));
    }
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(json.writeValueAsBytes(problem));
  }

  /** A request URI as a problem's instance: a URI Tomcat refused may not parse as one. */
  static String instance(String requestUri) {
    try {
      return URI.create(requestUri).toString();
    } catch (IllegalArgumentException e) {
      return "about:blank";
    }
  }
}
