package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * PgMuranoStore's statements on deployments and reports (V18__murano_deployments.sql), kept apart from the
 * environment and session statements; some run inside PgMuranoStore's deploy transactions.
 */
final class PgDeployments {
  private static final String COLUMNS = "d.id, d.environment_id, d.tenant_id, d.session_id, d.description, d.action, "
    + "d.result, d.report_secret, d.report_url, d.started, d.finished, d.created, d.updated, "
    + "(SELECT count(*) FROM murano_reports r WHERE r.deployment_id = d.id AND r.level = 'error') AS errors, "
    + "(SELECT count(*) FROM murano_reports r WHERE r.deployment_id = d.id AND r.level = 'warning') AS warnings";
  private static final String REPORT = "id, deployment_id, entity, entity_id, text, level, details, created";

  private PgDeployments() {
  }

  static Future<Void> insert(SqlClient client, Deployment d) {
    return client.preparedQuery("INSERT INTO murano_deployments (id, environment_id, tenant_id, session_id, "
        + "description, action, result, report_secret, report_url, started, finished, created, updated) "
        + "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,NULL,$11,$12)")
      .execute(Tuple.from(new Object[] {d.id(), d.environmentId(), d.tenantId(), d.sessionId(), d.description(),
        d.action(), d.result(), d.reportSecret(), d.reportUrl(), d.started(), d.created(), d.updated()}))
      .mapEmpty();
  }

  static Future<Void> finish(SqlClient client, String deploymentId, io.vertx.core.json.JsonObject result, long now) {
    return client.preparedQuery("UPDATE murano_deployments SET finished = $2, updated = $2, result = $3 WHERE id = $1")
      .execute(Tuple.of(deploymentId, now, result))
      .mapEmpty();
  }

  /**
   * Locks the deployment row (FOR UPDATE waits for a report being added, whose statement holds it FOR SHARE,
   * and makes later ones wait and then see it finished), then counts its reports in a second statement, whose
   * snapshot is taken after the lock was granted. Null when the deployment is not recorded.
   */
  static Future<MuranoStore.ReportCounts> lockAndCount(SqlClient client, String deploymentId) {
    if (deploymentId == null) {
      return Future.succeededFuture(null);
    }
    return client.preparedQuery("SELECT id FROM murano_deployments WHERE id = $1 FOR UPDATE")
      .execute(Tuple.of(deploymentId))
      .compose(locked -> locked.size() == 0 ? Future.succeededFuture(null) : client.preparedQuery(
          "SELECT count(*) FILTER (WHERE level = 'error') AS errors, count(*) FILTER (WHERE level = 'warning') AS warnings "
            + "FROM murano_reports WHERE deployment_id = $1")
        .execute(Tuple.of(deploymentId))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new MuranoStore.ReportCounts(row.getLong("errors").intValue(), row.getLong("warnings").intValue());
        }));
  }

  static Future<Void> insertReports(SqlClient client, List<DeploymentReport> reports) {
    if (reports.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = reports.stream().map(PgDeployments::tuple).toList();
    // One row at a time, in order, so that the sequence orders reports of one millisecond as written.
    return client.preparedQuery("INSERT INTO murano_reports (" + REPORT + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8)")
      .executeBatch(rows)
      .mapEmpty();
  }

  /**
   * FOR SHARE waits for a finish in flight (its UPDATE holds the row) and then sees it finished: a plain
   * EXISTS would read the row as it was before that transaction and add the report after the closing one.
   */
  static Future<Boolean> addReport(Pool pool, DeploymentReport report) {
    return pool.preparedQuery("WITH running AS (SELECT id FROM murano_deployments WHERE id = $2 AND finished IS NULL "
        + "FOR SHARE) INSERT INTO murano_reports (" + REPORT + ") SELECT $1,$2,$3,$4,$5,$6,$7,$8 FROM running")
      .execute(tuple(report))
      .map(rows -> rows.rowCount() == 1);
  }

  static Future<List<Deployment>> list(Pool pool, String condition, String value) {
    return select(pool, "SELECT " + COLUMNS + " FROM murano_deployments d WHERE " + condition
      + " ORDER BY d.created DESC, d.started DESC", value, PgDeployments::toDeployment);
  }

  static Future<List<DeploymentReport>> reports(Pool pool, String condition, String value) {
    return select(pool, "SELECT " + REPORT + " FROM murano_reports r WHERE " + condition
      + " ORDER BY r.created, r.sequence", value, PgDeployments::toReport);
  }

  private static <T> Future<List<T>> select(Pool pool, String sql, String value, Function<Row, T> read) {
    return pool.preparedQuery(sql).execute(Tuple.of(value)).map(rows -> {
      List<T> all = new ArrayList<>(rows.size());
      rows.forEach(row -> all.add(read.apply(row)));
      return all;
    });
  }

  private static Tuple tuple(DeploymentReport r) {
    return Tuple.from(new Object[] {r.id(), r.deploymentId(), r.entity(), r.entityId(), r.text(), r.level(), r.details(),
      r.created()});
  }

  private static Deployment toDeployment(Row row) {
    Long finished = row.getLong("finished");
    return new Deployment(row.getString("id"), row.getString("environment_id"), row.getString("tenant_id"),
      row.getString("session_id"), row.getJsonObject("description"), row.getJsonObject("action"),
      row.getJsonObject("result"), row.getString("report_secret"), row.getString("report_url"), row.getLong("started"),
      finished == null ? 0 : finished, row.getLong("created"), row.getLong("updated"), row.getLong("errors").intValue(),
      row.getLong("warnings").intValue());
  }

  private static DeploymentReport toReport(Row row) {
    return new DeploymentReport(row.getString("id"), row.getString("deployment_id"), row.getString("entity"),
      row.getString("entity_id"), row.getString("text"), row.getString("level"), row.getString("details"),
      row.getLong("created"));
  }
}
