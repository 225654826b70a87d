-- Idempotency keys of write requests (the Idempotency-Key header): one row per key and caller,
-- written in the same transaction as the entry the request appended, so a retry finds the entry
-- across restarts and instances. Append-only like the ledger: a key is never reused for another
-- request.

CREATE TABLE idempotency_key (
  subject       TEXT   NOT NULL,
  idem_key      TEXT   NOT NULL,
  request_hash  BYTEA  NOT NULL,
  entry_idx     BIGINT NOT NULL,
  PRIMARY KEY (subject, idem_key)
);

CREATE TRIGGER idempotency_key_append_only BEFORE UPDATE OR DELETE ON idempotency_key
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER idempotency_key_no_truncate BEFORE TRUNCATE ON idempotency_key
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
