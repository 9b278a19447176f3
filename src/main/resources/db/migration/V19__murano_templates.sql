-- Murano environment templates ("environment-template"), openapi/murano.yaml. Times are epoch milliseconds.
-- description holds the template's body as Murano keeps it (name, services, ...).
CREATE TABLE murano_templates (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  tenant_id        text NOT NULL,
  description_text text NOT NULL DEFAULT '',
  version          bigint NOT NULL DEFAULT 0,
  description      jsonb NOT NULL,
  is_public        boolean NOT NULL DEFAULT false,
  created          bigint NOT NULL,
  updated          bigint NOT NULL,
  CONSTRAINT murano_templates_name_per_tenant UNIQUE (tenant_id, name)
);
