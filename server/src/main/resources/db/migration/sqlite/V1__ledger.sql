-- The ledger: append-only tables. Triggers reject UPDATE and DELETE so the database itself
-- refuses to rewrite history; tampering needs the triggers dropped, which the audit detects.

CREATE TABLE ledger_meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per log entry: the JCS bytes of the DSSE envelope, exactly as hashed into the leaf.
CREATE TABLE ledger_entry (
  idx         INTEGER PRIMARY KEY,
  entry       BLOB    NOT NULL,
  appended_at TEXT    NOT NULL
);

-- Every complete Merkle subtree hash; id = level << 48 | index (level 0 = leaf hashes).
CREATE TABLE merkle_node (
  id   INTEGER PRIMARY KEY,
  hash BLOB NOT NULL
);

-- One signed checkpoint (C2SP signed note) per committed batch.
CREATE TABLE checkpoint (
  tree_size  INTEGER PRIMARY KEY,
  root_hash  BLOB    NOT NULL,
  note       TEXT    NOT NULL,
  created_at TEXT    NOT NULL
);

CREATE TRIGGER ledger_meta_no_update BEFORE UPDATE ON ledger_meta
BEGIN SELECT RAISE(ABORT, 'ledger_meta is append-only'); END;
CREATE TRIGGER ledger_meta_no_delete BEFORE DELETE ON ledger_meta
BEGIN SELECT RAISE(ABORT, 'ledger_meta is append-only'); END;
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END;
CREATE TRIGGER merkle_node_no_update BEFORE UPDATE ON merkle_node
BEGIN SELECT RAISE(ABORT, 'merkle_node is append-only'); END;
CREATE TRIGGER merkle_node_no_delete BEFORE DELETE ON merkle_node
BEGIN SELECT RAISE(ABORT, 'merkle_node is append-only'); END;
CREATE TRIGGER checkpoint_no_update BEFORE UPDATE ON checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoint is append-only'); END;
CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint
BEGIN SELECT RAISE(ABORT, 'checkpoint is append-only'); END;
