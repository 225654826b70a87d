-- The reports feature: one row per REPORT_GENERATED entry, written in that entry's transaction, so
-- that a report is found by its id. The report's bytes are files under <data dir>/reports, named by
-- their SHA-256; whether a caller may fetch them, and their media type and hash, are read from the
-- signed entry this row names.
CREATE TABLE report (
  report_id    TEXT    PRIMARY KEY,
  report_hash  TEXT    NOT NULL,
  media_type   TEXT    NOT NULL,
  entry_idx    INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

CREATE TRIGGER report_no_update BEFORE UPDATE ON report
BEGIN SELECT RAISE(ABORT, 'report is append-only'); END;
CREATE TRIGGER report_no_delete BEFORE DELETE ON report
BEGIN SELECT RAISE(ABORT, 'report is append-only'); END;
