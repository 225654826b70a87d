-- How far the workflow's projections were last rebuilt from the log, per generation of the code
-- that derives them (ProjectionRebuild.GENERATION). A start that finds its generation's row replays
-- nothing: every entry appended since was written with its rows in its own transaction. A database
-- without it (upgraded from a release that derived fewer rows, or restored without its
-- projections) is rebuilt once at start. Mutable: each rebuild moves its row on.
CREATE TABLE projection_rebuild (
  generation  INTEGER PRIMARY KEY,
  tree_size   BIGINT  NOT NULL,
  rebuilt_at  TEXT    NOT NULL
);
