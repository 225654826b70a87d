package dev.cabledger.server.reports;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

/**
 * Writes the JSON report: each section streams to a scratch file as the scan finds its records, and
 * the report is then the summary (known only at the end) followed by the sections' bytes, so that
 * the summary comes first, as in the article, without holding the period.
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
   * default): a flush per record cost a write to the scratch file per change.
   */
  private static final ObjectWriter RECORDS =
      ReportJson.MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  private record Section(Path file, OutputStream out, JsonGenerator json) {}

  private final Map<String, Section> sections = new LinkedHashMap<>();

  JsonReportWriter(ReportStore.Draft draft) {
    for (String name : SECTIONS) {
      Path file = draft.scratch(name);
      try {
        // A write per 64 KiB rather than per generator buffer (8 KB): a section may hold
        // hundreds of megabytes.
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator json = ReportJson.MAPPER.createGenerator(out);
        json.writeStartArray();
        sections.put(name, new Section(file, out, json));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public boolean wantsSections() {
    return true;
  }

  @Override
  public void change(ReportedChange change) {
    write("changes", change);
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
    RECORDS.writeValue(sections.get(section).json(), value);
  }

  /** Writes the report: the summary's members, then every section. */
  void finish(ReportHeader header, OutputStream out) throws IOException {
    for (Section s : sections.values()) {
      s.json().writeEndArray();
      s.json().close();
      s.out().close();
    }
    String summary = ReportJson.MAPPER.writeValueAsString(header);
    // The summary object, left open for the sections.
    out.write(summary.substring(0, summary.length() - 1).getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, Section> s : sections.entrySet()) {
      out.write((",\"" + s.getKey() + "\":").getBytes(StandardCharsets.UTF_8));
      Files.copy(s.getValue().file(), out);
    }
    out.write("}\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    for (Section s : sections.values()) {
      s.json().close();
      try {
        s.out().close();
      } catch (IOException e) {
        // A scratch file the draft deletes.
      }
    }
  }
}
