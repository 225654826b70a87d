package dev.cabledger.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cabledger.core.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportStoreTest {
  @TempDir Path dir;

  private static final byte[] BYTES = "a,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8);

  private ReportStore.Stored store(ReportStore store) throws IOException {
    try (ReportStore.Draft draft = store.draft()) {
      Path scratch = draft.scratch("part");
      Files.writeString(scratch, "scratch");
      draft.out().write(BYTES);
      return draft.keep(ReportFormat.CSV);
    }
  }

  @Test
  void keep_storesTheBytesUnderTheirHashAndLeavesNoDraft() throws IOException {
    ReportStore store = ReportStore.in(dir);

    ReportStore.Stored stored = store(store);

    assertThat(stored.hash()).isEqualTo(Digest.sha256(BYTES));
    assertThat(stored.size()).isEqualTo(BYTES.length);
    assertThat(stored.file().getFileName().toString()).isEqualTo(stored.hash().hex() + ".csv");
    assertThat(Files.readAllBytes(stored.file())).isEqualTo(BYTES);
    assertThat(store.find(stored.hash(), ReportFormat.CSV)).contains(stored.file());
    assertThat(store.find(stored.hash(), ReportFormat.JSON)).isEmpty();
    assertThat(ReportStore.hash(stored.file())).isEqualTo(stored.hash());
    assertThat(names()).containsExactly(stored.hash().hex() + ".csv");
  }

  @Test
  void keep_reportOfSeveralChunks_storedUnderTheHashOfItsFile() throws IOException {
    // Larger than two of the chunks the output hashes on its own thread.
    byte[] bytes = new byte[2 * HashedFileOutput.CHUNK + 12_345];
    new Random(14).nextBytes(bytes);
    ReportStore store = ReportStore.in(dir);

    ReportStore.Stored stored;
    try (ReportStore.Draft draft = store.draft()) {
      draft.out().write(bytes, 0, 1000);
      draft.out().write(bytes, 1000, bytes.length - 1000);
      stored = draft.keep(ReportFormat.JSON);
    }

    assertThat(stored.hash()).isEqualTo(Digest.sha256(bytes));
    assertThat(ReportStore.hash(stored.file())).isEqualTo(stored.hash());
    assertThat(Files.readAllBytes(stored.file())).isEqualTo(bytes);
    assertThat(names()).containsExactly(stored.hash().hex() + ".json");
  }

  @Test
  void keep_writtenInPlace_storedUnderTheHashOfWhatTheFileHolds() throws IOException {
    ReportStore store = ReportStore.in(dir);

    ReportStore.Stored stored;
    try (ReportStore.Draft draft = store.draft()) {
      FileChannel file = draft.channel();
      file.write(ByteBuffer.wrap(BYTES), 4);
      file.write(ByteBuffer.wrap("abcd".getBytes(StandardCharsets.UTF_8)), 0);
      stored = draft.keep(ReportFormat.CSV);
    }

    byte[] expected =
        ("abcd" + new String(BYTES, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    assertThat(stored.hash()).isEqualTo(Digest.sha256(expected));
    assertThat(stored.size()).isEqualTo(expected.length);
    assertThat(Files.readAllBytes(stored.file())).isEqualTo(expected);
    assertThat(names()).containsExactly(stored.hash().hex() + ".csv");
  }

  @Test
  void channel_ofAStreamedDraft_refused() throws IOException {
    ReportStore store = ReportStore.in(dir);

    try (ReportStore.Draft draft = store.draft()) {
      draft.out().write(BYTES);

      assertThatThrownBy(draft::channel).isInstanceOf(IllegalStateException.class);
    }
    try (ReportStore.Draft draft = store.draft()) {
      draft.channel();

      assertThatThrownBy(draft::out).isInstanceOf(IllegalStateException.class);
    }
    assertThat(names()).isEmpty();
  }

  @Test
  void close_writtenInPlaceWithoutKeep_deletesTheDraft() throws IOException {
    ReportStore store = ReportStore.in(dir);

    try (ReportStore.Draft draft = store.draft()) {
      draft.channel().write(ByteBuffer.wrap(BYTES), 0);
    }

    assertThat(names()).isEmpty();
  }

  @Test
  void keep_theSameBytesTwice_oneFile() throws IOException {
    ReportStore store = ReportStore.in(dir);

    ReportStore.Stored first = store(store);
    ReportStore.Stored second = store(store);

    assertThat(second).isEqualTo(first);
    assertThat(names()).hasSize(1);
  }

  @Test
  void close_withoutKeep_deletesTheDraft() throws IOException {
    ReportStore store = ReportStore.in(dir);

    try (ReportStore.Draft draft = store.draft()) {
      draft.out().write(BYTES);
      draft.scratch("part");
    }

    assertThat(names()).isEmpty();
  }

  @Test
  void keepSignature_besideTheReports_byReportId() throws IOException {
    ReportStore store = ReportStore.in(dir);
    UUID id = UUID.randomUUID();

    store.keepSignature(id, BYTES);

    assertThat(Files.readAllBytes(dir.resolve(id + ".sig.json"))).isEqualTo(BYTES);
    assertThat(names()).containsExactly(id + ".sig.json");
  }

  private java.util.List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
