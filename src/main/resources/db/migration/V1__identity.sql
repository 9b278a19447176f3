-- Identity core shared by all APIs: users and revoked gateway sessions. Times are epoch milliseconds.
CREATE TABLE users (
  login             text PRIMARY KEY,
  guid              uuid NOT NULL UNIQUE,
  tenant            text NOT NULL,
  kind              text NOT NULL,
  password_hash     text NOT NULL,
  roles             text[] NOT NULL,
  privileges        text[] NOT NULL,
  active            boolean NOT NULL,
  profile           jsonb NOT NULL DEFAULT '{}'::jsonb,
  tokens_not_before bigint NOT NULL DEFAULT 0,
  created_at        bigint NOT NULL,
  updated_at        bigint NOT NULL
);

CREATE TABLE revoked_sessions (
  session_id text PRIMARY KEY,
  expires_at bigint NOT NULL
);
CREATE INDEX revoked_sessions_expiry ON revoked_sessions (expires_at);
