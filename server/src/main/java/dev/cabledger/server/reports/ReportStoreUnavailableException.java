package dev.cabledger.server.reports;

/** The report store (files under the data directory) cannot be written or read; nothing logged. */
public final class ReportStoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ReportStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
