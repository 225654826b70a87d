package dev.cabledger.cli;

import dev.cabledger.server.access.Role;
import dev.cabledger.server.identity.LocalIssuer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cab-ledger token}: mints a bearer token with the instance's local issuer key. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a bearer token for the CAB Ledger instance of a data directory, signed with its"
          + " local issuer key (created by the first `cab-ledger serve`).",
      "Use it as: curl -H \"Authorization: Bearer $(cab-ledger token --user alice --roles"
          + " AUDITOR --all-clients)\" ...",
      "Instances configured with an identity provider (cab.identity.issuer-uri) accept that"
          + " provider's tokens instead."
    })
final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--user", required = true, description = "The subject, e.g. alice.")
  String user = "";

  @Option(
      names = "--roles",
      required = true,
      split = ",",
      description = "Comma-separated roles: ${COMPLETION-CANDIDATES}.")
  List<Role> roles = List.of();

  static final class Scope {
    @Option(names = "--clients", split = ",", description = "Clients (tenants) the token sees.")
    List<String> clients = List.of();

    @Option(names = "--all-clients", description = "The token sees every client.")
    boolean allClients;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Scope scope = new Scope();

  @Option(
      names = "--ttl",
      defaultValue = "8h",
      description = "Lifetime, e.g. 30m, 8h, 7d (at most 31d; default ${DEFAULT-VALUE}).")
  String ttl = "8h";

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
      LocalIssuer issuer = LocalIssuer.open(keys);
      Set<String> clients = new LinkedHashSet<>(scope.clients);
      String token =
          issuer.mint(
              user,
              roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles),
              clients,
              scope.allClients,
              parseTtl(ttl),
              Clock.systemUTC());
      spec.commandLine().getOut().println(token);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IllegalStateException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("cab-ledger token: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 8h}, {@code 7d}, or an ISO-8601 duration. */
  static Duration parseTtl(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d{1,9}[smhd]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(text.trim());
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("--ttl " + text + " is not a duration like 30m, 8h or 7d");
    }
  }
}
