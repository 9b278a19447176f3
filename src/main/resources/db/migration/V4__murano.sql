-- Murano environments and their configuration sessions (openapi/murano.yaml). Times are epoch milliseconds.
-- model/draft hold the environment's object model (Murano's description['Objects']); a NULL draft marks
-- the environment deleted (a deletion being deployed).
CREATE TABLE murano_environments (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  tenant_id        text NOT NULL,
  description_text text NOT NULL DEFAULT '',
  version          bigint NOT NULL DEFAULT 0,
  model            jsonb NOT NULL,
  -- The one session being deployed (or deleted); set and cleared by conditional updates, so of concurrent
  -- deploys on any number of nodes exactly one wins.
  acquired_by      text,
  created          bigint NOT NULL,
  updated          bigint NOT NULL,
  CONSTRAINT murano_environments_name_per_tenant UNIQUE (tenant_id, name)
);

-- Stamps every change of a session, so "newest first" (Murano orders by version, then updated) is total.
CREATE SEQUENCE murano_session_revisions;

CREATE TABLE murano_sessions (
  id              text PRIMARY KEY,
  environment_id  text NOT NULL REFERENCES murano_environments (id) ON DELETE CASCADE,
  user_id         text NOT NULL,
  state           text NOT NULL,
  version         bigint NOT NULL,
  draft           jsonb,
  -- While deploying/deleting: until when the node running the deployer owns it; after that any node resumes it.
  deploy_deadline bigint NOT NULL DEFAULT 0,
  revision        bigint NOT NULL,
  created         bigint NOT NULL,
  updated         bigint NOT NULL
);
CREATE INDEX murano_sessions_by_environment ON murano_sessions (environment_id);
CREATE INDEX murano_sessions_in_flight ON murano_sessions (deploy_deadline) WHERE state IN ('deploying', 'deleting');
