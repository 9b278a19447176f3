package io.sessiongate.deviceproxy;

import io.sessiongate.core.http.ApiError;
import io.sessiongate.deviceproxy.BmcSessionPool.BmcSession;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The BMC sessions of one device, held by the one node of the cluster that owns the device: its pool (at
 * most {@code maxSessions}, logged in one at a time), and the leases it hands out. A lease lends one session
 * to one client request, which any node then sends to the BMC itself; the lease comes back when the answer
 * is in, marked rejected when the BMC answered 401. Leases outstanding are the device's requests in flight
 * across the cluster: past {@code maxConcurrentRequests} times {@link DeviceClient#QUEUED_PER_SLOT} + 1 the
 * device answers 503 (its bulkhead). A lease not given back (its node died) lapses after twice the device's
 * timeout. Lives on the owning verticle's event loop.
 */
final class BmcSessions {
  private static final Logger LOG = LoggerFactory.getLogger(BmcSessions.class);
  private static final String SESSIONS = "/redfish/v1/SessionService/Sessions";

  /** One session lent to one request; its token sealed (it may cross the network to the node that uses it). */
  record Lease(long id, String sealedToken) {
  }

  private record Lent(BmcSession session, long lapsesAt) {
  }

  private final DeviceClient client;
  private final String password;
  private final BmcSessionRecords records;
  private final BmcSessionPool pool;
  private final Map<Long, Lent> lent = new HashMap<>();
  /** Random start: a lease given back late, to a new owner of the device, matches none of its own. */
  private long nextLease = ThreadLocalRandom.current().nextLong() >>> 2;
  private int waiting;
  /** Closed (the shard moved, or the device changed): a login still under way is logged out when it lands. */
  private boolean closed;

  BmcSessions(DeviceClient client, String password, BmcSessionRecords records) {
    this.client = client;
    this.password = password;
    this.records = records;
    this.pool = new BmcSessionPool(client.device().maxSessions(), this::login);
  }

  /** Adopts the sessions a previous owner of the device wrote down (it died holding them). */
  Future<BmcSessions> adoptLeftovers() {
    return records.recall(device().id()).map(left -> {
      pool.adopt(left, System.currentTimeMillis()).forEach(this::logout);
      if (!left.isEmpty()) {
        LOG.info("device {}: adopted {} BMC session(s) a previous owner left", device().id(), pool.size());
      }
      return this;
    }).otherwise(err -> {
      LOG.warn("device {}: could not read the BMC sessions a previous owner left: {}", device().id(), err.getMessage());
      return this;
    });
  }

  DeviceClient client() {
    return client;
  }

  Device device() {
    return client.device();
  }

  Future<Lease> lease() {
    Device device = client.device();
    if (closed) {
      return Future.failedFuture(DeviceProxyVerticle.notOwner(device.id()));
    }
    if (lent.size() + waiting >= device.maxConcurrentRequests() * (1 + DeviceClient.QUEUED_PER_SLOT)) {
      return Future.failedFuture(ApiError.unavailable("Device " + device.id() + " has " + (lent.size() + waiting)
        + " requests in flight or queued, its limit; retry shortly.", 1));
    }
    waiting++;
    return pool.acquire().andThen(done -> waiting--).map(session -> {
      long id = ++nextLease;
      lent.put(id, new Lent(session, System.currentTimeMillis() + 2L * device.timeoutMillis()));
      return new Lease(id, session.sealedToken());
    });
  }

  /** The request that held lease {@code id} is over; {@code rejected}: the BMC answered it 401. */
  void giveBack(long id, boolean rejected) {
    Lent lease = lent.remove(id);
    if (lease == null) {
      return;
    }
    pool.release(lease.session(), System.currentTimeMillis());
    if (rejected) {
      LOG.debug("device {} answered 401 on a pooled session: the next lease logs in again", device().id());
      pool.invalidate(lease.session());
      records.forget(device().id(), lease.session());
    }
  }

  /** Takes back the leases whose requests should long be over (their node died before giving them back). */
  void lapse(long now) {
    lent.entrySet().removeIf(entry -> {
      if (entry.getValue().lapsesAt() > now) {
        return false;
      }
      pool.release(entry.getValue().session(), now);
      return true;
    });
  }

  /** Logs out of sessions unused since {@code idleSinceMillis}. */
  void logoutIdle(long idleSinceMillis) {
    pool.takeIdle(idleSinceMillis).forEach(this::logout);
  }

  /** Logs out of every session. */
  Future<Void> close() {
    closed = true;
    lent.clear();
    return Future.join(pool.takeAll().stream().map(this::logout).toList()).mapEmpty();
  }

  int held() {
    return pool.size();
  }

  private Future<BmcSession> login() {
    Device device = client.device();
    JsonObject credentials = new JsonObject().put("UserName", device.username()).put("Password", password);
    return client.call("bmc.login", HttpMethod.POST, () -> client.http().request(client.requestOptions(HttpMethod.POST, SESSIONS)
        .putHeader("Content-Type", "application/json"))
      .compose(request -> request.send(credentials.toBuffer()))
      .compose(response -> response.body().map(body -> switch (response.statusCode()) {
        case 200, 201 -> {
          String token = response.getHeader("X-Auth-Token");
          if (token == null) {
            throw ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id()
              + " accepted the login but sent no X-Auth-Token.");
          }
          BmcSession session = records.opened(device.id(), token, response.getHeader("Location"));
          if (closed) {
            // Landed after close(): never written down, so only the BMC has it to forget.
            client.logout(session.location(), token);
            throw DeviceProxyVerticle.notOwner(device.id());
          }
          records.remember(device.id(), session);
          yield session;
        }
        case 401, 403 -> throw ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id()
          + " refused the credentials registered for it; update them with PATCH /admin/devices/" + device.id() + ".");
        case 503 -> throw ApiError.unavailable("Device " + device.id() + " refused another session (it is at its "
          + "own session limit); retry shortly.", 2);
        default -> throw ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id() + " answered the login with HTTP "
          + response.statusCode() + ".");
      })));
  }

  /** Done once the record is struck too: a node taking the device over must not adopt a session logged out. */
  private Future<Void> logout(BmcSession session) {
    return Future.join(records.forget(device().id(), session), client.logout(session.location(), session.token()))
      .mapEmpty();
  }
}
