package dev.cabledger.server.reports;

import dev.cabledger.server.workflow.InvalidInputException;
import java.util.Arrays;

/** What a report is written as. */
public enum ReportFormat {
  /** The article's JSON report, with its verification and the other sections. */
  JSON("application/json", "json"),
  /** One row per decision, RFC 4180. */
  CSV("text/csv", "csv"),
  /** The auditor's document: cover, charts, the table of changes and how to verify it. */
  PDF("application/pdf", "pdf");

  private final String mediaType;
  private final String extension;

  ReportFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The media type the report is answered and logged with. */
  public String mediaType() {
    return mediaType;
  }

  /** The file name extension of a stored report. */
  public String extension() {
    return extension;
  }

  /** The format of a media type recorded in a {@code REPORT_GENERATED} entry. */
  static ReportFormat ofMediaType(String mediaType) {
    return Arrays.stream(values())
        .filter(f -> f.mediaType.equals(mediaType))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no report format has media type " + mediaType));
  }

  /**
   * The format a {@code format} parameter names.
   *
   * @throws InvalidInputException if it names none
   */
  public static ReportFormat parse(String value) {
    for (ReportFormat f : values()) {
      if (f.extension.equals(value)) {
        return f;
      }
    }
    throw new InvalidInputException("format must be json, csv or pdf, not \"" + value + "\"");
  }
}
