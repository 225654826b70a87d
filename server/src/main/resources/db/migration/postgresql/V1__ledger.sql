-- The ledger: append-only tables. Triggers reject UPDATE, DELETE and TRUNCATE so the database
-- itself refuses to rewrite history; the production role needs only INSERT and SELECT.

CREATE TABLE ledger_meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per log entry: the JCS bytes of the DSSE envelope, exactly as hashed into the leaf.
CREATE TABLE ledger_entry (
  idx         BIGINT PRIMARY KEY,
  entry       BYTEA  NOT NULL,
  appended_at TEXT   NOT NULL
);
-- Entries are about 6 KB of base64 and signatures. Keeping rows up to a page inline spares every
-- append TOAST's compression and chunk rows (measured with `cab-ledger bench append`).
ALTER TABLE ledger_entry SET (toast_tuple_target = 8160);

-- Every complete Merkle subtree hash; id = level << 48 | index (level 0 = leaf hashes).
CREATE TABLE merkle_node (
  id   BIGINT PRIMARY KEY,
  hash BYTEA  NOT NULL
);

-- One signed checkpoint (C2SP signed note) per committed batch.
CREATE TABLE checkpoint (
  tree_size  BIGINT PRIMARY KEY,
  root_hash  BYTEA  NOT NULL,
  note       TEXT   NOT NULL,
  created_at TEXT   NOT NULL
);

CREATE FUNCTION reject_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER ledger_meta_append_only BEFORE UPDATE OR DELETE ON ledger_meta
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER ledger_meta_no_truncate BEFORE TRUNCATE ON ledger_meta
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER merkle_node_append_only BEFORE UPDATE OR DELETE ON merkle_node
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER merkle_node_no_truncate BEFORE TRUNCATE ON merkle_node
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON checkpoint
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
