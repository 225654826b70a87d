package dev.cabledger.cli;

import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.LocalIssuer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cab-ledger login-link}: prints a one-time link that signs a browser in to the web console,
 * signed with the instance's local issuer key (as {@code cab-ledger token} does), like Jupyter's
 * token link.
 */
@Command(
    name = "login-link",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a one-time link that signs a browser in to the web console of the CAB Ledger"
          + " instance of a data directory (the embedded default, without an identity provider).",
      "The link works once and for a few minutes; opening it starts a session and leaves the"
          + " address bar without the token."
    })
final class LoginLinkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--user", required = true, description = "The subject, e.g. alice.")
  String user = "";

  @Option(
      names = "--roles",
      required = true,
      split = ",",
      description = "Comma-separated roles: ${COMPLETION-CANDIDATES}.")
  List<Role> roles = List.of();

  @ArgGroup(exclusive = true, multiplicity = "1")
  TokenCommand.Scope scope = new TokenCommand.Scope();

  @Option(
      names = "--base-url",
      defaultValue = "http://localhost:8080",
      description = "Where the console is served (default ${DEFAULT-VALUE}).")
  String baseUrl = "http://localhost:8080";

  @Option(
      names = "--ttl",
      defaultValue = "5m",
      description =
          "How long the link is valid, e.g. 90s, 5m (at most 1h; default ${DEFAULT-VALUE}).")
  String ttl = "5m";

  @Option(names = "--data-dir", description = "Data directory (default ./data, or CAB_DATA_DIR).")
  Optional<Path> dataDir = Optional.empty();

  @Option(names = "--keys-dir", description = "Keys directory, if not <data-dir>/keys.")
  Optional<Path> keysDir = Optional.empty();

  @Override
  public Integer call() {
    Path keys =
        keysDir.orElseGet(
            () -> dataDir.map(d -> d.resolve("keys")).orElseGet(KeysCommand::defaultKeysDir));
    try {
      URI base = base(baseUrl);
      Duration lifetime = TokenCommand.parseTtl(ttl);
      String token =
          LocalIssuer.open(keys)
              .mintLoginLink(
                  user,
                  roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles),
                  new LinkedHashSet<>(scope.clients),
                  scope.allClients,
                  lifetime,
                  Clock.systemUTC());
      spec.commandLine()
          .getOut()
          .println(
              base + "/console/login?token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII));
      spec.commandLine().getOut().flush();
      spec.commandLine()
          .getErr()
          .println("Open it in your browser within " + lifetime.toSeconds() + " s; it works once.");
      spec.commandLine().getErr().flush();
      return 0;
    } catch (IllegalStateException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("cab-ledger login-link: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
  }

  /** The base URL without a trailing slash; only http and https. */
  static URI base(String text) {
    URI uri;
    try {
      uri = URI.create(text.strip().replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--base-url " + text + " is not a URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          "--base-url must be an http or https URL without query, e.g. https://cab.example.com");
    }
    return uri;
  }
}
