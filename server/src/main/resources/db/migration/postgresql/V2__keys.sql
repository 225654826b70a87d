-- The keys feature: registrations of keys, each the projection of one KEY_REGISTERED entry,
-- written in the same transaction as that entry. Append-only like the ledger: a key's later
-- lifecycle (retired, compromised) is a further entry, never an edit of this row, and the
-- registry is answered from the signed entries this table indexes.

CREATE TABLE registered_key (
  key_id      TEXT   PRIMARY KEY,
  algorithm   TEXT   NOT NULL,
  public_key  BYTEA  NOT NULL,
  owner       TEXT   NOT NULL,
  purpose     TEXT   NOT NULL,
  valid_from  TEXT   NOT NULL,
  valid_to    TEXT,
  status      TEXT   NOT NULL,
  entry_idx   BIGINT NOT NULL
);

CREATE TRIGGER registered_key_append_only BEFORE UPDATE OR DELETE ON registered_key
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER registered_key_no_truncate BEFORE TRUNCATE ON registered_key
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
