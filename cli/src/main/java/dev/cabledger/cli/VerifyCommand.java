package dev.cabledger.cli;

import dev.cabledger.core.VerificationException;
import dev.cabledger.core.bundle.BundleVerificationException;
import dev.cabledger.core.bundle.BundleVerifier;
import dev.cabledger.core.bundle.Finding;
import dev.cabledger.core.bundle.VerifiedBundle;
import dev.cabledger.core.json.CanonicalJson;
import dev.cabledger.core.registry.KeyRing;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
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
          + " and signatures, and that no entry of the range is missing.",
      "Exit 0: everything verified. Exit 1: findings (each names the entry). Exit 2: cannot read"
          + " the input."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle file, or - for standard input.")
  String bundle = "-";

  @Option(
      names = "--keys",
      paramLabel = "FILE",
      description =
          "The key registry you trust (JSON as served by GET /api/keys). Without it the bundle's"
              + " own registry is used, and the result says so.")
  Optional<Path> keys = Optional.empty();

  @Option(names = "--quiet", description = "Print findings only, no progress.")
  boolean quiet;

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
    try (InputStream in = open()) {
      VerifiedBundle ok =
          new BundleVerifier(pinned)
              .verify(
                  in,
                  n -> {
                    if (!quiet && n > 0 && n % 100_000 == 0) {
                      err.println("… " + n + " entries checked");
                      err.flush();
                    }
                  });
      out.printf(
          "VERIFIED: %d entries [%d, %d), %d signatures, under checkpoint %s size %d root %s%n",
          ok.entries(),
          ok.from(),
          ok.to(),
          ok.signatures(),
          ok.checkpoint().origin(),
          ok.checkpoint().size(),
          ok.checkpoint().root().base64());
      ok.notes().forEach(n -> out.println("note: " + n));
      out.flush();
      return 0;
    } catch (BundleVerificationException e) {
      out.println("FAILED: " + e.findings().size() + " finding(s)");
      for (Finding f : e.findings()) {
        out.println("  " + f);
      }
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

  private InputStream open() throws IOException {
    return "-".equals(bundle)
        ? new BufferedInputStream(System.in)
        : new BufferedInputStream(Files.newInputStream(Path.of(bundle)), 1 << 16);
  }
}
