package dev.cabledger.cli;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.registry.LogTrust;
import dev.cabledger.core.sign.KeyFiles;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.server.CabLedgerApplication;
import dev.cabledger.server.signing.ServiceKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code cab-ledger keys}: shows and generates ML-DSA-65 keys. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Shows the service's keys or the log's trust file, generates an ML-DSA-65 key pair, or"
            + " replaces the service's keys.",
    subcommands = {
      KeysCommand.Show.class,
      KeysCommand.Generate.class,
      KeysCommand.Rotate.class,
      KeysCommand.TrustFile.class
    })
final class KeysCommand {
  /** The log key's public file in a keys directory, as the service writes it (ServiceKeys). */
  private static final String LOG_PUBLIC_KEY = "log-key.pub.pem";

  /** {@code keys show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Lists the public keys in a keys directory with their registry ids.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--keys-dir",
        description = "Directory of the keys (default: ./data/keys, or CAB_DATA_DIR/keys).")
    Path dir = defaultKeysDir();

    @Option(
        names = "--log",
        description =
            "Show only the log key, the auditor's trust root: its id, algorithm and SPKI (base64).")
    boolean logOnly;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      if (logOnly) {
        Path pub = dir.resolve(LOG_PUBLIC_KEY);
        if (!Files.isRegularFile(pub)) {
          spec.commandLine().getErr().println("no log key at " + pub);
          return 2;
        }
        byte[] spki = MlDsa65.spki(KeyFiles.readPublicKey(pub));
        out.printf(
            "log key %s  ML-DSA-65  %s%n",
            KeyId.forMlDsa65(spki), Base64.getEncoder().encodeToString(spki));
        out.flush();
        return 0;
      }
      if (!Files.isDirectory(dir)) {
        spec.commandLine()
            .getErr()
            .println("no keys directory at " + dir + "; `cab-ledger serve` creates one");
        return 2;
      }
      List<Path> pubs;
      try (Stream<Path> files = Files.list(dir)) {
        pubs = files.filter(p -> p.getFileName().toString().endsWith(".pub.pem")).sorted().toList();
      }
      for (Path pub : pubs) {
        PublicKey key = KeyFiles.readPublicKey(pub);
        out.printf("%-24s %s  %s%n", KeyId.forMlDsa65(MlDsa65.spki(key)), "ML-DSA-65", pub);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code keys generate}. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description =
          "Writes NAME.pem (PKCS#8, owner-only) and NAME.pub.pem (SPKI) and prints the key id.")
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to write the key pair to.")
    Path out;

    @Option(names = "--name", defaultValue = "approver", description = "File name stem.")
    String name = "approver";

    @Override
    public Integer call() throws IOException {
      Path priv = out.resolve(name + ".pem");
      Path pub = out.resolve(name + ".pub.pem");
      if (Files.exists(priv) || Files.exists(pub)) {
        spec.commandLine().getErr().println("refusing to overwrite " + priv + " or " + pub);
        return 2;
      }
      Files.createDirectories(out);
      KeyPair pair = MlDsa65.generate();
      KeyFiles.writePrivateKey(priv, pair.getPrivate());
      KeyFiles.writePublicKey(pub, pair.getPublic());
      spec.commandLine()
          .getOut()
          .printf("%s  %s  %s%n", KeyId.forMlDsa65(MlDsa65.spki(pair.getPublic())), priv, pub);
      spec.commandLine().getOut().flush();
      return 0;
    }

    Generate() {
      this.out = Path.of(".");
    }
  }

  /** {@code keys rotate}. */
  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Replaces the service's log and service keys with new ones and registers them in the log"
            + " (KEY_REGISTERED entries), e.g. after both were lost. Stop every instance first.",
        "The old key files, if any, move to <keys dir>/retired-<time>/. Old entries and"
            + " checkpoints stay signed by the old keys."
      })
  static final class Rotate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data-dir", description = "Data directory (default ./data, or CAB_DATA_DIR).")
    Optional<Path> dataDir = Optional.empty();

    @Option(names = "--db-url", description = "JDBC URL of the database (or CAB_DB_URL).")
    Optional<String> dbUrl = Optional.empty();

    @Unmatched List<String> springArgs = new ArrayList<>();

    @Override
    public Integer call() {
      List<String> args = new ArrayList<>(springArgs);
      args.add("--cab.rotate-keys=true");
      args.add("--spring.main.web-application-type=none");
      args.add("--spring.main.banner-mode=off");
      dataDir.ifPresent(d -> args.add("--cab.data-dir=" + d));
      dbUrl.ifPresent(u -> args.add("--cab.db-url=" + u));
      // Starting the service without its web server registers the new keys, then it stops.
      try (ConfigurableApplicationContext app =
          SpringApplication.run(CabLedgerApplication.class, args.toArray(String[]::new))) {
        ServiceKeys keys = app.getBean(ServiceKeys.class);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            "registered the new service key %s and log key %s%n",
            ServiceKeys.keyId(keys.servicePublicKey()),
            ServiceKeys.keyId(keys.logKey().getPublic()));
        out.flush();
      }
      return 0;
    }
  }

  /** {@code keys trust-file}. */
  @Command(
      name = "trust-file",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the log's trust file (docs/formats.md §8): origin, log key id, algorithm and"
            + " SPKI. An auditor keeps it and passes it to `cab-ledger verify --trust`.",
        "The origin is the first line of every checkpoint; the service logs the whole trust file"
            + " at start-up."
      })
  static final class TrustFile implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--keys-dir",
        description = "Directory of the keys (default: ./data/keys, or CAB_DATA_DIR/keys).")
    Path dir = defaultKeysDir();

    @Option(names = "--origin", required = true, description = "The log's origin.")
    String origin = "";

    @Override
    public Integer call() throws IOException {
      Path pub = dir.resolve(LOG_PUBLIC_KEY);
      if (!Files.isRegularFile(pub)) {
        spec.commandLine().getErr().println("no log key at " + pub);
        return 2;
      }
      byte[] spki = MlDsa65.spki(KeyFiles.readPublicKey(pub));
      try {
        spec.commandLine()
            .getOut()
            .print(new LogTrust(origin, KeyId.forMlDsa65(spki), spki).toJson());
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("cannot write a trust file: " + e.getMessage());
        return 2;
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  static Path defaultKeysDir() {
    String data = System.getenv("CAB_DATA_DIR");
    return Path.of(data == null || data.isBlank() ? "data" : data).resolve("keys");
  }
}
