package dev.cabledger.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.KeyId;
import dev.cabledger.core.VerificationException;
import dev.cabledger.core.VerificationException.Failure;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  private static final KeyPair KEYS = MlDsa65.generate();

  @TempDir Path dir;

  @Test
  void writePrivateKey_thenRead_signsForSamePublicKey() {
    Path file = dir.resolve("log.key");

    KeyFiles.writePrivateKey(file, KEYS.getPrivate());
    PrivateKey read = KeyFiles.readPrivateKey(file);

    byte[] message = "m".getBytes(StandardCharsets.UTF_8);
    byte[] signature = new MlDsaSigner(new KeyId("k"), read).sign(message);
    new MlDsaVerifier(KEYS.getPublic()).verify(message, signature);
    assertThat(read.getEncoded()).isEqualTo(KEYS.getPrivate().getEncoded());
  }

  @Test
  void writePrivateKey_fileIsOwnerReadWriteOnly() throws Exception {
    Path file = dir.resolve("log.key");

    KeyFiles.writePrivateKey(file, KEYS.getPrivate());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file))
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writePublicKey_fileIsWorldReadable() throws Exception {
    Path file = dir.resolve("log.pub");

    KeyFiles.writePublicKey(file, KEYS.getPublic());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void writePrivateKey_existingFile_isNotReplaced() throws Exception {
    Path file = dir.resolve("log.key");
    Files.writeString(file, "keep");

    assertThatThrownBy(() -> KeyFiles.writePrivateKey(file, KEYS.getPrivate()))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("keep");
  }

  @Test
  void writePublicKey_thenRead_isSameKey() throws Exception {
    Path file = dir.resolve("log.pub");

    KeyFiles.writePublicKey(file, KEYS.getPublic());
    PublicKey read = KeyFiles.readPublicKey(file);

    assertThat(read.getEncoded()).isEqualTo(KEYS.getPublic().getEncoded());
    String pem = Files.readString(file);
    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(pem.lines().filter(l -> !l.startsWith("-----")))
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
    assertThat(KeyFiles.parsePublicKeyPem("explanatory text\n" + pem).getEncoded())
        .isEqualTo(read.getEncoded());
  }

  @Test
  void parsePublicKeyPem_privateKeyLabel_isRejected() throws Exception {
    Path file = dir.resolve("log.key");
    KeyFiles.writePrivateKey(file, KEYS.getPrivate());

    assertThatThrownBy(() -> KeyFiles.parsePublicKeyPem(Files.readString(file)))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.KEY));
  }

  @Test
  void parsePublicKeyPem_endMarkerBeforeBegin_usesTheEndAfterBegin() throws Exception {
    Path file = dir.resolve("log.pub");
    KeyFiles.writePublicKey(file, KEYS.getPublic());
    String pem = "-----END PUBLIC KEY-----\n" + Files.readString(file);

    assertThat(KeyFiles.parsePublicKeyPem(pem).getEncoded())
        .isEqualTo(KEYS.getPublic().getEncoded());
  }

  @Test
  void parsePublicKeyPem_missingMarker_namesTheMissingOne() {
    assertThatThrownBy(() -> KeyFiles.parsePublicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAA\n"))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("missing -----END PUBLIC KEY-----");
    assertThatThrownBy(() -> KeyFiles.parsePublicKeyPem("AAAA\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("missing -----BEGIN PUBLIC KEY-----");
  }

  @Test
  void parsePublicKeyPem_badBase64_isRejected() {
    assertThatThrownBy(
            () ->
                KeyFiles.parsePublicKeyPem(
                    "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(VerificationException.class);
  }

  @Test
  void readPrivateKey_garbage_isRejectedAsKey() throws Exception {
    Path file = dir.resolve("bad.key");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> KeyFiles.readPrivateKey(file))
        .isInstanceOfSatisfying(
            VerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.KEY));
  }

  @Test
  void readPublicKey_missingFile_isUncheckedIo() {
    assertThatThrownBy(() -> KeyFiles.readPublicKey(dir.resolve("none.pub")))
        .isInstanceOf(UncheckedIOException.class);
  }
}
