package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashedFileOutputTest {
  private static final int CHUNK = HashedFileOutput.CHUNK;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + CHUNK / 2})
  void close_anyLength_fileAndHashHoldEveryByteInOrder(int length) throws IOException {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    Random sizes = new Random(7);

    HashedFileOutput out = new HashedFileOutput(file);
    int at = 0;
    while (at < length) {
      // Single bytes, short runs, and runs across chunk boundaries, as the writers write.
      int n = Math.min(length - at, sizes.nextInt(4) == 0 ? 1 : sizes.nextInt(CHUNK / 3 + 1));
      if (n == 1) {
        out.write(bytes[at]);
      } else {
        out.write(bytes, at, n);
      }
      at += n;
    }
    out.close();

    assertThat(file.toByteArray()).isEqualTo(bytes);
    assertThat(out.sha256()).isEqualTo(Digest.sha256(bytes));
  }

  @Test
  void sha256_beforeClose_isRefused() throws IOException {
    HashedFileOutput out = new HashedFileOutput(new ByteArrayOutputStream());
    out.write(new byte[] {1, 2, 3});

    assertThatThrownBy(out::sha256).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void write_afterClose_isRefused() throws IOException {
    HashedFileOutput out = new HashedFileOutput(new ByteArrayOutputStream());
    out.close();

    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> out.write(new byte[] {1}, 0, 1)).isInstanceOf(IOException.class);
  }

  @Test
  void close_fileThatFailsToWrite_failsAndGivesNoHash() throws IOException {
    OutputStream failing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk full");
          }
        };
    HashedFileOutput out = new HashedFileOutput(failing);

    assertThatThrownBy(() -> out.write(new byte[CHUNK + 5], 0, CHUNK + 5))
        .hasMessageContaining("disk full");
    assertThatThrownBy(out::close).hasMessageContaining("disk full");
    assertThatThrownBy(out::sha256).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void await_taskFailed_itsIoExceptionOrOneNamingTheTask() {
    IOException disk = new IOException("disk full");

    assertThatThrownBy(
            () -> HashedFileOutput.await(CompletableFuture.failedFuture(disk), "syncing it"))
        .isSameAs(disk);
    assertThatThrownBy(
            () ->
                HashedFileOutput.await(
                    CompletableFuture.failedFuture(new IllegalStateException("closed")),
                    "syncing it"))
        .isInstanceOf(IOException.class)
        .hasMessage("failed while syncing it")
        .hasRootCauseMessage("closed");
  }

  @Test
  void await_interrupted_interruptedIoExceptionAndTheFlagKept() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> HashedFileOutput.await(new CompletableFuture<>(), "syncing it"))
          .isInstanceOf(InterruptedIOException.class)
          .hasMessage("interrupted while syncing it");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
