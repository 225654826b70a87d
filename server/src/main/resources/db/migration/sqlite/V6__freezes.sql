-- Declared freezes (FREEZE_DECLARED), written in the transaction of their entry and rebuilt from
-- the log by the ledger check. They index signed entries; the gate and the lists read each freeze
-- from its entry's signed bytes.

-- One row per freeze (FREEZE is a reserved word in PostgreSQL). ends_at_ms: a one-off freeze's end in milliseconds since the epoch, so that
-- lookups skip freezes that have ended; NULL for a recurring freeze, which never ends.
CREATE TABLE declared_freeze (
  freeze_id    TEXT    PRIMARY KEY,
  entry_idx    INTEGER NOT NULL UNIQUE,
  ends_at_ms   INTEGER
) WITHOUT ROWID;

-- Each client and environment a freeze holds: what the gate and the lists look up.
CREATE TABLE freeze_scope (
  client       TEXT    NOT NULL,
  environment  TEXT    NOT NULL,
  entry_idx    INTEGER NOT NULL,
  PRIMARY KEY (client, environment, entry_idx)
) WITHOUT ROWID;

CREATE TRIGGER declared_freeze_no_update BEFORE UPDATE ON declared_freeze
BEGIN SELECT RAISE(ABORT, 'declared_freeze is append-only'); END;
CREATE TRIGGER declared_freeze_no_delete BEFORE DELETE ON declared_freeze
BEGIN SELECT RAISE(ABORT, 'declared_freeze is append-only'); END;
CREATE TRIGGER freeze_scope_no_update BEFORE UPDATE ON freeze_scope
BEGIN SELECT RAISE(ABORT, 'freeze_scope is append-only'); END;
CREATE TRIGGER freeze_scope_no_delete BEFORE DELETE ON freeze_scope
BEGIN SELECT RAISE(ABORT, 'freeze_scope is append-only'); END;
