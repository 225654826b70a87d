-- Standard-change templates (CHANGE_TEMPLATE_DEFINED, CHANGE_TEMPLATE_APPROVED), written in the
-- transaction of their entry and rebuilt from the log by the ledger check. They index signed
-- entries; the gate, the intake and the list read each template from its entry's signed bytes.

-- One row per template entry: its definition, and each approval of it.
CREATE TABLE change_template (
  entry_idx    INTEGER PRIMARY KEY,
  template_id  TEXT    NOT NULL,
  client       TEXT    NOT NULL,
  event_type   TEXT    NOT NULL
) WITHOUT ROWID;

CREATE INDEX change_template_by_client ON change_template (client, entry_idx);
CREATE INDEX change_template_by_id ON change_template (template_id, entry_idx);

CREATE TRIGGER change_template_no_update BEFORE UPDATE ON change_template
BEGIN SELECT RAISE(ABORT, 'change_template is append-only'); END;
CREATE TRIGGER change_template_no_delete BEFORE DELETE ON change_template
BEGIN SELECT RAISE(ABORT, 'change_template is append-only'); END;
