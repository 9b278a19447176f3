-- Murano deployments (Murano's "task" table) and their status reports ("status"), openapi/murano.yaml.
-- Times are epoch milliseconds. A deployment goes with its environment (ON DELETE CASCADE), as in Murano.
CREATE TABLE murano_deployments (
  id             text PRIMARY KEY,
  environment_id text NOT NULL REFERENCES murano_environments (id) ON DELETE CASCADE,
  tenant_id      text NOT NULL,
  session_id     text NOT NULL,
  -- The deployed object model (Murano's task description); NULL for a deletion.
  description    jsonb,
  action         jsonb,
  result         jsonb,
  -- Authenticates the external deployer's reports for this deployment; never shown by the API.
  report_secret  text NOT NULL,
  report_url     text NOT NULL,
  started        bigint NOT NULL,
  finished       bigint,
  created        bigint NOT NULL,
  updated        bigint NOT NULL
);
CREATE INDEX murano_deployments_by_environment ON murano_deployments (environment_id, created DESC);
CREATE INDEX murano_deployments_by_tenant ON murano_deployments (tenant_id, created DESC);
CREATE INDEX murano_deployments_by_session ON murano_deployments (session_id);

-- Orders reports written in the same millisecond.
CREATE SEQUENCE murano_report_sequence;

CREATE TABLE murano_reports (
  id            text PRIMARY KEY,
  deployment_id text NOT NULL REFERENCES murano_deployments (id) ON DELETE CASCADE,
  entity        text,
  entity_id     text,
  text          text NOT NULL,
  level         text NOT NULL,
  details       text,
  created       bigint NOT NULL,
  sequence      bigint NOT NULL DEFAULT nextval('murano_report_sequence')
);
CREATE INDEX murano_reports_by_deployment ON murano_reports (deployment_id, created, sequence);
