package dev.cabledger.server.web;

/** A request body beyond {@code cab.max-request-body}; refused before it is read in full. */
final class RequestBodyTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  RequestBodyTooLargeException(long limit) {
    super("the request body is larger than " + limit + " bytes, the most this service accepts");
    this.limit = limit;
  }

  long limit() {
    return limit;
  }
}
