-- Named sets of fleet members (DSP0268 Aggregate, docs/aggregation.md): a tenant's, seen by its users and the admins.
CREATE TABLE aggregates (
  id text PRIMARY KEY,
  name text NOT NULL,
  tenant text NOT NULL,
  owner text NOT NULL,
  elements text[] NOT NULL DEFAULT '{}',
  created_at bigint NOT NULL
);
CREATE INDEX aggregates_tenant ON aggregates (tenant);
