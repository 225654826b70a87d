-- Decisions prepared for their maker to sign with an approver key of their own (docs/workflow.md,
-- "Signed decisions"): the exact statement (its RFC 8785 bytes, the DSSE payload), who may sign it,
-- until when, and whether it was used. Not a projection and not evidence (the log records the signed
-- decision), so a row is marked used in the decision's append transaction and deleted once long
-- expired.
CREATE TABLE prepared_decision (
  prepared_id  TEXT    PRIMARY KEY,
  subject      TEXT    NOT NULL,
  change_id    TEXT    NOT NULL,
  statement    BLOB    NOT NULL,
  expires_at   INTEGER NOT NULL,
  used_at      INTEGER
) WITHOUT ROWID;
CREATE INDEX prepared_decision_expiry ON prepared_decision (expires_at);
