package io.sessiongate.deviceproxy.bmc;

import io.sessiongate.core.fleet.Device;
import io.sessiongate.core.bus.Contexts;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Logging in to a BMC the way the Redfish services in the wild want it, not only the way bmc-sim does: the
 * Sessions URI comes from the service root's {@code Links.Sessions}; any 2xx carrying an {@code X-Auth-Token}
 * is a session (200, 201 and 204 all occur); the session's address is its {@code Location}, absolute or
 * relative, or else the {@code @odata.id} of the body, or unknown (then it is dropped, not logged out). A
 * refused login says why ({@link Refusal}), because what the gateway does next depends on it.
 * <p>One per {@link DeviceClient} (per device, per node), so what the service root said is read once and known
 * to both modes: the pooled sessions log in where it says, and a passthrough client's login is recognised there.
 */
public final class BmcLogin {
  public static final String STANDARD_SESSIONS = "/redfish/v1/SessionService/Sessions";
  /** What firmware says when it is at its session cap: iDRAC RAC0218, XCC SessionLimitExceeded, iLO and others. */
  private static final Pattern SESSION_LIMIT = Pattern.compile(
    "RAC0218|SessionLimitExceeded|CreateLimitReached|MaxSessions|maximum number of (user )?sessions|too many sessions",
    Pattern.CASE_INSENSITIVE);

  /** Why a BMC refused a login. */
  public enum Refusal {
    /** 401/403: the stored user name or password is wrong (or locked out). */
    CREDENTIALS,
    /** 404/405/501 on the Sessions URI: the service has no SessionService (HTTP Basic is the way in). */
    NO_SESSION_SERVICE,
    /** 503, 429, or 400 naming a session limit: the BMC is at its own cap. */
    SESSION_LIMIT,
    /** Another 5xx: the BMC itself failed. */
    BMC_ERROR,
    /** Anything else a login should not get (a 2xx without a token, a 3xx, another 4xx). */
    UNEXPECTED
  }

  /** A login the BMC refused: why, and what the client is told. */
  public static final class Refused extends RuntimeException {
    public final Refusal refusal;
    public final ApiError error;

    public Refused(Refusal refusal, ApiError error) {
      super(refusal + ": " + error.getMessage(), null, false, false);
      this.refusal = refusal;
      this.error = error;
    }
  }

  /**
   * What the service root offers: {@code sessions}, its Links.Sessions (null: it offers no SessionService), and
   * the SessionService (where SessionTimeout is read). {@code read}: false when the root could not be read (then
   * both are the standard paths, a login tells, and the next login reads the root again).
   */
  public record ServiceRoot(String sessions, String sessionService, boolean read) {
  }

  /** A session the BMC opened: its token and its path (null when the BMC did not say where it is). */
  public record Opened(String token, String location) {
  }

  private final DeviceClient client;
  /** The service root as last read (or being read); shared by the node's event loops. */
  private final AtomicReference<Future<ServiceRoot>> known = new AtomicReference<>();

  BmcLogin(DeviceClient client) {
    this.client = client;
  }

  /**
   * The service root, read at the first call and kept, on the caller's context. A root the BMC did not serve (a
   * transport failure, or 503 while it boots) only stood in for one: the next call reads it again, so the
   * standard paths it gave never stick to a BMC whose Links.Sessions says otherwise.
   */
  public Future<ServiceRoot> knownServiceRoot() {
    Future<ServiceRoot> current = known.get();
    if (current == null || current.failed() || (current.succeeded() && !current.result().read())) {
      Promise<ServiceRoot> reading = Promise.promise();
      if (known.compareAndSet(current, reading.future())) {
        serviceRoot().onComplete(reading);
      }
      current = known.get();
    }
    return Contexts.here(current);
  }

  /** The next {@link #knownServiceRoot} reads the root again (the device was just registered or changed). */
  public void forgetServiceRoot() {
    known.set(null);
  }

  /** Reads the service root (DSP0266: readable without credentials). */
  private Future<ServiceRoot> serviceRoot() {
    return client.call("bmc.service-root", HttpMethod.GET, () -> client.fetch(client.requestOptions(HttpMethod.GET, "/redfish/v1/")
        .putHeader("Accept", "application/json"), null, (response, body) -> {
        JsonObject root = response.statusCode() / 100 == 2 ? json(body) : null;
        if (root == null) {
          return new ServiceRoot(STANDARD_SESSIONS, "/redfish/v1/SessionService", false);
        }
        String sessions = odataId(root.getValue("Links") instanceof JsonObject links ? links.getValue("Sessions") : null);
        String service = odataId(root.getValue("SessionService"));
        return new ServiceRoot(sessions == null ? null : path(sessions),
          service != null ? path(service) : sessions != null ? parent(path(sessions)) : null, true);
      }));
  }

  /** Posts the credentials to {@code sessionsUri}; fails with {@link Refused} when the BMC says no. */
  public Future<Opened> login(String sessionsUri, String username, String password) {
    JsonObject credentials = new JsonObject().put("UserName", username).put("Password", password);
    return client.call("bmc.login", HttpMethod.POST, () -> client.fetch(client.requestOptions(HttpMethod.POST, sessionsUri)
        .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json"), credentials.toBuffer(),
      (response, body) -> {
        Tracing.annotate("http.response.status_code", response.statusCode());
        return opened(response, body, sessionsUri);
      }));
  }

  /** The SessionTimeout (seconds) the BMC's SessionService reports, or 0 when it does not say. */
  public Future<Integer> sessionTimeout(String sessionServiceUri, String token) {
    if (sessionServiceUri == null) {
      return Future.succeededFuture(0);
    }
    return client.fetch(client.requestOptions(HttpMethod.GET, sessionServiceUri)
        .putHeader("X-Auth-Token", token).putHeader("Accept", "application/json"), null, (response, body) -> {
        JsonObject service = response.statusCode() == 200 ? json(body) : null;
        return service != null && service.getValue("SessionTimeout") instanceof Number timeout ? timeout.intValue() : 0;
      })
      .otherwise(0);
  }

  private Opened opened(HttpClientResponse response, Buffer body, String sessionsUri) {
    String id = client.device().id();
    int status = response.statusCode();
    if (status / 100 == 2) {
      // Vert.x header lookups ignore case: "x-auth-token" from some firmware is found too.
      String token = response.getHeader("X-Auth-Token");
      if (token == null || token.isBlank()) {
        throw new Refused(Refusal.UNEXPECTED, ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + id
          + " accepted the login (HTTP " + status + ") but sent no X-Auth-Token."));
      }
      String location = response.getHeader("Location");
      if (location == null) {
        JsonObject session = json(body);
        location = session == null ? null : session.getString("@odata.id");
      }
      return new Opened(token, location == null ? null : resolve(sessionsUri, location));
    }
    String said = said(body);
    // 503 and 429 mean "not now" whatever the body says; other firmware (XCC: 400) names the limit in the body.
    if (status == 503 || status == 429 || (status != 401 && SESSION_LIMIT.matcher(said).find())) {
      throw new Refused(Refusal.SESSION_LIMIT, ApiError.unavailable("Device " + id + " refused another session (it "
        + "is at its own session limit: HTTP " + status + said(said) + "); retry shortly.", 2));
    }
    throw switch (status) {
      case 401, 403 -> new Refused(Refusal.CREDENTIALS, credentialsRefused(client.device()));
      case 404, 405, 501 -> new Refused(Refusal.NO_SESSION_SERVICE, ApiError.of(ApiError.Reason.BAD_GATEWAY,
        "Device " + id + " has no SessionService (its login at " + sessionsUri + " answered HTTP " + status
          + "); register it with \"auth\": \"basic\" or \"auto\"."));
      default -> status / 100 == 5
        ? new Refused(Refusal.BMC_ERROR, ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + id
          + " failed the login itself (HTTP " + status + said(said) + ")."))
        : new Refused(Refusal.UNEXPECTED, ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + id
          + " answered the login with HTTP " + status + said(said) + "."));
    };
  }

  /** The answer a client gets when the BMC refuses the stored credentials, at a login or on HTTP Basic. */
  public static ApiError credentialsRefused(Device device) {
    return ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device " + device.id() + " refused the credentials registered "
      + "for it; update them with PATCH /admin/devices/" + device.id() + ".");
  }

  /** A Location (absolute, a path, or relative to the Sessions collection) as the path the logout deletes. */
  public static String resolve(String sessionsUri, String location) {
    try {
      URI resolved = URI.create(sessionsUri).resolve(location.trim());
      return resolved.getRawPath() == null || resolved.getRawPath().isEmpty() ? null : resolved.getRawPath();
    } catch (IllegalArgumentException unparsable) {
      return null;
    }
  }

  /** The MessageIds and messages of a Redfish error body, for the log and for recognising a session limit. */
  private static String said(Buffer body) {
    JsonObject error = json(body);
    if (error == null || !(error.getValue("error") instanceof JsonObject inner)) {
      String text = body == null ? "" : body.toString();
      return text.length() > 200 ? text.substring(0, 200) : text;
    }
    StringBuilder said = new StringBuilder();
    said.append(inner.getString("code", "")).append(' ').append(inner.getString("message", ""));
    if (inner.getValue("@Message.ExtendedInfo") instanceof io.vertx.core.json.JsonArray infos) {
      for (Object info : infos) {
        if (info instanceof JsonObject message) {
          said.append("; ").append(message.getString("MessageId", "")).append(' ').append(message.getString("Message", ""));
        }
      }
    }
    return said.toString().trim();
  }

  private static String said(String said) {
    return said.isEmpty() ? "" : ", " + (said.length() > 200 ? said.substring(0, 200) : said);
  }

  private static JsonObject json(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return body.toJsonObject();
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static String odataId(Object link) {
    return link instanceof JsonObject object && object.getValue("@odata.id") instanceof String id ? id : null;
  }

  /** An @odata.id as a path on the BMC (some firmware writes absolute URLs). */
  private static String path(String id) {
    String resolved = resolve("/redfish/v1/", id);
    return resolved == null ? id : resolved;
  }

  /** The path one segment up ({@code /a/b} of {@code /a/b/c}), or null at the top. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash > 0 ? path.substring(0, slash) : null;
  }
}
