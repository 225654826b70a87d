package dev.cabledger.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of every command that signs with an approver's own key (a picocli mixin): the private
 * key file and, if not beside it, its public key file ({@link KeyPairFiles}).
 */
final class KeyPairOptions {
  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description =
          "Your private approver key, PKCS#8 PEM (as `cab-ledger keys generate` writes it).")
  Path key = Path.of("");

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      description = "Its public key, SPKI PEM (default: FILE with .pem replaced by .pub.pem).")
  Optional<Path> publicKey = Optional.empty();

  /** The pair, read and checked to be one (see {@link KeyPairFiles#read}). */
  KeyPair read() {
    return KeyPairFiles.read(key, publicKey);
  }
}
