package dev.cabledger.server.reports;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

/**
 * Writes the JSON report: the summary first, as in the article, though it is known only at the end,
 * without holding the period. The first and largest section, {@code changes}, is written straight
 * into the report after room left for the summary; the others stream to scratch files as the scan
 * finds their records and are appended after it. The summary is then written into its room, padded
 * with spaces (JSON's insignificant whitespace, RFC 8259 §2): the room is that of the summary with
 * every count at its widest, so only a summary that names problems can outgrow it, and then the
 * sections move along to make space.
 *
 * <p>Writing {@code changes} in place rather than copying it after the summary spares a second
 * write of most of the report, which took one core 1–3 ms per MiB after the scan while the others
 * were idle (docs/benchmarks.md, ninth round).
 */
final class JsonReportWriter implements ReportSink, AutoCloseable {
  /** The sections, in the order the report has them. */
  static final List<String> SECTIONS =
      List.of(
          "changes",
          "exceptions",
          "revokedApprovals",
          "expiredApprovals",
          "blockedGateAnswers",
          "overrides",
          "emergencyChanges",
          "overdueReviews");

  /**
   * Writes a record into its section without flushing the generator after it (the mapper's
   * default): a flush per record cost a write per change. Closing a generator leaves its stream
   * open: the report's own is the draft's.
   */
  private static final ObjectWriter RECORDS =
      ReportJson.MAPPER
          .writer()
          .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
          .without(StreamWriteFeature.AUTO_CLOSE_TARGET);

  private record Section(Path file, OutputStream out, JsonGenerator json) {}

  private final ReportStore.Draft draft;
  private final FileChannel report;

  /** The bytes left at the start of the report for the summary. */
  private final int room;

  /** The report after the summary's room: {@code changes}, then the other sections. */
  private final OutputStream sections;

  private final JsonGenerator changes;
  private final Map<String, Section> scratch = new LinkedHashMap<>();

  /**
   * A writer into the draft, leaving room for {@code widest}'s summary.
   *
   * @param widest the report's summary with its counts at their widest ({@link
   *     ReportHeader#widest()})
   */
  JsonReportWriter(ReportStore.Draft draft, ReportHeader widest) {
    this.draft = draft;
    this.report = draft.channel();
    this.room = opening(widest).length;
    try {
      report.position(room);
      // A write per 64 KiB rather than per generator buffer (8 KB): a section may hold hundreds of
      // megabytes.
      sections = new BufferedOutputStream(Channels.newOutputStream(report), 1 << 16);
      sections.write(member(SECTIONS.getFirst()));
      changes = RECORDS.createGenerator(sections);
      changes.writeStartArray();
      for (String name : SECTIONS.subList(1, SECTIONS.size())) {
        Path file = draft.scratch(name);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator json = RECORDS.createGenerator(out);
        json.writeStartArray();
        scratch.put(name, new Section(file, out, json));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean wantsSections() {
    return true;
  }

  @Override
  public void change(ReportedChange change) {
    RECORDS.writeValue(changes, change);
  }

  @Override
  public void exception(ReportedException exception) {
    write("exceptions", exception);
  }

  @Override
  public void ended(EndedApproval ended) {
    write(ended.how().equals("revoked") ? "revokedApprovals" : "expiredApprovals", ended);
  }

  @Override
  public void blockedGate(BlockedGateAnswer answer) {
    write("blockedGateAnswers", answer);
  }

  @Override
  public void override(ReportedOverride override) {
    write("overrides", override);
  }

  @Override
  public void emergency(ReportedEmergency emergency) {
    write("emergencyChanges", emergency);
  }

  @Override
  public void overdueReview(ReportedEmergency emergency) {
    write("overdueReviews", emergency);
  }

  private void write(String section, Object value) {
    RECORDS.writeValue(scratch.get(section).json(), value);
  }

  /**
   * Ends the report: the other sections after {@code changes}, and the summary at the start.
   *
   * @param header the summary, now that the scan has counted it
   */
  void finish(ReportHeader header) throws IOException {
    changes.writeEndArray();
    changes.close();
    for (Map.Entry<String, Section> s : scratch.entrySet()) {
      Section section = s.getValue();
      section.json().writeEndArray();
      section.json().close();
      section.out().close();
      sections.write(member(s.getKey()));
      Files.copy(section.file(), sections);
    }
    sections.write("}\n".getBytes(StandardCharsets.UTF_8));
    sections.flush();
    byte[] opening = opening(header);
    if (opening.length <= room) {
      byte[] padded = Arrays.copyOf(opening, room);
      Arrays.fill(padded, opening.length, room, (byte) ' ');
      writeAt(padded, 0);
    } else {
      // Only a summary that names problems outgrows its room: the sections move along.
      Path moved = draft.scratch("sections");
      long length = report.size() - room;
      try (FileChannel out = FileChannel.open(moved, StandardOpenOption.WRITE)) {
        for (long done = 0; done < length; ) {
          done += transferred(report.transferTo(room + done, length - done, out));
        }
      }
      writeAt(opening, 0);
      try (FileChannel in = FileChannel.open(moved, StandardOpenOption.READ)) {
        for (long done = 0; done < length; ) {
          done += transferred(report.transferFrom(in, opening.length + done, length - done));
        }
      }
    }
  }

  private void writeAt(byte[] bytes, long position) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      report.write(buffer, position + buffer.position());
    }
  }

  /** A transfer's count; none at all means the file ended early, which would loop forever. */
  private static long transferred(long count) throws IOException {
    if (count <= 0) {
      throw new IOException("the report's sections could not be moved: a file ended early");
    }
    return count;
  }

  /** The summary's JSON object, left open for the sections. */
  private static byte[] opening(ReportHeader header) {
    String summary = ReportJson.MAPPER.writeValueAsString(header);
    return summary.substring(0, summary.length() - 1).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] member(String name) {
    return (",\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    changes.close();
    for (Section s : scratch.values()) {
      s.json().close();
      try {
        s.out().close();
      } catch (IOException e) {
        // A scratch file the draft deletes.
      }
    }
  }
}
