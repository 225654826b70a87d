-- The keys feature: registrations of keys, each the projection of one KEY_REGISTERED entry,
-- written in the same transaction as that entry. Append-only like the ledger: a key's later
-- lifecycle (retired, compromised) is a further entry, never an edit of this row, and the
-- registry is answered from the signed entries this table indexes.

CREATE TABLE registered_key (
  key_id      TEXT    PRIMARY KEY,
  algorithm   TEXT    NOT NULL,
  public_key  BLOB    NOT NULL,
  owner       TEXT    NOT NULL,
  purpose     TEXT    NOT NULL,
  valid_from  TEXT    NOT NULL,
  valid_to    TEXT,
  status      TEXT    NOT NULL,
  entry_idx   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER registered_key_no_update BEFORE UPDATE ON registered_key
BEGIN SELECT RAISE(ABORT, 'registered_key is append-only'); END;
CREATE TRIGGER registered_key_no_delete BEFORE DELETE ON registered_key
BEGIN SELECT RAISE(ABORT, 'registered_key is append-only'); END;
