package dev.cabledger.server.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problems for errors the servlet container or the security firewall reports only as a status
 * (a URI or header Tomcat refuses, a method it does not allow, a request the firewall rejects): one
 * problem type per status, the same whether Tomcat's error report or the {@code /error} page
 * answers.
 */
final class ContainerProblems {
  private ContainerProblems() {}

  static ProblemDetail forStatus(int code) {
    HttpStatus status = HttpStatus.resolve(code);
    if (status == null || code < 400) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    return switch (status) {
      case BAD_REQUEST ->
          ProblemHandler.problem(
              status,
              "bad-request",
              "Bad request",
              "The request was refused before any handler saw it: its URI, method or headers are"
                  + " not acceptable (for example an encoded '/', ';' or NUL in the path, or an"
                  + " over-long header).");
      case NOT_FOUND ->
          ProblemHandler.problem(status, "not-found", "Not found", "Nothing is here.");
      case METHOD_NOT_ALLOWED ->
          ProblemHandler.problem(
              status,
              "method-not-allowed",
              "Method not allowed",
              "This method is not allowed here; see the API (GET /v3/api-docs).");
      case URI_TOO_LONG, REQUEST_HEADER_FIELDS_TOO_LARGE ->
          ProblemHandler.problem(
              status, "request-too-large", "Request too large", "The URI or headers are too long.");
      case CONTENT_TOO_LARGE ->
          ProblemHandler.problem(
              status, "body-too-large", "Request body too large", "The request body is too large.");
      case INTERNAL_SERVER_ERROR ->
          ProblemHandler.problem(
              status,
              "internal",
              "Internal error",
              "The service failed unexpectedly; the error is logged. Nothing partial was recorded.");
      default ->
          ProblemHandler.problem(
              status,
              status.is4xxClientError() ? "client-error" : "server-error",
              status.getReasonPhrase(),
              "The request could not be served (" + status.getReasonPhrase() + ").");
    };
  }
}
