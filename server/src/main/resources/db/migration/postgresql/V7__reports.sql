-- The reports feature: one row per REPORT_GENERATED entry, written in that entry's transaction, so
-- that a report is found by its id. The report's bytes are files under <data dir>/reports, named by
-- their SHA-256; whether a caller may fetch them, and their media type and hash, are read from the
-- signed entry this row names.
CREATE TABLE report (
  report_id    TEXT    PRIMARY KEY,
  report_hash  TEXT    NOT NULL,
  media_type   TEXT    NOT NULL,
  entry_idx    BIGINT  NOT NULL UNIQUE
);

CREATE TRIGGER report_append_only BEFORE UPDATE OR DELETE ON report
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER report_no_truncate BEFORE TRUNCATE ON report
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
