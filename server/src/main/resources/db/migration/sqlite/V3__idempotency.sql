-- Idempotency keys of write requests (the Idempotency-Key header): one row per key and caller,
-- written in the same transaction as the entry the request appended, so a retry finds the entry
-- across restarts and instances. Append-only like the ledger: a key is never reused for another
-- request.

CREATE TABLE idempotency_key (
  subject       TEXT    NOT NULL,
  idem_key      TEXT    NOT NULL,
  request_hash  BLOB    NOT NULL,
  entry_idx     INTEGER NOT NULL,
  PRIMARY KEY (subject, idem_key)
) WITHOUT ROWID;

CREATE TRIGGER idempotency_key_no_update BEFORE UPDATE ON idempotency_key
BEGIN SELECT RAISE(ABORT, 'idempotency_key is append-only'); END;
CREATE TRIGGER idempotency_key_no_delete BEFORE DELETE ON idempotency_key
BEGIN SELECT RAISE(ABORT, 'idempotency_key is append-only'); END;
