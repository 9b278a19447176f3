-- Redfish SessionService (issue 3). Times are epoch milliseconds; a token is stored only as its SHA-256.
CREATE TABLE redfish_sessions (
  id              text PRIMARY KEY,
  token_hash      text NOT NULL UNIQUE,
  user_name       text NOT NULL,
  tenant          text,
  user_roles      text[] NOT NULL,
  user_privileges text[] NOT NULL,
  context         text,
  client_address  text,
  created_at      bigint NOT NULL,
  last_used_at    bigint NOT NULL
);
CREATE INDEX redfish_sessions_user ON redfish_sessions (user_name);
CREATE INDEX redfish_sessions_last_use ON redfish_sessions (last_used_at);

-- The SessionService's writable members, one row shared by every node.
CREATE TABLE redfish_session_service (
  id              integer PRIMARY KEY CHECK (id = 1),
  session_timeout integer NOT NULL,
  service_enabled boolean NOT NULL
);
