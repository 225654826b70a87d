-- The workflow's projections, each written in the transaction of the entry it derives from and
-- rebuilt from the log by the ledger check. They index signed entries; answers about a record are
-- read from the entry's signed bytes.

-- One row per change: what lists filter on. status is the policy's status as of the change's
-- latest entry (docs/workflow.md); it is the one mutable projection.
CREATE TABLE change_request (
  change_id     TEXT    PRIMARY KEY,
  client        TEXT    NOT NULL,
  entry_idx     INTEGER NOT NULL UNIQUE,
  plan_hash     TEXT    NOT NULL,
  risk_level    TEXT,
  environment   TEXT,
  requester     TEXT    NOT NULL,
  submitted_at  TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  last_idx      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX change_request_client ON change_request (client, entry_idx);
CREATE INDEX change_request_status ON change_request (status, entry_idx);

-- Every entry about a change, in log order.
CREATE TABLE change_entry (
  entry_idx   INTEGER PRIMARY KEY,
  change_id   TEXT    NOT NULL,
  event_type  TEXT    NOT NULL
);
CREATE INDEX change_entry_change ON change_entry (change_id, entry_idx);

-- Every decision (CAB and exception) and how it ended, if it did.
CREATE TABLE approval (
  approval_id   TEXT    PRIMARY KEY,
  change_id     TEXT    NOT NULL,
  client        TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  exception_id  TEXT,
  approver      TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  decided_at    TEXT    NOT NULL,
  expiry_date   TEXT,
  entry_idx     INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;
CREATE INDEX approval_change ON approval (change_id, entry_idx);
CREATE INDEX approval_approver ON approval (approver, decided_at);
CREATE INDEX approval_expiry ON approval (expiry_date);

-- At most one end per decision: revoked, expired or superseded. The primary key makes an
-- expiry or a revocation happen once, whichever instance appends it.
CREATE TABLE approval_end (
  approval_id  TEXT    PRIMARY KEY,
  how          TEXT    NOT NULL,
  entry_idx    INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

-- Exceptions requested for a change.
CREATE TABLE change_exception (
  exception_id    TEXT    PRIMARY KEY,
  change_id       TEXT    NOT NULL,
  client          TEXT    NOT NULL,
  exception_type  TEXT    NOT NULL,
  entry_idx       INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

-- Sealed evidence packages, content-addressed by the SHA-256 of their RFC 8785 bytes.
CREATE TABLE evidence_package (
  evidence_hash     TEXT    PRIMARY KEY,
  evidence_pack_id  TEXT    NOT NULL UNIQUE,
  change_id         TEXT    NOT NULL,
  client            TEXT    NOT NULL,
  document          BLOB    NOT NULL,
  entry_idx         INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

CREATE TRIGGER change_entry_no_update BEFORE UPDATE ON change_entry
BEGIN SELECT RAISE(ABORT, 'change_entry is append-only'); END;
CREATE TRIGGER change_entry_no_delete BEFORE DELETE ON change_entry
BEGIN SELECT RAISE(ABORT, 'change_entry is append-only'); END;
CREATE TRIGGER approval_no_update BEFORE UPDATE ON approval
BEGIN SELECT RAISE(ABORT, 'approval is append-only'); END;
CREATE TRIGGER approval_no_delete BEFORE DELETE ON approval
BEGIN SELECT RAISE(ABORT, 'approval is append-only'); END;
CREATE TRIGGER approval_end_no_update BEFORE UPDATE ON approval_end
BEGIN SELECT RAISE(ABORT, 'approval_end is append-only'); END;
CREATE TRIGGER approval_end_no_delete BEFORE DELETE ON approval_end
BEGIN SELECT RAISE(ABORT, 'approval_end is append-only'); END;
CREATE TRIGGER change_exception_no_update BEFORE UPDATE ON change_exception
BEGIN SELECT RAISE(ABORT, 'change_exception is append-only'); END;
CREATE TRIGGER change_exception_no_delete BEFORE DELETE ON change_exception
BEGIN SELECT RAISE(ABORT, 'change_exception is append-only'); END;
CREATE TRIGGER evidence_package_no_update BEFORE UPDATE ON evidence_package
BEGIN SELECT RAISE(ABORT, 'evidence_package is append-only'); END;
CREATE TRIGGER evidence_package_no_delete BEFORE DELETE ON evidence_package
BEGIN SELECT RAISE(ABORT, 'evidence_package is append-only'); END;
