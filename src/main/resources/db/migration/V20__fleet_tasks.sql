-- The aggregation's batch tasks (AggregationService.Reset), docs/aggregation.md. Times are epoch milliseconds.
-- next_position: targets before it have been sent (their batch started); runner/lease_until: the node running
-- the task renews its lease while it runs, and a task whose lease ran out is taken over by another node.
CREATE TABLE fleet_tasks (
  id            text PRIMARY KEY,
  owner         text NOT NULL,
  owner_tenant  text,
  owner_admin   boolean NOT NULL,
  name          text NOT NULL,
  reset_type    text NOT NULL,
  targets       jsonb NOT NULL,
  batch_size    integer NOT NULL,
  delay_seconds integer NOT NULL,
  next_position integer NOT NULL DEFAULT 0,
  start_time    bigint NOT NULL,
  end_time      bigint,
  runner        text NOT NULL,
  lease_until   bigint NOT NULL
);
CREATE INDEX fleet_tasks_running ON fleet_tasks (lease_until) WHERE end_time IS NULL;
CREATE INDEX fleet_tasks_ended ON fleet_tasks (end_time) WHERE end_time IS NOT NULL;

-- One outcome per target of a task, written once (the first writer wins).
CREATE TABLE fleet_task_outcomes (
  task_id  text NOT NULL REFERENCES fleet_tasks (id) ON DELETE CASCADE,
  position integer NOT NULL,
  failed   boolean NOT NULL,
  message  jsonb NOT NULL,
  PRIMARY KEY (task_id, position)
);
