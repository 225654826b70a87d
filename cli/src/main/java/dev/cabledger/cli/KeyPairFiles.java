package dev.cabledger.cli;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.sign.KeyFiles;
import dev.cabledger.core.sign.MlDsa65;
import dev.cabledger.core.sign.MlDsaSigner;
import dev.cabledger.core.sign.MlDsaVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/**
 * An approver's key pair from its PEM files: the PKCS#8 private key and its SPKI public key (beside
 * it as {@code NAME.pub.pem}, or named), checked to be one pair. A PKCS#8 ML-DSA key does not give
 * its public half back, and the public half names the key (its id).
 */
final class KeyPairFiles {
  private KeyPairFiles() {}

  /**
   * Reads and checks the pair.
   *
   * @throws VerificationException if a file is not such a key, or the two are not one pair
   * @throws java.io.UncheckedIOException if a file cannot be read
   */
  static KeyPair read(Path key, Optional<Path> publicKey) {
    PrivateKey priv = KeyFiles.readPrivateKey(key);
    Path pubFile = publicKey.orElseGet(() -> defaultPublicKey(key));
    PublicKey pub = KeyFiles.readPublicKey(pubFile);
    byte[] probe = "cab-ledger key pair check".getBytes(StandardCharsets.UTF_8);
    KeyId id = KeyId.forMlDsa65(MlDsa65.spki(pub));
    try {
      new MlDsaVerifier(pub).verify(probe, new MlDsaSigner(id, priv).sign(probe));
    } catch (VerificationException e) {
      throw new VerificationException(
          VerificationException.Failure.KEY,
          "the public key " + pubFile + " is not the public half of " + key);
    }
    return new KeyPair(pub, priv);
  }

  private static Path defaultPublicKey(Path privateKey) {
    String name = privateKey.getFileName().toString();
    String stem = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
    return privateKey.resolveSibling(stem + ".pub.pem");
  }
}
