package io.sessiongate.aggregation;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aggregation's batch tasks as they progress (docs/aggregation.md, "Tasks"): what a task does, how far its
 * batches went, each target's outcome (recorded once: the first writer wins), and which node runs it until when
 * (its lease, renewed while it runs; a task whose lease ran out is taken over by another node).
 */
interface FleetTaskStore {
  static FleetTaskStore create(Storage storage) {
    return storage.isPostgres() ? new Pg(storage.pool()) : new InMemory();
  }

  /** Who started a task: what a node taking it over acts as. */
  record Owner(String login, String tenant, boolean admin) {
  }

  /** What a task does, fixed when it starts: {@code resetType} is the ResetType of a reset, else null. */
  record Plan(String id, Owner owner, String name, FleetTaskKind kind, String resetType, List<String> targets,
              int batchSize, int delaySeconds, long startTime) {
  }

  /** One target's outcome: {@code position} in the plan's targets, and its task message. */
  record Outcome(int position, boolean failed, JsonObject message) {
  }

  /**
   * A task as stored: targets before {@code nextPosition} were sent; {@code endTime} is null while it runs.
   * {@code outcomes} are in target order.
   */
  record StoredTask(Plan plan, int nextPosition, Long endTime, String runner, long leaseUntil, List<Outcome> outcomes) {
    boolean ended() {
      return endTime != null;
    }
  }

  /**
   * Stores a new task run by {@code runner}, unless {@code maxKept} tasks are already kept (running, or ended at or
   * after {@code keptSince}): then false.
   */
  Future<Boolean> insert(Plan plan, String runner, long leaseUntil, int maxKept, long keptSince);

  /**
   * Before a batch is sent: the targets before {@code to} are (being) sent, and the lease renewed. False when the task
   * is no longer {@code runner}'s (another node took it over) or has ended: then the batch must not be sent.
   */
  Future<Boolean> advance(String id, String runner, int to, long leaseUntil);

  /** Records a target's outcome unless one is recorded already. */
  Future<Void> record(String id, Outcome outcome);

  Future<Void> finish(String id, long endTime);

  /** The task, or null. */
  Future<StoredTask> find(String id);

  /** Every task kept, oldest first (their outcomes left out). */
  Future<List<StoredTask>> list();

  /** Renews the lease of every running task of {@code runner}. */
  Future<Void> renew(String runner, long leaseUntil);

  /** Takes the running tasks whose lease ran out before {@code now} over for {@code runner}. */
  Future<List<StoredTask>> claimAbandoned(String runner, long now, long leaseUntil);

  /** Deletes the tasks that ended before {@code cutoff}; how many. */
  Future<Integer> deleteEndedBefore(long cutoff);

  final class InMemory implements FleetTaskStore {
    private static final class Entry {
      final Plan plan;
      int nextPosition;
      Long endTime;
      String runner;
      long leaseUntil;
      final Map<Integer, Outcome> outcomes = new TreeMap<>();

      Entry(Plan plan, String runner, long leaseUntil) {
        this.plan = plan;
        this.runner = runner;
        this.leaseUntil = leaseUntil;
      }

      StoredTask snapshot(boolean withOutcomes) {
        return new StoredTask(plan, nextPosition, endTime, runner, leaseUntil,
          withOutcomes ? List.copyOf(outcomes.values()) : List.of());
      }
    }

    private final Map<String, Entry> tasks = new ConcurrentHashMap<>();

    @Override
    public synchronized Future<Boolean> insert(Plan plan, String runner, long leaseUntil, int maxKept, long keptSince) {
      long kept = tasks.values().stream().filter(e -> e.endTime == null || e.endTime >= keptSince).count();
      if (kept >= maxKept) {
        return Future.succeededFuture(false);
      }
      tasks.put(plan.id(), new Entry(plan, runner, leaseUntil));
      return Future.succeededFuture(true);
    }

    @Override
    public synchronized Future<Boolean> advance(String id, String runner, int to, long leaseUntil) {
      Entry entry = tasks.get(id);
      if (entry == null || !entry.runner.equals(runner) || entry.endTime != null) {
        return Future.succeededFuture(false);
      }
      entry.nextPosition = Math.max(entry.nextPosition, to);
      entry.leaseUntil = leaseUntil;
      return Future.succeededFuture(true);
    }

    @Override
    public synchronized Future<Void> record(String id, Outcome outcome) {
      Entry entry = tasks.get(id);
      if (entry != null) {
        entry.outcomes.putIfAbsent(outcome.position(), outcome);
      }
      return Future.succeededFuture();
    }

    @Override
    public synchronized Future<Void> finish(String id, long endTime) {
      Entry entry = tasks.get(id);
      if (entry != null && entry.endTime == null) {
        entry.endTime = endTime;
      }
      return Future.succeededFuture();
    }

    @Override
    public synchronized Future<StoredTask> find(String id) {
      Entry entry = tasks.get(id);
      return Future.succeededFuture(entry == null ? null : entry.snapshot(true));
    }

    @Override
    public synchronized Future<List<StoredTask>> list() {
      return Future.succeededFuture(tasks.values().stream().map(e -> e.snapshot(false))
        .sorted(Comparator.comparingLong(t -> t.plan().startTime())).toList());
    }

    @Override
    public synchronized Future<Void> renew(String runner, long leaseUntil) {
      tasks.values().stream().filter(e -> e.endTime == null && e.runner.equals(runner))
        .forEach(e -> e.leaseUntil = leaseUntil);
      return Future.succeededFuture();
    }

    @Override
    public synchronized Future<List<StoredTask>> claimAbandoned(String runner, long now, long leaseUntil) {
      List<StoredTask> claimed = new ArrayList<>();
      for (Entry e : tasks.values()) {
        if (e.endTime == null && e.leaseUntil < now) {
          e.runner = runner;
          e.leaseUntil = leaseUntil;
          claimed.add(e.snapshot(true));
        }
      }
      return Future.succeededFuture(claimed);
    }

    @Override
    public synchronized Future<Integer> deleteEndedBefore(long cutoff) {
      int before = tasks.size();
      tasks.values().removeIf(e -> e.endTime != null && e.endTime < cutoff);
      return Future.succeededFuture(before - tasks.size());
    }
  }

  final class Pg implements FleetTaskStore {
    private static final String COLUMNS = "t.id, t.owner, t.owner_tenant, t.owner_admin, t.name, t.kind, t.reset_type, "
      + "t.targets, t.batch_size, t.delay_seconds, t.start_time, t.next_position, t.end_time, t.runner, t.lease_until";
    private static final String OUTCOMES = "(SELECT coalesce(jsonb_agg(jsonb_build_object('position', o.position, "
      + "'failed', o.failed, 'message', o.message) ORDER BY o.position), '[]'::jsonb) FROM fleet_task_outcomes o "
      + "WHERE o.task_id = t.id) AS outcomes";
    private final Pool pool;

    Pg(Pool pool) {
      this.pool = pool;
    }

    @Override
    public Future<Boolean> insert(Plan p, String runner, long leaseUntil, int maxKept, long keptSince) {
      // The count and the insert are one statement: two nodes may both slip under the limit at once, by one task each.
      return pool.preparedQuery("INSERT INTO fleet_tasks (id, owner, owner_tenant, owner_admin, name, kind, "
          + "reset_type, targets, batch_size, delay_seconds, start_time, runner, lease_until) "
          + "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 WHERE (SELECT count(*) FROM fleet_tasks "
          + "WHERE end_time IS NULL OR end_time >= $14) < $15")
        .execute(Tuple.from(new Object[] {p.id(), p.owner().login(), p.owner().tenant(), p.owner().admin(), p.name(),
          p.kind().stored, p.resetType(), new JsonArray(p.targets()), p.batchSize(), p.delaySeconds(), p.startTime(),
          runner, leaseUntil, keptSince, maxKept}))
        .map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<Boolean> advance(String id, String runner, int to, long leaseUntil) {
      return pool.preparedQuery("UPDATE fleet_tasks SET next_position = greatest(next_position, $3), lease_until = $4 "
          + "WHERE id = $1 AND runner = $2 AND end_time IS NULL")
        .execute(Tuple.of(id, runner, to, leaseUntil))
        .map(rows -> rows.rowCount() == 1);
    }

    @Override
    public Future<Void> record(String id, Outcome outcome) {
      return pool.preparedQuery("INSERT INTO fleet_task_outcomes (task_id, position, failed, message) "
          + "SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM fleet_tasks WHERE id = $1) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(id, outcome.position(), outcome.failed(), outcome.message()))
        .mapEmpty();
    }

    @Override
    public Future<Void> finish(String id, long endTime) {
      return pool.preparedQuery("UPDATE fleet_tasks SET end_time = $2 WHERE id = $1 AND end_time IS NULL")
        .execute(Tuple.of(id, endTime)).mapEmpty();
    }

    @Override
    public Future<StoredTask> find(String id) {
      return pool.preparedQuery("SELECT " + COLUMNS + ", " + OUTCOMES + " FROM fleet_tasks t WHERE t.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : toTask(rows.iterator().next(), true));
    }

    @Override
    public Future<List<StoredTask>> list() {
      return pool.query("SELECT " + COLUMNS + " FROM fleet_tasks t ORDER BY t.start_time, t.id").execute()
        .map(rows -> {
          List<StoredTask> all = new ArrayList<>(rows.size());
          rows.forEach(row -> all.add(toTask(row, false)));
          return all;
        });
    }

    @Override
    public Future<Void> renew(String runner, long leaseUntil) {
      return pool.preparedQuery("UPDATE fleet_tasks SET lease_until = $2 WHERE runner = $1 AND end_time IS NULL")
        .execute(Tuple.of(runner, leaseUntil)).mapEmpty();
    }

    @Override
    public Future<List<StoredTask>> claimAbandoned(String runner, long now, long leaseUntil) {
      // Conditional on the lease, so that of two nodes sweeping at once one takes each task.
      return pool.preparedQuery("UPDATE fleet_tasks t SET runner = $1, lease_until = $3 "
          + "WHERE t.end_time IS NULL AND t.lease_until < $2 RETURNING " + COLUMNS + ", " + OUTCOMES)
        .execute(Tuple.of(runner, now, leaseUntil))
        .map(rows -> {
          List<StoredTask> claimed = new ArrayList<>(rows.size());
          rows.forEach(row -> claimed.add(toTask(row, true)));
          return claimed;
        });
    }

    @Override
    public Future<Integer> deleteEndedBefore(long cutoff) {
      return pool.preparedQuery("DELETE FROM fleet_tasks WHERE end_time < $1").execute(Tuple.of(cutoff))
        .map(rows -> rows.rowCount());
    }

    private static StoredTask toTask(Row row, boolean withOutcomes) {
      List<String> targets = row.getJsonArray("targets").stream().map(String.class::cast).toList();
      Plan plan = new Plan(row.getString("id"), new Owner(row.getString("owner"), row.getString("owner_tenant"),
        row.getBoolean("owner_admin")), row.getString("name"), FleetTaskKind.ofStored(row.getString("kind")),
        row.getString("reset_type"), targets,
        row.getInteger("batch_size"), row.getInteger("delay_seconds"), row.getLong("start_time"));
      List<Outcome> outcomes = new ArrayList<>();
      if (withOutcomes) {
        row.getJsonArray("outcomes").forEach(o -> {
          JsonObject outcome = (JsonObject) o;
          outcomes.add(new Outcome(outcome.getInteger("position"), outcome.getBoolean("failed"),
            outcome.getJsonObject("message")));
        });
      }
      return new StoredTask(plan, row.getInteger("next_position"), row.getLong("end_time"), row.getString("runner"),
        row.getLong("lease_until"), outcomes);
    }
  }
}
