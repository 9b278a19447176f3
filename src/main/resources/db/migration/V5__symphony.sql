-- Symphony (symrest) workload sessions. Times are epoch milliseconds.
-- Session ids come from one sequence so they are numeric, increasing and unique across every node.
CREATE SEQUENCE symphony_session_ids AS bigint START WITH 1;

CREATE TABLE symphony_sessions (
  session_id   bigint PRIMARY KEY,
  application  text NOT NULL,
  cluster_id   text NOT NULL,
  owner        text NOT NULL,
  state        text NOT NULL CHECK (state IN ('open', 'closed')),
  -- The creation attributes as the client sent them (validated against openapi/symphony.yaml).
  attributes   jsonb NOT NULL,
  ttl_minutes  integer NOT NULL CHECK (ttl_minutes >= 0),
  created_at   bigint NOT NULL,
  last_used_at bigint NOT NULL,
  closed_at    bigint,
  -- last_used_at + ttl_minutes minutes; null when the session never expires.
  expires_at   bigint
);
CREATE INDEX symphony_sessions_application ON symphony_sessions (application, session_id);
CREATE INDEX symphony_sessions_expiry ON symphony_sessions (expires_at) WHERE expires_at IS NOT NULL;

-- Applications registered through the admin API (those in symphony.applications are not stored).
CREATE TABLE symphony_applications (
  name     text PRIMARY KEY,
  clusters text[] NOT NULL CHECK (cardinality(clusters) > 0)
);
