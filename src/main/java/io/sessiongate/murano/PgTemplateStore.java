package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** Murano's templates in PostgreSQL (V19__murano_templates.sql); the name per tenant is a unique constraint. */
final class PgTemplateStore implements TemplateStore {
  private static final String COLUMNS = "id, name, tenant_id, description_text, version, description, is_public, "
    + "created, updated";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  PgTemplateStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Boolean> insert(EnvironmentTemplate t) {
    return pool.preparedQuery("INSERT INTO murano_templates (" + COLUMNS + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)")
      .execute(Tuple.from(new Object[] {t.id(), t.name(), t.tenantId(), t.descriptionText(), t.version(),
        t.description(), t.isPublic(), t.created(), t.updated()}))
      .map(true)
      .recover(err -> nameTaken(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  @Override
  public Future<EnvironmentTemplate> template(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM murano_templates WHERE id = $1")
      .execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toTemplate(rows.iterator().next()));
  }

  @Override
  public Future<List<EnvironmentTemplate>> list(Boolean isPublic, String tenantId) {
    String condition = isPublic == null ? "is_public OR tenant_id = $1"
      : isPublic ? "is_public" : "NOT is_public AND tenant_id = $1";
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM murano_templates WHERE " + condition + " ORDER BY created, id")
      .execute(Boolean.TRUE.equals(isPublic) ? Tuple.tuple() : Tuple.of(tenantId))
      .map(rows -> {
        List<EnvironmentTemplate> all = new ArrayList<>(rows.size());
        rows.forEach(row -> all.add(toTemplate(row)));
        return all;
      });
  }

  @Override
  public Future<Boolean> replace(EnvironmentTemplate t, JsonObject expectedDescription) {
    return pool.preparedQuery("UPDATE murano_templates SET name = $2, description_text = $3, description = $4, "
        + "is_public = $5, updated = $6 WHERE id = $1 AND description = $7")
      .execute(Tuple.from(new Object[] {t.id(), t.name(), t.descriptionText(), t.description(), t.isPublic(),
        t.updated(), expectedDescription}))
      .map(rows -> rows.rowCount() == 1)
      .recover(err -> nameTaken(err) ? Future.failedFuture(MuranoFaults.templateNameTaken()) : Future.failedFuture(err));
  }

  private static boolean nameTaken(Throwable err) {
    return err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  @Override
  public Future<Void> delete(String id) {
    return pool.preparedQuery("DELETE FROM murano_templates WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  private static EnvironmentTemplate toTemplate(Row row) {
    return new EnvironmentTemplate(row.getString("id"), row.getString("name"), row.getString("tenant_id"),
      row.getString("description_text"), row.getLong("version"), row.getJsonObject("description"),
      row.getBoolean("is_public"), row.getLong("created"), row.getLong("updated"));
  }
}
