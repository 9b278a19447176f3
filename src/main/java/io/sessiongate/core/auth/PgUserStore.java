package io.sessiongate.core.auth;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Set;
import java.util.UUID;

final class PgUserStore implements UserStore {
  private static final String COLUMNS = "login, guid, tenant, kind, password_hash, roles, privileges, active, "
    + "profile, tokens_not_before, created_at, updated_at";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  PgUserStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<User> find(String login) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE login = $1")
      .execute(Tuple.of(login))
      .map(rows -> rows.size() == 0 ? null : toUser(rows.iterator().next()));
  }

  @Override
  public Future<Void> insert(User user) {
    return pool.preparedQuery("INSERT INTO users (" + COLUMNS + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)")
      .execute(toTuple(user))
      .<Void>mapEmpty()
      .recover(err -> err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        ? Future.failedFuture(ApiError.conflict("A user with login '" + user.login() + "' already exists."))
        : Future.failedFuture(err));
  }

  @Override
  public Future<Void> update(User user) {
    return pool.preparedQuery("UPDATE users SET guid=$2, tenant=$3, kind=$4, password_hash=$5, roles=$6, "
        + "privileges=$7, active=$8, profile=$9, tokens_not_before=$10, created_at=$11, updated_at=$12 WHERE login=$1")
      .execute(toTuple(user))
      .compose(rows -> rows.rowCount() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(ApiError.notFound("No user with login '" + user.login() + "'.")));
  }

  @Override
  public Future<Boolean> delete(String login) {
    return pool.preparedQuery("DELETE FROM users WHERE login = $1").execute(Tuple.of(login))
      .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<List<User>> list(String tenant) {
    Future<io.vertx.sqlclient.RowSet<Row>> rows = tenant == null
      ? pool.preparedQuery("SELECT " + COLUMNS + " FROM users ORDER BY login").execute()
      : pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE tenant = $1 ORDER BY login").execute(Tuple.of(tenant));
    return rows.map(set -> {
      List<User> users = new java.util.ArrayList<>(set.size());
      set.forEach(row -> users.add(toUser(row)));
      return users;
    });
  }

  private static Tuple toTuple(User user) {
    return Tuple.tuple()
      .addString(user.login())
      .addUUID(UUID.fromString(user.guid()))
      .addString(user.tenant())
      .addString(user.kind().name())
      .addString(user.passwordHash())
      .addArrayOfString(user.roles().toArray(String[]::new))
      .addArrayOfString(user.privileges().toArray(String[]::new))
      .addBoolean(user.active())
      .addValue(user.profile())
      .addLong(user.tokensNotBefore())
      .addLong(user.createdAt())
      .addLong(user.updatedAt());
  }

  private static User toUser(Row row) {
    return new User(
      row.getString("login"),
      row.getUUID("guid").toString(),
      row.getString("tenant"),
      User.AccountKind.valueOf(row.getString("kind")),
      row.getString("password_hash"),
      Set.of(row.getArrayOfStrings("roles")),
      Set.of(row.getArrayOfStrings("privileges")),
      row.getBoolean("active"),
      row.getJsonObject("profile"),
      row.getLong("tokens_not_before"),
      row.getLong("created_at"),
      row.getLong("updated_at"));
  }
}
