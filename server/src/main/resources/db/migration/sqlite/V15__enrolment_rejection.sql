-- Rejected enrolment requests (KEY_ENROLMENT_REJECTED), one per enrolment, written in the
-- transaction of the entry it derives from. key_enrolment rows stay as requested (append-only);
-- an enrolment with a row here is rejected and is never approved.
CREATE TABLE enrolment_rejection (
  enrolment_id  TEXT    PRIMARY KEY,
  key_id        TEXT    NOT NULL,
  rejected_by   TEXT    NOT NULL,
  rejected_at   TEXT    NOT NULL,
  entry_idx     INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

CREATE TRIGGER enrolment_rejection_no_update BEFORE UPDATE ON enrolment_rejection
BEGIN SELECT RAISE(ABORT, 'enrolment_rejection is append-only'); END;
CREATE TRIGGER enrolment_rejection_no_delete BEFORE DELETE ON enrolment_rejection
BEGIN SELECT RAISE(ABORT, 'enrolment_rejection is append-only'); END;
