package dev.cabledger.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path dir;

  @Test
  void writeSecret_createsMissingDirectoriesOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("nested/keys/secret.pem");

    AtomicFile.writeSecret(file, "s3cret".getBytes(StandardCharsets.US_ASCII));

    assertThat(Files.readString(file)).isEqualTo("s3cret");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writeSecret_existingFile_isRefusedAndKept() throws Exception {
    Path file = dir.resolve("secret.pem");
    AtomicFile.writeSecret(file, new byte[] {1});

    assertThatThrownBy(() -> AtomicFile.writeSecret(file, new byte[] {2}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("secret.pem");
    assertThat(Files.readAllBytes(file)).containsExactly(1);
  }

  @Test
  void writePublic_replacesAndIsWorldReadable() throws Exception {
    Path file = dir.resolve("settings.json");
    AtomicFile.writePublic(file, new byte[] {1});
    AtomicFile.writePublic(file, new byte[] {2});

    assertThat(Files.readAllBytes(file)).containsExactly(2);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void writeSecret_onAFileSystemWithoutPosixPermissions_writesWithItsDefaults() throws Exception {
    // A zip file system has no POSIX permission view: asking it for one would fail.
    try (FileSystem zip =
        FileSystems.newFileSystem(dir.resolve("keys.zip"), Map.of("create", "true"))) {
      Path file = zip.getPath("/keys/secret.pem");

      AtomicFile.writeSecret(file, "s3cret".getBytes(StandardCharsets.US_ASCII));
      AtomicFile.writePublic(zip.getPath("/keys/public.pem"), new byte[] {7});

      assertThat(Files.readString(file)).isEqualTo("s3cret");
      assertThat(Files.readAllBytes(zip.getPath("/keys/public.pem"))).containsExactly(7);
    }
  }

  @Test
  void copyPublic_largeSource_replacesTargetWithItsExactBytesAndLeavesNoTemporaryFile()
      throws Exception {
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(content);
    Path source = dir.resolve("draft.bin");
    Files.write(source, content);
    Path target = dir.resolve("out/report.json");
    Files.createDirectories(target.getParent());
    Files.writeString(target, "old");

    AtomicFile.copyPublic(source, target);

    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r--r--");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }
}
