package dev.cabledger.server.reports;

import dev.cabledger.core.Digest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A streamed report file's output (CSV, PDF): the bytes go to the file, and into its SHA-256 on a
 * thread of its own, a chunk behind the writing. The PDF is written after its scan, with the other
 * cores idle: writing it into the file and hashing it each take about half of that step, so they
 * run side by side. A report smaller than a chunk is hashed on the caller's thread, without one.
 */
final class HashedFileOutput extends OutputStream {
  /** The bytes written (and then hashed) at a time. */
  static final int CHUNK = 1 << 20;

  private final OutputStream file;
  private final MessageDigest sha256 = Digest.newSha256();
  private byte[] filling = new byte[CHUNK];

  /** The chunk last handed to the hasher, filled again once it is hashed. */
  private byte[] hashed = new byte[0];

  private int filled;
  private Future<?> hashing = CompletableFuture.completedFuture(null);
  private Optional<ExecutorService> hasher = Optional.empty();
  private Optional<Digest> digest = Optional.empty();
  private boolean closed;

  HashedFileOutput(OutputStream file) {
    this.file = file;
  }

  @Override
  public void write(int b) throws IOException {
    requireOpen();
    filling[filled++] = (byte) b;
    if (filled == CHUNK) {
      handOver();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    requireOpen();
    while (len > 0) {
      int n = Math.min(len, CHUNK - filled);
      System.arraycopy(b, off, filling, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == CHUNK) {
        handOver();
      }
    }
  }

  private void requireOpen() throws IOException {
    if (closed) {
      throw new IOException("the report file is closed");
    }
  }

  /** Writes the full chunk to the file, then hashes it on the hasher while the next one fills. */
  private void handOver() throws IOException {
    file.write(filling, 0, filled);
    awaitHashing();
    byte[] chunk = filling;
    int length = filled;
    if (hasher.isEmpty()) {
      hasher =
          Optional.of(
              Executors.newSingleThreadExecutor(
                  Thread.ofPlatform().daemon().name("report-hash").factory()));
    }
    hashing = hasher.get().submit(() -> sha256.update(chunk, 0, length));
    filling = hashed.length == 0 ? new byte[CHUNK] : hashed;
    hashed = chunk;
    filled = 0;
  }

  private void awaitHashing() throws IOException {
    await(hashing, "hashing the report");
  }

  /**
   * Waits for a task the report's writing handed to another thread; its failure is the caller's.
   *
   * @param doing what the task does, for the error's message
   * @throws IOException the task's own, or one that names the task
   */
  static void await(Future<?> task, String doing) throws IOException {
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + doing);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io
          ? io
          : new IOException("failed while " + doing, e.getCause());
    }
  }

  @Override
  public void flush() throws IOException {
    // Bytes still in the chunk stay there: a file flushed part-way is read by nobody.
    file.flush();
  }

  /** Writes and hashes what is left, and closes the file; {@link #sha256()} is then known. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream f = file) {
      f.write(filling, 0, filled);
      awaitHashing();
      sha256.update(filling, 0, filled);
      digest = Optional.of(Digest.of(sha256.digest()));
    } finally {
      hasher.ifPresent(ExecutorService::shutdownNow);
      filling = new byte[0];
      hashed = new byte[0];
    }
  }

  /**
   * The SHA-256 of every byte written.
   *
   * @throws IllegalStateException before the output is closed, or if closing it failed
   */
  Digest sha256() {
    return digest.orElseThrow(
        () -> new IllegalStateException("the report file's hash is known once it is closed"));
  }
}
