package dev.cabledger.cli;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The options of every command that calls the service (a picocli mixin): where it is, and the
 * bearer token, from {@code --token} or the {@code CAB_TOKEN} environment variable.
 */
final class ServerOptions {
  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "The CAB Ledger service, e.g. https://cab.example.com.")
  URI server = URI.create("http://localhost:8080");

  @Option(
      names = "--token",
      paramLabel = "T",
      description = "A bearer token (default: the CAB_TOKEN environment variable).")
  Optional<String> token = Optional.empty();

  /** Where environment variables come from; tests give their own. */
  UnaryOperator<String> env = System::getenv;

  /** The token to send, if one was given either way. */
  Optional<String> bearer() {
    return ServerCalls.bearer(token, env);
  }

  /** A path under the server's URL, keeping any path prefix the server has. */
  URI uri(String pathAndQuery) {
    return ServerCalls.uri(server, pathAndQuery);
  }
}
