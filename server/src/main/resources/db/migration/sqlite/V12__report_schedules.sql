-- Scheduled reports: one row per (schedule, slot), the claim of the instance that makes that slot's
-- report. The insert under the primary key is the claim: when several instances share the
-- database, the one whose insert succeeds makes the report and the others skip the slot. A claim
-- not finished within cab.reports.claim-timeout (its instance crashed; a running report renews
-- claimed_at as it goes) is taken over by an UPDATE that also checks the attempt it saw, so one
-- instance takes it over. Not a ledger table: the report it makes is logged as REPORT_GENERATED.
CREATE TABLE report_schedule_run (
  schedule_name  TEXT    NOT NULL,
  slot           INTEGER  NOT NULL, -- the slot's time, epoch milliseconds
  claimed_by     TEXT    NOT NULL,
  claimed_at     INTEGER  NOT NULL, -- epoch milliseconds, renewed while the report is made
  attempt        INTEGER NOT NULL,
  report_id      TEXT,
  finished_at    INTEGER,
  PRIMARY KEY (schedule_name, slot)
) WITHOUT ROWID;
