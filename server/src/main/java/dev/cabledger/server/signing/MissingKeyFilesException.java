package dev.cabledger.server.signing;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Key files the service needs are not there; a new key would not match what the log holds. */
public final class MissingKeyFilesException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  MissingKeyFilesException(List<Path> missing) {
    super(
        "missing key files: "
            + missing.stream().map(Path::toString).collect(Collectors.joining(", ")));
  }
}
