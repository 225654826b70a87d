package dev.cabledger.cli;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.bundle.BundleLookup;
import dev.cabledger.core.bundle.BundleVerificationException;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.bundle.GateVerdicts;
import dev.cabledger.core.bundle.LogHistory;
import dev.cabledger.core.bundle.ProofJson;
import dev.cabledger.core.bundle.Receipt;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.merkle.ConsistencyProof;
import dev.cabledger.core.registry.KeyRing;
import dev.cabledger.core.registry.LogTrust;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cab-ledger verify}: checks an audit bundle offline, with public keys only. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies an audit bundle offline: the checkpoint signature, every entry's inclusion proof"
          + " and signatures, that no entry of the range is missing, and that every gate verdict"
          + " re-derives from the entries before it under the policy it recorded.",
      "Exit 0: everything verified. Exit 1: findings (each names the entry), a gate verdict that"
          + " does not re-derive among them. Exit 2: cannot read the input."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle file, or - for standard input.")
  String bundle = "-";

  @Option(
      names = "--trust",
      paramLabel = "FILE",
      description =
          "The log's trust file (cab-ledger keys trust-file), obtained out of band: the only log"
              + " key trusted. Without it the log key comes from --keys or the bundle, and the"
              + " result says nothing is pinned.")
  Optional<Path> trust = Optional.empty();

  @Option(
      names = "--keys",
      paramLabel = "FILE",
      description =
          "A key registry you kept (JSON as served by GET /api/keys), cross-checked against the"
              + " keys the log's own KEY_* entries establish.")
  Optional<Path> keys = Optional.empty();

  @Option(names = "--quiet", description = "Print findings only, no progress.")
  boolean quiet;

  @Option(
      names = "--checkpoint",
      paramLabel = "SAVED",
      description =
          "A signed checkpoint of the same log kept earlier: the bundle's checkpoint must extend"
              + " it (else a rollback or a fork is reported).")
  Optional<Path> savedCheckpoint = Optional.empty();

  @Option(
      names = "--receipts",
      paramLabel = "FILE",
      description =
          "Receipts clients kept from appends (one, or a JSON array): each must be consistent"
              + " with the bundle's checkpoint, and its entry must be unchanged.")
  Optional<Path> receipts = Optional.empty();

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Where to fetch consistency proofs the bundle does not carry"
              + " (GET URL/api/ledger/proofs/consistency).")
  Optional<URI> server = Optional.empty();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<KeyRing> pinned = Optional.empty();
    if (keys.isPresent()) {
      try {
        pinned = Optional.of(KeyRing.fromJson(CanonicalJson.parse(Files.readAllBytes(keys.get()))));
      } catch (IOException | VerificationException e) {
        err.println("cannot read the key registry " + keys.get() + ": " + e.getMessage());
        return 2;
      }
    }
    if ((savedCheckpoint.isPresent() || receipts.isPresent()) && "-".equals(bundle)) {
      err.println("--checkpoint and --receipts need a bundle file, not standard input");
      return 2;
    }
    Optional<LogTrust> pinnedLog = Optional.empty();
    if (trust.isPresent()) {
      try {
        pinnedLog = Optional.of(LogTrust.parse(Files.readAllBytes(trust.get())));
      } catch (IOException | VerificationException e) {
        err.println("cannot read the trust file " + trust.get() + ": " + e.getMessage());
        return 2;
      }
    }
    try (InputStream in = open()) {
      VerifiedBundle ok =
          new BundleVerifier(pinnedLog, pinned)
              .verify(
                  in,
                  n -> {
                    if (!quiet && n > 0 && n % 100_000 == 0) {
                      err.println("… " + n + " entries checked");
                      err.flush();
                    }
                  });
      List<String> history = new ArrayList<>();
      int historyCode = verifyHistory(ok, pinned, history);
      if (historyCode != 0) {
        return historyCode;
      }
      out.printf(
          "VERIFIED: %d entries [%d, %d), %d signatures, under checkpoint %s size %d root %s%n",
          ok.entries(),
          ok.from(),
          ok.to(),
          ok.signatures(),
          ok.checkpoint().origin(),
          ok.checkpoint().size(),
          ok.checkpoint().root().base64());
      printGates(out, ok.gates());
      history.forEach(out::println);
      ok.notes().forEach(n -> out.println("note: " + n));
      out.flush();
      return 0;
    } catch (BundleVerificationException e) {
      out.println("FAILED: " + e.findings().size() + " finding(s)");
      for (Finding f : e.findings()) {
        out.println("  " + f);
      }
      printGates(out, e.gates());
      out.flush();
      return 1;
    } catch (NoSuchFileException e) {
      err.println("no such bundle file: " + e.getFile());
      return 2;
    } catch (IOException e) {
      err.println("cannot read the bundle: " + e.getMessage());
      return 2;
    }
  }

  /** The gate verdicts re-derived, and why any could not be. */
  private static void printGates(PrintWriter out, GateVerdicts gates) {
    out.println("GATE VERDICTS: " + gates.summary());
    gates.notices().forEach(n -> out.println("note: " + n));
    long left = gates.notRederivable() - gates.notices().size();
    if (left > 0) {
      out.println("note: " + left + " more gate verdict(s) not re-derivable");
    }
  }

  /**
   * Checks what was kept earlier (--checkpoint, --receipts) against the verified bundle: 0 with
   * lines to print after VERIFIED, or the exit code after printing why not.
   */
  private int verifyHistory(VerifiedBundle ok, Optional<KeyRing> pinned, List<String> report)
      throws IOException {
    if (savedCheckpoint.isEmpty() && receipts.isEmpty()) {
      return 0;
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Receipt> kept = List.of();
    Optional<String> savedNote = Optional.empty();
    try {
      if (savedCheckpoint.isPresent()) {
        savedNote = Optional.of(Files.readString(savedCheckpoint.get()));
      }
      if (receipts.isPresent()) {
        kept = Receipt.listFromJson(CanonicalJson.parse(Files.readAllBytes(receipts.get())));
      }
    } catch (IOException | VerificationException e) {
      err.println("cannot read what was kept earlier: " + e.getMessage());
      return 2;
    }
    Set<Long> indexes = kept.stream().map(Receipt::index).collect(Collectors.toSet());
    BundleLookup lookup;
    try (InputStream in = open()) {
      lookup = BundleLookup.read(in, ok.checkpoint(), indexes);
    }
    Optional<KeyRing> keys = pinned.or(lookup::keys);
    if (keys.isEmpty()) {
      err.println("no key registry to verify what was kept earlier with");
      return 2;
    }
    LogHistory history =
        new LogHistory(
            ok.checkpoint(),
            keys.get(),
            size -> lookup.consistencyFrom(size).or(() -> fetchProof(size, ok, err)));
    List<String> failures = new ArrayList<>();
    if (savedNote.isPresent()) {
      try {
        long size = history.requireExtends(savedNote.get()).size();
        report.add(
            "CONSISTENT: the log of size "
                + ok.checkpoint().size()
                + " extends the checkpoint kept at size "
                + size);
      } catch (VerificationException e) {
        failures.add(e.getMessage());
      }
    }
    List<Finding> receiptFindings = history.checkReceipts(kept, lookup::leaf);
    receiptFindings.forEach(f -> failures.add(f.toString()));
    if (receipts.isPresent() && receiptFindings.isEmpty()) {
      report.add(
          "RECEIPTS: "
              + kept.size()
              + " receipt(s) consistent with the checkpoint of size "
              + ok.checkpoint().size());
    }
    if (failures.isEmpty()) {
      return 0;
    }
    out.println("FAILED: " + failures.size() + " finding(s)");
    failures.forEach(f -> out.println("  " + f));
    out.flush();
    return 1;
  }

  /** A consistency proof from {@code --server}, when one is given and answers. */
  private Optional<ConsistencyProof> fetchProof(long fromSize, VerifiedBundle ok, PrintWriter err) {
    long toSize = ok.checkpoint().size();
    if (server.isEmpty() || fromSize < 1 || fromSize > toSize) {
      return Optional.empty();
    }
    URI uri =
        server.get().resolve("/api/ledger/proofs/consistency?from=" + fromSize + "&to=" + toSize);
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        err.println("no consistency proof from " + uri + ": HTTP " + response.statusCode());
        return Optional.empty();
      }
      return Optional.of(ProofJson.parseConsistency(CanonicalJson.parse(response.body())));
    } catch (IOException | VerificationException | IllegalArgumentException e) {
      err.println("no consistency proof from " + uri + ": " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private InputStream open() throws IOException {
    return "-".equals(bundle)
        ? new BufferedInputStream(System.in)
        : new BufferedInputStream(Files.newInputStream(Path.of(bundle)), 1 << 16);
  }
}
