package dev.cabledger.cli;

import dev.cabledger.core.Digest;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code cab-ledger gate}: asks the service whether this plan file may be applied, before {@code
 * terraform apply}. The plan is hashed here, so the answer is about the file on this disk.
 */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = {
      "Asks the gate whether the plan file may be applied: hashes it (SHA-256), calls GET"
          + " URL/api/gate, and prints the decision, the reasons and the conditions.",
      "Exit 0: APPROVED. Exit 1: BLOCKED. Exit 2: any error (server unreachable, a refused"
          + " request, an unreadable plan); never 0 unless the service said APPROVED."
    })
final class GateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ServerOptions service = new ServerOptions();

  @Option(names = "--change", required = true, paramLabel = "CR", description = "The change id.")
  String change = "";

  @Option(
      names = "--plan",
      required = true,
      paramLabel = "FILE",
      description = "The plan file about to be applied (e.g. terraform plan -out's file).")
  Path plan = Path.of("");

  @Option(
      names = "--environment",
      paramLabel = "E",
      description = "Where it is about to be applied (default: the change's own environment).")
  Optional<String> environment = Optional.empty();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Optional<String> bearer = service.bearer();
      if (bearer.isEmpty()) {
        return fail(err, "no token: pass --token or set CAB_TOKEN");
      }
      String planHash;
      try {
        planHash = sha256(plan);
      } catch (NoSuchFileException e) {
        return fail(err, "no such plan file: " + plan);
      } catch (IOException e) {
        return fail(err, "cannot read the plan file " + plan + ": " + e.getMessage());
      }
      URI uri = gateUri(planHash);
      HttpResponse<byte[]> response;
      try (HttpClient http =
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
        response =
            http.send(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + bearer.get())
                    .header("Accept", "application/json")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        return fail(err, "cannot reach " + uri + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail(err, "interrupted");
      }
      if (response.statusCode() != 200) {
        return fail(
            err,
            "HTTP "
                + response.statusCode()
                + " from "
                + uri
                + ": "
                + ServerCalls.problem(response));
      }
      return answer(CanonicalJson.parse(response.body()), planHash, out, err);
    } catch (VerificationException | IllegalArgumentException e) {
      return fail(err, "the server's answer is not the gate's: " + e.getMessage());
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Prints the answer; 0 for APPROVED, 1 for BLOCKED, 2 for anything else. */
  private int answer(JsonNode a, String planHash, PrintWriter out, PrintWriter err) {
    String decision = a.path("decision").asString("");
    boolean approved = decision.equals("APPROVED");
    if (!approved && !decision.equals("BLOCKED")) {
      return fail(err, "the server answered no decision");
    }
    if (!a.path("planHash").asString("").equals(planHash)
        || !a.path("change").asString("").equals(change)) {
      // Fail closed: an answer about another change or plan is no answer to this question.
      return fail(err, "the server answered about another change or plan");
    }
    out.printf(
        "%s: change %s, plan %s, environment %s%n",
        decision, change, planHash, a.path("environment").asString(""));
    for (JsonNode r : a.path("reasons")) {
      out.printf("  %s: %s%n", r.path("code").asString(""), r.path("text").asString(""));
    }
    for (JsonNode p : a.path("approvals")) {
      out.printf(
          "  approved by %s (%s) at %s%s%n",
          p.path("approver").asString(""),
          p.path("approverRole").asString(""),
          p.path("decidedAt").asString(""),
          p.has("expiresAt") ? ", until " + p.path("expiresAt").asString("") : "");
    }
    for (JsonNode c : a.path("conditions")) {
      out.printf("  condition: %s%n", c.asString(""));
    }
    if (a.has("approvedByRule")) {
      out.printf("  %s%n", a.path("approvedByRule").path("summary").asString(""));
    }
    if (a.has("receipt")) {
      out.printf("logged as entry %d of the log%n", a.path("receipt").path("index").asLong());
    }
    return approved ? 0 : 1;
  }

  /** The gate's URL under the server's, keeping any path prefix the server has. */
  private URI gateUri(String planHash) {
    return service.uri(
        "/api/gate?change="
            + URLEncoder.encode(change, StandardCharsets.UTF_8)
            + "&planHash="
            + planHash
            + environment
                .map(e -> "&environment=" + URLEncoder.encode(e, StandardCharsets.UTF_8))
                .orElse(""));
  }

  /** SHA-256 of the file, read as a stream: a plan may be larger than memory should hold. */
  static String sha256(Path file) throws IOException {
    MessageDigest md = Digest.newSha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    }
    return Digest.of(md.digest()).hex();
  }

  private static int fail(PrintWriter err, String message) {
    err.println("cab-ledger gate: " + message);
    return 2;
  }
}
