package dev.cabledger.cli;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.dsse.Envelope;
import dev.cabledger.core.dsse.Statement;
import dev.cabledger.core.event.ApprovalStatus;
import dev.cabledger.core.event.CabApproved;
import dev.cabledger.core.event.CabRejected;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code cab-ledger approve}: a decision signed with your own approver key, in two steps. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Decides a change with a decision signed by your own approver key: asks the service to"
          + " prepare the exact statement (POST URL/api/changes/CR/decisions/prepare), shows what"
          + " it says, asks you to confirm, signs it with the private key (which never leaves this"
          + " machine) and sends the signature (POST URL/api/changes/CR/decisions/ID/sign).",
      "Exit 0 once recorded, 1 if you do not confirm (nothing is signed), 2 on any error."
    })
final class ApproveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ServerOptions service = new ServerOptions();

  @Mixin KeyPairOptions keyPair = new KeyPairOptions();

  @Option(names = "--change", required = true, paramLabel = "CR", description = "The change.")
  String change = "";

  @Option(
      names = "--decision",
      required = true,
      paramLabel = "D",
      description = "approve, deny or conditional.")
  String decision = "";

  @Option(names = "--justification", required = true, paramLabel = "TEXT", description = "Why.")
  String justification = "";

  @Option(
      names = "--condition",
      paramLabel = "C",
      description = "A condition of a conditional approval (repeat for more).")
  List<String> conditions = new ArrayList<>();

  @Option(
      names = "--expires-at",
      paramLabel = "T",
      description = "When an approval stops counting (RFC 3339; default: the service's validity).")
  Optional<String> expiresAt = Optional.empty();

  @Option(
      names = "--yes",
      description = "Sign without asking (for scripts that showed the change).")
  boolean yes;

  /**
   * Asks a question on the terminal and returns the answer, or empty when there is no terminal;
   * tests give their own.
   */
  Function<String, Optional<String>> ask =
      question -> {
        Console console = System.console();
        return console == null
            ? Optional.empty()
            : Optional.ofNullable(console.readLine("%s", question));
      };

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Optional<String> bearer = service.bearer();
      if (bearer.isEmpty()) {
        return fail(err, "no token: pass --token or set CAB_TOKEN");
      }
      String word = decision.toLowerCase(Locale.ROOT);
      if (!List.of("approve", "deny", "conditional").contains(word)) {
        return fail(err, "--decision must be approve, deny or conditional, not " + decision);
      }
      KeyPair pair;
      try {
        pair = keyPair.read();
      } catch (VerificationException | UncheckedIOException e) {
        return fail(err, e.getMessage());
      }
      KeyId keyId = KeyId.forMlDsa65(MlDsa65.spki(pair.getPublic()));
      String path = "/api/changes/" + URLEncoder.encode(change, StandardCharsets.UTF_8);
      try (HttpClient http =
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
        URI prepareUri = service.uri(path + "/decisions/prepare");
        HttpResponse<byte[]> prepared =
            http.send(
                post(prepareUri, bearer.get(), body(word)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (prepared.statusCode() != 201) {
          return refused(err, prepareUri, prepared);
        }
        JsonNode p = CanonicalJson.parse(prepared.body());
        byte[] payload = Base64.getDecoder().decode(p.path("payload").asString(""));
        String payloadType = p.path("payloadType").asString("");
        Statement statement = Statement.parse(payload);
        Optional<String> mismatch = mismatch(statement, payloadType, p.path("summary"));
        if (mismatch.isPresent()) {
          return fail(err, "the prepared statement does not say what was asked: " + mismatch.get());
        }
        show(out, statement, p.path("summary"));
        out.flush();
        if (!yes) {
          Optional<String> answer = ask.apply("Sign this decision with key " + keyId + "? [y/N] ");
          if (answer.isEmpty()) {
            return fail(err, "no terminal to confirm on: pass --yes to sign without asking");
          }
          String a = answer.get().strip().toLowerCase(Locale.ROOT);
          if (!a.equals("y") && !a.equals("yes")) {
            out.println("not signed; nothing was recorded");
            return 1;
          }
        }
        byte[] sig =
            new MlDsaSigner(keyId, pair.getPrivate()).sign(Envelope.pae(payloadType, payload));
        ObjectNode signed = JsonNodeFactory.instance.objectNode();
        signed.put("keyid", keyId.value());
        signed.put("sig", Base64.getEncoder().encodeToString(sig));
        URI signUri =
            service.uri(
                path
                    + "/decisions/"
                    + URLEncoder.encode(p.path("preparedId").asString(""), StandardCharsets.UTF_8)
                    + "/sign");
        HttpResponse<byte[]> recorded =
            http.send(
                post(signUri, bearer.get(), signed)
                    // A retry after a lost answer is told the first receipt, not refused.
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (recorded.statusCode() != 201 && recorded.statusCode() != 200) {
          return refused(err, signUri, recorded);
        }
        JsonNode answer = CanonicalJson.parse(recorded.body());
        out.printf(
            "recorded: decision %s of %s as entry %d (tree size %d); the change is %s%n",
            answer.path("approvalId").asString(""),
            change,
            answer.path("receipt").path("index").asLong(),
            answer.path("receipt").path("treeSize").asLong(),
            answer.path("change").path("status").asString("?"));
        return 0;
      } catch (IOException e) {
        return fail(err, "cannot reach " + service.server + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail(err, "interrupted");
      }
    } catch (VerificationException | IllegalArgumentException e) {
      return fail(err, "the server's answer is not a prepared decision's: " + e.getMessage());
    } finally {
      out.flush();
      err.flush();
    }
  }

  private ObjectNode body(String word) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("decision", word);
    body.put("justification", justification);
    if (!conditions.isEmpty()) {
      ArrayNode list = body.putArray("conditions");
      conditions.forEach(list::add);
    }
    expiresAt.ifPresent(t -> body.put("expiresAt", t));
    return body;
  }

  /**
   * What the signed bytes say that differs from what was asked or from the summary shown: the
   * summary is for reading, the payload is what gets signed, so they must agree.
   */
  private Optional<String> mismatch(Statement statement, String payloadType, JsonNode summary) {
    if (!payloadType.equals(Envelope.IN_TOTO_PAYLOAD_TYPE)) {
      return Optional.of("payload type " + payloadType);
    }
    if (!statement.subjectName().equals(change)
        || !summary.path("changeId").asString("").equals(change)) {
      return Optional.of("it is about " + statement.subjectName() + ", not " + change);
    }
    if (!summary.path("planHash").asString("").equals(statement.subjectDigest().hex())) {
      return Optional.of("the summary's plan is not the statement's");
    }
    String said;
    String why;
    List<String> conds;
    switch (statement.predicate().data()) {
      case CabApproved a -> {
        said = a.status() == ApprovalStatus.CONDITIONAL ? "conditional" : "approve";
        why = a.justification().orElse("");
        conds = a.conditions();
      }
      case CabRejected r -> {
        said = "deny";
        why = r.justification();
        conds = List.of();
      }
      default -> {
        return Optional.of("it is a " + statement.predicate().eventType() + ", not a decision");
      }
    }
    if (!said.equals(decision.toLowerCase(Locale.ROOT)) || !why.equals(justification)) {
      return Optional.of("it says " + said + " (\"" + why + "\")");
    }
    if (!conds.equals(conditions)) {
      return Optional.of("its conditions are " + conds);
    }
    return Optional.empty();
  }

  /** What is about to be signed: the statement's own words, with the change's from the summary. */
  private static void show(PrintWriter out, Statement statement, JsonNode summary) {
    String title = summary.path("title").asString("");
    out.printf(
        "change        %s%s%n", statement.subjectName(), title.isEmpty() ? "" : "  " + title);
    String env = summary.path("environment").asString("");
    out.printf(
        "client        %s%s%n",
        summary.path("client").asString(""), env.isEmpty() ? "" : " (" + env + ")");
    out.printf("plan          %s%n", statement.subjectDigest().hex());
    out.printf("risk          %s%n", summary.path("riskLevel").asString("not assessed"));
    switch (statement.predicate().data()) {
      case CabApproved a -> {
        out.printf(
            "decision      %s%n",
            a.status() == ApprovalStatus.CONDITIONAL ? "conditional" : "approve");
        out.printf("justification %s%n", a.justification().orElse(""));
        a.conditions().forEach(c -> out.printf("condition     %s%n", c));
        a.expiryDate().ifPresent(t -> out.printf("expires       %s%n", t));
      }
      case CabRejected r -> {
        out.printf("decision      deny%n");
        out.printf("justification %s%n", r.justification());
      }
      default -> {}
    }
    out.printf("as            %s%n", statement.predicate().actor().subject());
  }

  private static HttpRequest.Builder post(URI uri, String bearer, ObjectNode body) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + bearer)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.canonicalize(body)));
  }

  private static int refused(PrintWriter err, URI uri, HttpResponse<byte[]> response) {
    return fail(
        err,
        "HTTP " + response.statusCode() + " from " + uri + ": " + ServerCalls.problem(response));
  }

  private static int fail(PrintWriter err, String message) {
    err.println("cab-ledger approve: " + message);
    return 2;
  }
}
