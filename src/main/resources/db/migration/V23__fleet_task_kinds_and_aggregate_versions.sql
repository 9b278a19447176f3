-- A fleet task is of a kind (docs/aggregation.md): Reset (ComputerSystem.Reset with reset_type) or
-- SetDefaultBootOrder (no parameter, reset_type null). Tasks written before this migration were resets.
ALTER TABLE fleet_tasks ADD COLUMN kind text NOT NULL DEFAULT 'Reset';
ALTER TABLE fleet_tasks ALTER COLUMN reset_type DROP NOT NULL;

-- An aggregate's version, bumped by every change of its elements: its ETag, checked against If-Match.
ALTER TABLE aggregates ADD COLUMN version bigint NOT NULL DEFAULT 0;
