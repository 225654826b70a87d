package dev.cabledger.server.web;

/** A request body that is not acceptable text before any JSON is parsed. */
final class InvalidRequestBodyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidRequestBodyException(String message) {
    super(message);
  }
}
