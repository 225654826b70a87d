-- Declared freezes (FREEZE_DECLARED), written in the transaction of their entry and rebuilt from
-- the log by the ledger check. They index signed entries; the gate and the lists read each freeze
-- from its entry's signed bytes.

-- One row per freeze (FREEZE is a reserved word in PostgreSQL). ends_at_ms: a one-off freeze's end in milliseconds since the epoch, so that
-- lookups skip freezes that have ended; NULL for a recurring freeze, which never ends.
CREATE TABLE declared_freeze (
  freeze_id    TEXT    PRIMARY KEY,
  entry_idx    BIGINT NOT NULL UNIQUE,
  ends_at_ms   BIGINT
);

-- Each client and environment a freeze holds: what the gate and the lists look up.
CREATE TABLE freeze_scope (
  client       TEXT    NOT NULL,
  environment  TEXT    NOT NULL,
  entry_idx    BIGINT NOT NULL,
  PRIMARY KEY (client, environment, entry_idx)
);

CREATE TRIGGER declared_freeze_append_only BEFORE UPDATE OR DELETE ON declared_freeze
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER declared_freeze_no_truncate BEFORE TRUNCATE ON declared_freeze
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER freeze_scope_append_only BEFORE UPDATE OR DELETE ON freeze_scope
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER freeze_scope_no_truncate BEFORE TRUNCATE ON freeze_scope
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
