package dev.cabledger.core.sign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes key material and settings so that a crash never leaves half a file and a secret is never
 * readable by others, not even briefly: a temporary file in the same directory, created exclusively
 * with its final permissions, synced, then renamed into place atomically. On file systems without
 * POSIX permissions the directory's default access control applies.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /**
   * Writes a secret (owner-only read/write, POSIX 0600). An existing file is never replaced: a
   * private key that already exists is a key something may depend on.
   *
   * @throws UncheckedIOException if the file exists or cannot be written
   */
  public static void writeSecret(Path file, byte[] content) {
    write(file, content, true);
  }

  /** Writes a file anyone may read (POSIX 0644), replacing an existing one. */
  public static void writePublic(Path file, byte[] content) {
    write(file, content, false);
  }

  /**
   * Copies a file anyone may read (POSIX 0644) to {@code file}, replacing an existing one, without
   * holding its bytes in memory (a report of a busy quarter is hundreds of megabytes).
   */
  public static void copyPublic(Path source, Path file) {
    write(
        file,
        channel -> {
          try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
              done += in.transferTo(done, size - done, channel);
            }
          }
        },
        false);
  }

  /** Writes a file's content to its temporary file. */
  @FunctionalInterface
  private interface Content {
    void writeTo(FileChannel channel) throws IOException;
  }

  private static void write(Path file, byte[] content, boolean secret) {
    write(
        file,
        channel -> {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        },
        secret);
  }

  private static void write(Path file, Content content, boolean secret) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    try {
      Files.createDirectories(dir);
      if (secret && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(
            target.toString(), null, "refusing to overwrite a private key");
      }
      boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
      FileAttribute<?>[] attributes =
          posix
              ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
              }
              : new FileAttribute<?>[0];
      // createTempFile creates the file exclusively, with these permissions from the start.
      Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes);
      try {
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          content.writeTo(channel);
          channel.force(true);
        }
        if (!secret && posix) {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
