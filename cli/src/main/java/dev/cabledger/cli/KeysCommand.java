package dev.cabledger.cli;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.registry.LogTrust;
import dev.cabledger.core.sign.KeyFiles;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.server.CabLedgerApplication;
import dev.cabledger.server.signing.ServiceKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code cab-ledger keys}: shows, generates and enrols ML-DSA-65 keys. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Shows the service's keys or the log's trust file, generates an ML-DSA-65 key pair,"
            + " enrols one as your approver key, or replaces the service's keys.",
    subcommands = {
      KeysCommand.Show.class,
      KeysCommand.Generate.class,
      KeysCommand.Enrol.class,
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

  /** {@code keys enrol}. */
  @Command(
      name = "enrol",
      mixinStandardHelpOptions = true,
      description = {
        "Asks the service to enrol your own ML-DSA-65 key as your approver key: fetches a"
            + " challenge (GET URL/api/keys/enrolments/challenge), signs it with the private key"
            + " to prove you hold it, and submits the public key with that proof (POST"
            + " URL/api/keys/enrolments). The private key never leaves this machine.",
        "A PLATFORM_ADMIN other than you then approves the enrolment. Exit 0 when the request"
            + " is recorded, 2 on any error."
      })
  static final class Enrol implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerOptions service = new ServerOptions();

    @Mixin KeyPairOptions keyPair = new KeyPairOptions();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        Optional<String> bearer = service.bearer();
        if (bearer.isEmpty()) {
          return fail(err, "no token: pass --token or set CAB_TOKEN");
        }
        KeyPair pair;
        try {
          pair = pair();
        } catch (VerificationException | UncheckedIOException e) {
          return fail(err, e.getMessage());
        }
        byte[] spki = MlDsa65.spki(pair.getPublic());
        KeyId keyId = KeyId.forMlDsa65(spki);
        try (HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
          URI challengeUri = service.uri("/api/keys/enrolments/challenge");
          HttpResponse<byte[]> challenged =
              http.send(
                  request(challengeUri, bearer.get()).GET().build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          if (challenged.statusCode() != 200) {
            return refused(err, challengeUri, challenged);
          }
          String challenge = CanonicalJson.parse(challenged.body()).path("challenge").asString("");
          if (challenge.isEmpty()) {
            return fail(err, "the server answered no challenge");
          }
          byte[] proof =
              new MlDsaSigner(keyId, pair.getPrivate())
                  .sign(challenge.getBytes(StandardCharsets.UTF_8));
          ObjectNode body = JsonNodeFactory.instance.objectNode();
          body.put("publicKey", Base64.getEncoder().encodeToString(spki));
          body.put("challenge", challenge);
          body.put("signature", Base64.getEncoder().encodeToString(proof));
          URI enrolUri = service.uri("/api/keys/enrolments");
          HttpResponse<byte[]> enrolled =
              http.send(
                  request(enrolUri, bearer.get())
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.canonicalize(body)))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          if (enrolled.statusCode() != 201) {
            return refused(err, enrolUri, enrolled);
          }
          JsonNode answer = CanonicalJson.parse(enrolled.body());
          JsonNode enrolment = answer.path("enrolment");
          if (!enrolment.path("keyId").asString("").equals(keyId.value())) {
            return fail(err, "the server answered about another key");
          }
          String id = enrolment.path("enrolmentId").asString("");
          String base = service.uri("").toString();
          out.printf(
              "enrolment %s requested: key %s of %s, logged as entry %d%n",
              id,
              keyId,
              enrolment.path("owner").asString(""),
              answer.path("receipt").path("index").asLong());
          out.printf(
              "next: a PLATFORM_ADMIN other than you approves it (POST"
                  + " %s/api/keys/enrolments/%s/approve);%n"
                  + "then %s/api/keys lists key %s with purpose approver, and your signatures"
                  + " with it count.%n",
              base, id, base, keyId);
          return 0;
        } catch (IOException e) {
          return fail(err, "cannot reach " + service.server + ": " + e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return fail(err, "interrupted");
        }
      } catch (VerificationException | IllegalArgumentException e) {
        return fail(err, "the server's answer is not an enrolment's: " + e.getMessage());
      } finally {
        out.flush();
        err.flush();
      }
    }

    /** The key pair from the files, checked to be one: a mismatch would enrol a useless key. */
    private KeyPair pair() {
      return keyPair.read();
    }

    private static HttpRequest.Builder request(URI uri, String bearer) {
      return HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + bearer)
          .header("Accept", "application/json");
    }

    private static int refused(PrintWriter err, URI uri, HttpResponse<byte[]> response) {
      return fail(
          err,
          "HTTP " + response.statusCode() + " from " + uri + ": " + ServerCalls.problem(response));
    }

    private static int fail(PrintWriter err, String message) {
      err.println("cab-ledger keys enrol: " + message);
      return 2;
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
