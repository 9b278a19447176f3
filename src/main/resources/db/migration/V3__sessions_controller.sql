-- Sessions controller (issue 4). Times are epoch milliseconds.

-- Login tracking per login name (also for names that match no account, so a lockout does not tell whether
-- the account exists). Changed only under the row lock, so every node agrees on counts and lockouts.
CREATE TABLE sessions_login_state (
  login                 text PRIMARY KEY,
  last_successful_login bigint,
  last_failed_login     bigint,
  last_failed_ip        text,
  failures              integer NOT NULL DEFAULT 0,
  window_started_at     bigint NOT NULL DEFAULT 0,
  lockouts              integer NOT NULL DEFAULT 0,
  locked_until          bigint NOT NULL DEFAULT 0,
  node_version          text
);

-- The controller's part of a gateway session (the session itself is a JWT naming session_id; revocation is
-- the identity core's revoked_sessions): its endpoints tokens and the previous successful login it shows.
CREATE TABLE sessions_controller_sessions (
  session_id                text PRIMARY KEY,
  login                     text NOT NULL,
  issued_at                 bigint NOT NULL,
  expires_at                bigint NOT NULL,
  server_manager_token      text NOT NULL UNIQUE,
  organization_admin_token  text NOT NULL UNIQUE,
  previous_successful_login bigint
);
CREATE INDEX sessions_controller_sessions_expiry ON sessions_controller_sessions (expires_at);
