-- Approver-held keys and the ends of keys (docs/workflow.md, "Approver keys").

-- The end of a key's validity, written in the transaction of the entry it derives from: a
-- KEY_RETIRED entry (how 'retired', effective_at = its valid_to) or a KEY_COMPROMISED entry (how
-- 'compromised', effective_at = its since). registered_key rows stay as registered; the registry
-- applies these, each checked against its signed entry. At most one end of each kind per key.
CREATE TABLE key_end (
  key_id        TEXT    NOT NULL,
  how           TEXT    NOT NULL,
  effective_at  TEXT    NOT NULL,
  entry_idx     INTEGER NOT NULL UNIQUE,
  PRIMARY KEY (key_id, how)
) WITHOUT ROWID;

-- Requests to enrol an approver key (KEY_ENROLMENT_REQUESTED), one per key.
CREATE TABLE key_enrolment (
  enrolment_id  TEXT    PRIMARY KEY,
  key_id        TEXT    NOT NULL UNIQUE,
  owner         TEXT    NOT NULL,
  requested_at  TEXT    NOT NULL,
  entry_idx     INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

CREATE TRIGGER key_end_no_update BEFORE UPDATE ON key_end
BEGIN SELECT RAISE(ABORT, 'key_end is append-only'); END;
CREATE TRIGGER key_end_no_delete BEFORE DELETE ON key_end
BEGIN SELECT RAISE(ABORT, 'key_end is append-only'); END;
CREATE TRIGGER key_enrolment_no_update BEFORE UPDATE ON key_enrolment
BEGIN SELECT RAISE(ABORT, 'key_enrolment is append-only'); END;
CREATE TRIGGER key_enrolment_no_delete BEFORE DELETE ON key_enrolment
BEGIN SELECT RAISE(ABORT, 'key_enrolment is append-only'); END;

-- Proof-of-possession challenges: short-lived, single-use, bound to the subject that asked. Not
-- a projection and not evidence (the log records the enrolment the proof allowed), so rows are
-- marked used in the enrolment's append transaction and deleted once long expired.
CREATE TABLE enrolment_challenge (
  challenge   TEXT    PRIMARY KEY,
  subject     TEXT    NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
) WITHOUT ROWID;
CREATE INDEX enrolment_challenge_subject ON enrolment_challenge (subject, expires_at);
CREATE INDEX enrolment_challenge_expiry ON enrolment_challenge (expires_at);
