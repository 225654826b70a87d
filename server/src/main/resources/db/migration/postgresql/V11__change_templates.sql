-- Standard-change templates (CHANGE_TEMPLATE_DEFINED, CHANGE_TEMPLATE_APPROVED), written in the
-- transaction of their entry and rebuilt from the log by the ledger check. They index signed
-- entries; the gate, the intake and the list read each template from its entry's signed bytes.

-- One row per template entry: its definition, and each approval of it.
CREATE TABLE change_template (
  entry_idx    BIGINT  PRIMARY KEY,
  template_id  TEXT    NOT NULL,
  client       TEXT    NOT NULL,
  event_type   TEXT    NOT NULL
);

CREATE INDEX change_template_by_client ON change_template (client, entry_idx);
CREATE INDEX change_template_by_id ON change_template (template_id, entry_idx);

CREATE TRIGGER change_template_append_only BEFORE UPDATE OR DELETE ON change_template
  FOR EACH ROW EXECUTE FUNCTION reject_ledger_change();
CREATE TRIGGER change_template_no_truncate BEFORE TRUNCATE ON change_template
  FOR EACH STATEMENT EXECUTE FUNCTION reject_ledger_change();
