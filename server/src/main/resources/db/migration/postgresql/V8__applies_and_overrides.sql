-- Applies (CHANGE_APPLIED) and overrides (POLICY_OVERRIDDEN), written in the transaction of their
-- entry and rebuilt from the log by the ledger check. They index signed entries; the gate and the
-- lists read each apply and override from its entry's signed bytes.

-- Every apply, by target: the gate looks up the applies to a change's client and environment
-- logged after its plan was made (target-changed). module is NULL when the change names none.
CREATE TABLE change_apply (
  entry_idx    BIGINT PRIMARY KEY,
  change_id    TEXT   NOT NULL,
  client       TEXT   NOT NULL,
  environment  TEXT   NOT NULL,
  module       TEXT,
  plan_hash    TEXT   NOT NULL
);
CREATE INDEX change_apply_target ON change_apply (client, environment, entry_idx);

-- Every override, for auditors: listed by client and time (milliseconds since the epoch).
CREATE TABLE change_override (
  entry_idx         BIGINT PRIMARY KEY,
  change_id         TEXT   NOT NULL,
  client            TEXT   NOT NULL,
  overridden_by     TEXT   NOT NULL,
  overridden_at_ms  BIGINT NOT NULL
);
CREATE INDEX change_override_client ON change_override (client, overridden_at_ms);

CREATE TRIGGER change_apply_append_only BEFORE UPDATE OR DELETE ON change_apply
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER change_apply_no_truncate BEFORE TRUNCATE ON change_apply
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER change_override_append_only BEFORE UPDATE OR DELETE ON change_override
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER change_override_no_truncate BEFORE TRUNCATE ON change_override
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
