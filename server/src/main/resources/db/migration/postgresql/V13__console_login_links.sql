-- Console login links used: the token id (jti) of each one-time link that started a session. A
-- second use of the same link finds its row and is refused. A row is deleted some minutes after
-- its link expired (expires_at, whole seconds in UTC, so the texts compare in time order): an
-- expired link is refused anyway.
CREATE TABLE console_login_link (
  token_id    TEXT PRIMARY KEY,
  subject     TEXT NOT NULL,
  used_at     TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
