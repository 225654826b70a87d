-- Console login links used: the token id (jti) of each one-time link that started a session. A
-- second use of the same link finds its row and is refused. Rows whose link expired could go:
-- an expired link is refused anyway.
CREATE TABLE console_login_link (
  token_id    TEXT PRIMARY KEY,
  subject     TEXT NOT NULL,
  used_at     TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
