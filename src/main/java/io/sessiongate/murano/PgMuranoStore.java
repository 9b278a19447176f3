package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Murano's state in PostgreSQL, shared by every node. Races between nodes are settled by the conditions of
 * the statements: the environment row's {@code acquired_by} is set by one conditional UPDATE, which
 * PostgreSQL re-checks on the newest row version after a concurrent writer commits, so one deploy wins.
 */
final class PgMuranoStore implements MuranoStore {
  private static final String ENVIRONMENT = "id, name, tenant_id, description_text, version, model, acquired_by, "
    + "created, updated";
  private static final String SESSION = "id, environment_id, user_id, state, version, draft, deploy_deadline, "
    + "revision, created, updated";
  private static final String SNAPSHOTS = "SELECT e.id, e.name, e.tenant_id, e.description_text, e.version, e.model, "
    + "e.acquired_by, e.created, e.updated, s.id AS s_id, s.user_id AS s_user_id, s.state AS s_state, "
    + "s.version AS s_version, s.draft AS s_draft, s.deploy_deadline AS s_deploy_deadline, s.revision AS s_revision, "
    + "s.created AS s_created, s.updated AS s_updated "
    + "FROM murano_environments e LEFT JOIN murano_sessions s ON s.environment_id = e.id ";
  private static final String SNAPSHOT_ORDER = "ORDER BY e.created, e.id, s.version DESC, s.revision DESC";
  private static final String IN_FLIGHT = "('deploying', 'deleting')";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /** Rolls a transaction back when one of its conditions does not hold; never leaves this class. */
  private static final class ConditionFailed extends RuntimeException {
    ConditionFailed() {
      super(null, null, false, false);
    }
  }

  private final Pool pool;

  PgMuranoStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Void> insertEnvironment(Environment env) {
    return pool.preparedQuery("INSERT INTO murano_environments (" + ENVIRONMENT + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)")
      .execute(Tuple.of(env.id(), env.name(), env.tenantId(), env.descriptionText(), env.version(), env.model(),
        env.acquiredBy(), env.created(), env.updated()))
      .<Void>mapEmpty()
      .recover(PgMuranoStore::nameTakenOr);
  }

  @Override
  public Future<Environment> environment(String id) {
    return pool.preparedQuery("SELECT " + ENVIRONMENT + " FROM murano_environments WHERE id = $1")
      .execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toEnvironment(rows.iterator().next()));
  }

  @Override
  public Future<EnvironmentSnapshot> snapshot(String id) {
    return pool.preparedQuery(SNAPSHOTS + "WHERE e.id = $1 " + SNAPSHOT_ORDER)
      .execute(Tuple.of(id))
      .map(rows -> {
        List<EnvironmentSnapshot> found = toSnapshots(rows);
        return found.isEmpty() ? null : found.get(0);
      });
  }

  @Override
  public Future<List<EnvironmentSnapshot>> snapshots(String tenantId) {
    return pool.preparedQuery(SNAPSHOTS + "WHERE $1::text IS NULL OR e.tenant_id = $1 " + SNAPSHOT_ORDER)
      .execute(Tuple.of(tenantId))
      .map(PgMuranoStore::toSnapshots);
  }

  /** One statement, so environment and sessions are of one moment (a deployment commits both or neither). */
  private static List<EnvironmentSnapshot> toSnapshots(RowSet<Row> rows) {
    Map<String, Environment> environments = new LinkedHashMap<>();
    Map<String, List<ConfigurationSession>> sessions = new LinkedHashMap<>();
    for (Row row : rows) {
      Environment environment = environments.computeIfAbsent(row.getString("id"), id -> toEnvironment(row));
      List<ConfigurationSession> of = sessions.computeIfAbsent(environment.id(), id -> new ArrayList<>());
      if (row.getString("s_id") != null) {
        of.add(new ConfigurationSession(row.getString("s_id"), environment.id(), row.getString("s_user_id"),
          SessionState.of(row.getString("s_state")), row.getLong("s_version"), row.getJsonObject("s_draft"),
          row.getLong("s_deploy_deadline"), row.getLong("s_revision"), row.getLong("s_created"),
          row.getLong("s_updated")));
      }
    }
    List<EnvironmentSnapshot> all = new ArrayList<>(environments.size());
    environments.values().forEach(environment -> all.add(new EnvironmentSnapshot(environment, sessions.get(environment.id()))));
    return all;
  }

  @Override
  public Future<Environment> rename(String id, String name, long now) {
    return pool.preparedQuery("UPDATE murano_environments SET name = $2, updated = $3 WHERE id = $1 RETURNING " + ENVIRONMENT)
      .execute(Tuple.of(id, name, now))
      .map(rows -> rows.size() == 0 ? (Environment) null : toEnvironment(rows.iterator().next()))
      .recover(PgMuranoStore::nameTakenOr);
  }

  private static <T> Future<T> nameTakenOr(Throwable err) {
    return err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
      ? Future.failedFuture(MuranoFaults.nameTaken())
      : Future.failedFuture(err);
  }

  @Override
  public Future<Void> removeEnvironment(String id) {
    return pool.preparedQuery("DELETE FROM murano_environments WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  @Override
  public Future<ConfigurationSession> session(String id) {
    return pool.preparedQuery("SELECT " + SESSION + " FROM murano_sessions WHERE id = $1")
      .execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toSession(rows.iterator().next()));
  }

  @Override
  public Future<ConfigurationSession> insertSession(ConfigurationSession s) {
    return pool.preparedQuery("INSERT INTO murano_sessions (" + SESSION + ") "
        + "VALUES ($1,$2,$3,$4,$5,$6,$7,nextval('murano_session_revisions'),$8,$9) RETURNING " + SESSION)
      .execute(Tuple.of(s.id(), s.environmentId(), s.userId(), s.state().wire(), s.version(), s.draft(),
        s.deployDeadline(), s.created(), s.updated()))
      .map(rows -> toSession(rows.iterator().next()))
      .recover(err -> err instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())
        ? Future.failedFuture(MuranoFaults.environmentNotFound(s.environmentId()))
        : Future.failedFuture(err));
  }

  @Override
  public Future<Boolean> deleteSession(String id) {
    return pool.preparedQuery("DELETE FROM murano_sessions WHERE id = $1 AND state NOT IN " + IN_FLIGHT)
      .execute(Tuple.of(id))
      .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Boolean> replaceDraft(String sessionId, long expectedRevision, JsonObject draft, long now) {
    return pool.preparedQuery("UPDATE murano_sessions SET draft = $3, updated = $4, "
        + "revision = nextval('murano_session_revisions') WHERE id = $1 AND revision = $2 AND state = 'opened'")
      .execute(Tuple.of(sessionId, expectedRevision, draft, now))
      .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Boolean> startDeploy(String environmentId, String sessionId, long sessionVersion, SessionState running,
                                     long deadline, long now, Deployment deployment, DeploymentReport scheduled) {
    return pool.withTransaction(conn -> conn
        .preparedQuery("UPDATE murano_environments SET acquired_by = $2 "
          + "WHERE id = $1 AND acquired_by IS NULL AND version = $3")
        .execute(Tuple.of(environmentId, sessionId, sessionVersion))
        .compose(acquired -> acquired.rowCount() == 1
          ? conn.preparedQuery("UPDATE murano_sessions SET state = $3, deploy_deadline = $4, updated = $5, "
              + "revision = nextval('murano_session_revisions') "
              + "WHERE id = $1 AND environment_id = $2 AND state = 'opened'")
            .execute(Tuple.of(sessionId, environmentId, running.wire(), deadline, now))
          : Future.failedFuture(new ConditionFailed()))
        .compose(started -> started.rowCount() == 1
          ? PgDeployments.insert(conn, deployment).compose(v -> PgDeployments.insertReports(conn, List.of(scheduled)))
          : Future.<Void>failedFuture(new ConditionFailed()))
        .map(true))
      .recover(PgMuranoStore::falseWhenConditionFailed);
  }

  /**
   * Locks in the order a removal of the environment does (environment, then its deployment via the cascade),
   * so the two never deadlock. The counts are read by a statement after the deployment's lock is granted:
   * under READ COMMITTED only a later statement sees a report committed while the lock was awaited.
   */
  @Override
  public Future<Boolean> finishDeploy(String environmentId, String sessionId, JsonObject model, long now,
                                      String deploymentId, JsonObject result, Function<ReportCounts, Ending> ending) {
    return pool.withTransaction(conn -> conn
        .preparedQuery("SELECT s.draft IS NULL AS deletion FROM murano_environments e "
          + "JOIN murano_sessions s ON s.id = e.acquired_by WHERE e.id = $1 AND e.acquired_by = $2 FOR UPDATE OF e")
        .execute(Tuple.of(environmentId, sessionId))
        .compose(held -> {
          if (held.size() != 1) {
            return Future.failedFuture(new ConditionFailed());
          }
          boolean deletion = held.iterator().next().getBoolean("deletion");
          return PgDeployments.lockAndCount(conn, deploymentId).compose(counts -> {
            Ending decided = ending.apply(counts);
            if (deletion && decided.outcome() == SessionState.DEPLOYED) {
              return conn.preparedQuery("DELETE FROM murano_environments WHERE id = $1").execute(Tuple.of(environmentId))
                .<Void>mapEmpty();
            }
            return conn.preparedQuery("UPDATE murano_environments SET version = version + 1, "
                + "model = COALESCE($2, model), acquired_by = NULL, updated = $3 WHERE id = $1")
              .execute(Tuple.of(environmentId, model, now))
              .compose(v -> conn.preparedQuery("UPDATE murano_sessions SET state = $2, deploy_deadline = 0, "
                  + "updated = $3, revision = nextval('murano_session_revisions') WHERE id = $1")
                .execute(Tuple.of(sessionId, decided.outcome().wire(), now)))
              .compose(v -> deploymentId == null ? Future.<Void>succeededFuture()
                : PgDeployments.finish(conn, deploymentId, result, now))
              .compose(v -> PgDeployments.insertReports(conn, decided.reports()));
          });
        })
        .map(true))
      .recover(PgMuranoStore::falseWhenConditionFailed);
  }

  private static Future<Boolean> falseWhenConditionFailed(Throwable err) {
    return err instanceof ConditionFailed ? Future.succeededFuture(false) : Future.failedFuture(err);
  }

  @Override
  public Future<List<ConfigurationSession>> abandonedDeployments(long now) {
    return pool.preparedQuery("SELECT " + SESSION + " FROM murano_sessions WHERE state IN " + IN_FLIGHT
        + " AND deploy_deadline < $1")
      .execute(Tuple.of(now))
      .map(PgMuranoStore::toSessions);
  }

  @Override
  public Future<Boolean> claimDeployment(String sessionId, long now, long newDeadline) {
    return pool.preparedQuery("UPDATE murano_sessions SET deploy_deadline = $3 "
        + "WHERE id = $1 AND state IN " + IN_FLIGHT + " AND deploy_deadline < $2")
      .execute(Tuple.of(sessionId, now, newDeadline))
      .map(rows -> rows.rowCount() == 1);
  }

  private static List<ConfigurationSession> toSessions(RowSet<Row> rows) {
    List<ConfigurationSession> all = new ArrayList<>(rows.size());
    rows.forEach(row -> all.add(toSession(row)));
    return all;
  }

  private static Environment toEnvironment(Row row) {
    return new Environment(row.getString("id"), row.getString("name"), row.getString("tenant_id"),
      row.getString("description_text"), row.getLong("version"), row.getJsonObject("model"),
      row.getString("acquired_by"), row.getLong("created"), row.getLong("updated"));
  }

  private static ConfigurationSession toSession(Row row) {
    return new ConfigurationSession(row.getString("id"), row.getString("environment_id"), row.getString("user_id"),
      SessionState.of(row.getString("state")), row.getLong("version"), row.getJsonObject("draft"),
      row.getLong("deploy_deadline"), row.getLong("revision"), row.getLong("created"), row.getLong("updated"));
  }

  // --- deployments and their reports (the statements are PgDeployments')

  @Override
  public Future<List<Deployment>> deployments(String environmentId) {
    return PgDeployments.list(pool, "d.environment_id = $1", environmentId);
  }

  @Override
  public Future<List<Deployment>> tenantDeployments(String tenantId) {
    return PgDeployments.list(pool, "($1::text IS NULL OR d.tenant_id = $1)", tenantId);
  }

  @Override
  public Future<Deployment> deployment(String id) {
    return PgDeployments.list(pool, "d.id = $1", id).map(found -> found.isEmpty() ? null : found.get(0));
  }

  @Override
  public Future<Deployment> deploymentOfSession(String sessionId) {
    return PgDeployments.list(pool, "d.session_id = $1", sessionId).map(found -> found.isEmpty() ? null : found.get(0));
  }

  @Override
  public Future<List<DeploymentReport>> reports(String deploymentId) {
    return PgDeployments.reports(pool, "r.deployment_id = $1", deploymentId);
  }

  @Override
  public Future<List<DeploymentReport>> environmentReports(String environmentId) {
    return PgDeployments.reports(pool, "r.deployment_id IN (SELECT id FROM murano_deployments WHERE environment_id = $1)",
      environmentId);
  }

  @Override
  public Future<Boolean> addReport(DeploymentReport report) {
    return PgDeployments.addReport(pool, report);
  }
}
