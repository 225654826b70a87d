package dev.cabledger.server.reports;

import dev.cabledger.core.Digest;
import dev.cabledger.server.CabProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The reports' bytes, content-addressed and never rewritten: {@code <data dir>/reports/<sha256>.
 * <json|csv|pdf>}, with a copy of each report's signature beside them ({@code <report
 * id>.sig.json}, the {@code REPORT_GENERATED} entry's bytes, which the log holds too). A report is
 * written to a draft in the same directory while it is hashed, then moved under its hash.
 */
@Component
final class ReportStore {
  private final Path dir;

  @Autowired
  ReportStore(CabProperties properties) {
    this(properties.dataDir().resolve("reports"));
  }

  private ReportStore(Path dir) {
    this.dir = dir;
  }

  /** A store in {@code dir}. */
  static ReportStore in(Path dir) {
    return new ReportStore(dir);
  }

  /** A stored report: its hash, size and file. */
  record Stored(Digest hash, long size, Path file) {}

  /**
   * A report being written: its bytes go to a temporary file, either streamed and hashed as they
   * are written ({@link #out()}) or written in place and hashed when kept ({@link #channel()}), and
   * scratch files for the parts written before they are assembled; whatever is not kept is deleted
   * on close.
   */
  final class Draft implements AutoCloseable {
    private final Path file;
    private Optional<HashedFileOutput> out = Optional.empty();
    private Optional<FileChannel> channel = Optional.empty();
    private final List<Path> scratch = new ArrayList<>();
    private boolean kept;

    private Draft() throws IOException {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "draft-", ".tmp");
    }

    /**
     * Where the report's bytes go, in order, exactly as they will be hashed, stored and answered.
     *
     * @throws IllegalStateException if the report is written in place ({@link #channel()})
     */
    HashedFileOutput out() {
      if (channel.isPresent()) {
        throw new IllegalStateException("this draft is written in place");
      }
      if (out.isEmpty()) {
        try {
          out = Optional.of(new HashedFileOutput(Files.newOutputStream(file)));
        } catch (IOException e) {
          throw unavailable("cannot write the report", e);
        }
      }
      return out.get();
    }

    /**
     * The report's file, for a writer that comes back to a region it left: the JSON report writes
     * its sections after room for its summary, and the summary there at the end. Its bytes are read
     * again and hashed when the draft is kept.
     *
     * @throws IllegalStateException if the report is streamed ({@link #out()})
     */
    FileChannel channel() {
      if (out.isPresent()) {
        throw new IllegalStateException("this draft is streamed");
      }
      if (channel.isEmpty()) {
        try {
          channel =
              Optional.of(
                  FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (IOException e) {
          throw unavailable("cannot write the report", e);
        }
      }
      return channel.get();
    }

    /**
     * The directory of the draft, for a writer's own scratch files (the PDF writer's page store),
     * which it deletes itself.
     */
    Path directory() {
      return dir;
    }

    /** A scratch file, deleted when the draft closes. */
    Path scratch(String name) {
      try {
        Path p = Files.createTempFile(dir, "draft-" + name + "-", ".tmp");
        scratch.add(p);
        return p;
      } catch (IOException e) {
        throw unavailable("cannot create a scratch file", e);
      }
    }

    /** Ends the report and stores it under its hash, made durable before the hash is logged. */
    Stored keep(ReportFormat format) {
      try {
        Digest hash;
        if (channel.isPresent()) {
          try (FileChannel ch = channel.get()) {
            // Made durable while it is read back and hashed: the disk's part of this step and the
            // core's overlap.
            FutureTask<Void> durable =
                new FutureTask<>(
                    () -> {
                      ch.force(true);
                      return null;
                    });
            Thread.ofPlatform().daemon().name("report-sync").start(durable);
            hash = hash(file);
            HashedFileOutput.await(durable, "making the report durable");
          }
        } else {
          HashedFileOutput streamed = out();
          streamed.close();
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
          }
          hash = streamed.sha256();
        }
        Path target = path(hash, format);
        long size = Files.size(file);
        if (Files.exists(target)) {
          // The same bytes again (a CSV of an unchanged period): they are stored already.
          Files.delete(file);
        } else {
          move(file, target);
        }
        kept = true;
        return new Stored(hash, size, target);
      } catch (IOException e) {
        throw unavailable("cannot store the report", e);
      }
    }

    @Override
    public void close() {
      try {
        if (out.isPresent()) {
          out.get().close();
        }
        if (channel.isPresent()) {
          channel.get().close();
        }
      } catch (IOException e) {
        // The draft is discarded; a failure to close it changes nothing.
      }
      List<Path> leftovers = new ArrayList<>(scratch);
      if (!kept) {
        leftovers.add(file);
      }
      for (Path p : leftovers) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // Left behind under the draft- prefix, which no report's name has.
        }
      }
    }
  }

  /**
   * Opens a draft.
   *
   * @throws ReportStoreUnavailableException if the directory cannot be written
   */
  Draft draft() {
    try {
      return new Draft();
    } catch (IOException e) {
      throw unavailable("cannot write to the report store", e);
    }
  }

  /** The stored bytes of a report, if this instance holds them. */
  Optional<Path> find(Digest hash, ReportFormat format) {
    Path p = path(hash, format);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** The SHA-256 of a stored file, read through. */
  static Digest hash(Path file) {
    MessageDigest md = Digest.newSha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw unavailable("cannot read " + file.getFileName(), e);
    }
    return Digest.of(md.digest());
  }

  /** Keeps a copy of a report's signature beside its bytes. */
  void keepSignature(UUID reportId, byte[] signature) {
    try {
      Path tmp = Files.createTempFile(dir, "draft-sig-", ".tmp");
      try {
        Files.write(tmp, signature);
        move(tmp, dir.resolve(reportId + ".sig.json"));
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw unavailable("cannot store the report's signature", e);
    }
  }

  private Path path(Digest hash, ReportFormat format) {
    return dir.resolve(hash.hex() + "." + format.extension());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static ReportStoreUnavailableException unavailable(String what, IOException e) {
    return new ReportStoreUnavailableException(
        "the report store " + what + ": " + e.getMessage(), e);
  }
}
