-- Rejected enrolment requests (KEY_ENROLMENT_REJECTED), one per enrolment, written in the
-- transaction of the entry it derives from. key_enrolment rows stay as requested (append-only);
-- an enrolment with a row here is rejected and is never approved.
CREATE TABLE enrolment_rejection (
  enrolment_id  TEXT   PRIMARY KEY,
  key_id        TEXT   NOT NULL,
  rejected_by   TEXT   NOT NULL,
  rejected_at   TEXT   NOT NULL,
  entry_idx     BIGINT NOT NULL UNIQUE
);

CREATE TRIGGER enrolment_rejection_append_only BEFORE UPDATE OR DELETE ON enrolment_rejection
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER enrolment_rejection_no_truncate BEFORE TRUNCATE ON enrolment_rejection
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
