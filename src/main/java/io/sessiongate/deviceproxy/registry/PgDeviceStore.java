package io.sessiongate.deviceproxy.registry;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

final class PgDeviceStore implements DeviceStore {
  private static final String COLUMNS = "id, address, mode, tls_mode, pin_sha256, username, sealed_password, max_sessions, "
    + "max_concurrent_requests, timeout_ms, created_at, updated_at, auth, probed_auth, probed_at, tenants";

  private final Pool pool;

  PgDeviceStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Device> find(String id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM devices WHERE id = $1").execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : toDevice(rows.iterator().next()));
  }

  @Override
  public Future<Void> insert(Device device) {
    return pool.preparedQuery("INSERT INTO devices (" + COLUMNS + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)")
      .execute(toTuple(device))
      .<Void>mapEmpty()
      .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
        ? Future.failedFuture(ApiError.conflict("A device with id '" + device.id() + "' is already registered."))
        : Future.failedFuture(err));
  }

  @Override
  public Future<Void> update(Device device) {
    return pool.preparedQuery("UPDATE devices SET address=$2, mode=$3, tls_mode=$4, pin_sha256=$5, username=$6, sealed_password=$7, "
        + "max_sessions=$8, max_concurrent_requests=$9, timeout_ms=$10, created_at=$11, updated_at=$12, auth=$13, probed_auth=$14, "
        + "probed_at=$15, tenants=$16 WHERE id=$1")
      .execute(toTuple(device))
      .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture()
        : Future.failedFuture(ApiError.notFound("No device with id '" + device.id() + "'.")));
  }

  @Override
  public Future<Void> recordProbe(String id, Device.Auth found, long at) {
    return pool.preparedQuery("UPDATE devices SET probed_auth=$2, probed_at=$3 WHERE id=$1")
      .execute(Tuple.of(id, found.name(), at)).mapEmpty();
  }

  @Override
  public Future<Void> recordPin(String id, String pinSha256) {
    return pool.preparedQuery("UPDATE devices SET pin_sha256=$2 WHERE id=$1 AND tls_mode='TOFU' AND pin_sha256 IS NULL")
      .execute(Tuple.of(id, pinSha256)).mapEmpty();
  }

  @Override
  public Future<Boolean> delete(String id) {
    return pool.preparedQuery("DELETE FROM devices WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<List<Device>> list() {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM devices ORDER BY id").execute().map(rows -> {
      List<Device> devices = new ArrayList<>();
      rows.forEach(row -> devices.add(toDevice(row)));
      return devices;
    });
  }

  private static Tuple toTuple(Device d) {
    return Tuple.tuple().addString(d.id()).addString(d.address().toString()).addString(d.mode().name())
      .addString(d.tlsMode().name())
      .addString(d.pinSha256()).addString(d.username()).addString(d.sealedPassword()).addInteger(d.maxSessions())
      .addInteger(d.maxConcurrentRequests()).addInteger(d.timeoutMillis()).addLong(d.createdAt()).addLong(d.updatedAt())
      .addString(d.auth().name()).addString(d.probedAuth() == null ? null : d.probedAuth().name()).addLong(d.probedAt())
      .addArrayOfString(d.tenants().toArray(String[]::new));
  }

  private static Device toDevice(Row row) {
    return new Device(row.getString("id"), URI.create(row.getString("address")),
      Device.Mode.valueOf(row.getString("mode")), Device.TlsMode.valueOf(row.getString("tls_mode")), row.getString("pin_sha256"), row.getString("username"),
      row.getString("sealed_password"), row.getInteger("max_sessions"), row.getInteger("max_concurrent_requests"),
      row.getInteger("timeout_ms"), row.getLong("created_at"), row.getLong("updated_at"),
      Device.Auth.valueOf(row.getString("auth")),
      row.getString("probed_auth") == null ? null : Device.Auth.valueOf(row.getString("probed_auth")),
      row.getLong("probed_at"), List.of(row.getArrayOfStrings("tenants")));
  }
}
