package io.sessiongate.deviceproxy.registry;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Registering, changing and removing BMCs. Addresses are checked here, once: only IP literals inside the
 * allowed networks, http:// only with an explicit {@code tls.mode: insecure}; the proxy never takes a host,
 * port or scheme from a client request, so nothing else is reachable through it.
 */
public final class DeviceRegistry {
  /** Published with a device id whose registration changed or was removed (every node drops what it cached). */
  public static final String CHANGED = "sessiongate.deviceproxy.changed";
  private static final String ORIGIN = "origin";
  /** Tells this node's own publications apart: they were already heard, synchronously, by the local listeners. */
  private final String origin = java.util.UUID.randomUUID().toString();
  private final List<Consumer<String>> localListeners = new CopyOnWriteArrayList<>();
  private final DeviceStore store;
  private final CredentialCipher cipher;
  private final AllowedNetworks allowedNetworks;
  private final DeviceDefaults defaults;

  /** What a registration gets when it does not say. */
  public record DeviceDefaults(int maxSessions, int maxConcurrentRequests, int timeoutMillis) {
  }

  public DeviceRegistry(DeviceStore store, CredentialCipher cipher, AllowedNetworks allowedNetworks,
                        DeviceDefaults defaults) {
    this.store = store;
    this.cipher = cipher;
    this.allowedNetworks = allowedNetworks;
    this.defaults = defaults;
  }

  public Future<Device> register(JsonObject body) {
    Device device;
    try {
      String id = body.getString("id");
      JsonObject tls = body.getJsonObject("tls", new JsonObject());
      JsonObject credentials = body.getJsonObject("credentials");
      Device.Mode proxyMode = proxyMode(body.getString("mode"), Device.Mode.POOLED);
      requireCredentials(proxyMode, credentials);
      refuseAuthOnPassthrough(proxyMode, body);
      Device.TlsMode mode = tlsMode(tls);
      long now = System.currentTimeMillis();
      device = new Device(id, address(body.getString("address"), mode), proxyMode, mode, pin(tls, mode),
        credentials == null ? null : credentials.getString("username"),
        credentials == null ? null : cipher.seal(id, credentials.getString("password")),
        body.getInteger("maxSessions", defaults.maxSessions()),
        body.getInteger("maxConcurrentRequests", defaults.maxConcurrentRequests()),
        body.getInteger("timeoutMs", defaults.timeoutMillis()), now, now, auth(body.getString("auth"), Device.Auth.AUTO),
        null, 0, tenants(body.getValue("tenants"), List.of()));
    } catch (ApiError invalid) {
      return Future.failedFuture(invalid);
    }
    return store.insert(device).map(device);
  }

  public Future<Device> change(String id, JsonObject change) {
    return get(id).compose(current -> {
      try {
        JsonObject tls = change.getJsonObject("tls");
        // A PATCH changes what it names: {"tls": {}} keeps the mode and the pin; a mode named without a pin
        // starts over (tofu: the next connection pins); a pin named alone replaces the pin of the mode kept.
        boolean tlsNamed = tls != null && (tls.containsKey("mode") || tls.containsKey("pinSha256"));
        Device.TlsMode mode = tls == null || !tls.containsKey("mode") ? current.tlsMode() : tlsMode(tls);
        String pin = tlsNamed ? pin(tls, mode) : current.pinSha256();
        URI address = address(change.getString("address", current.address().toString()), mode);
        JsonObject credentials = change.getJsonObject("credentials");
        Device.Mode proxyMode = proxyMode(change.getString("mode"), current.mode());
        refuseAuthOnPassthrough(proxyMode, change);
        Device.Auth auth = auth(change.getString("auth"), current.auth());
        // What a probe found holds for the BMC it probed, with the way it was asked to log in.
        boolean sameBmc = address.equals(current.address()) && auth == current.auth();
        if (credentials == null && current.username() == null) {
          requireCredentials(proxyMode, null);
        }
        Device updated = new Device(id, address, proxyMode, mode, pin,
          credentials == null ? current.username() : credentials.getString("username"),
          credentials == null ? current.sealedPassword() : cipher.seal(id, credentials.getString("password")),
          change.getInteger("maxSessions", current.maxSessions()),
          change.getInteger("maxConcurrentRequests", current.maxConcurrentRequests()),
          change.getInteger("timeoutMs", current.timeoutMillis()),
          current.createdAt(), System.currentTimeMillis(), auth, sameBmc ? current.probedAuth() : null,
          sameBmc ? current.probedAt() : 0, tenants(change.getValue("tenants"), current.tenants()));
        return store.update(updated).map(updated);
      } catch (ApiError invalid) {
        return Future.failedFuture(invalid);
      }
    });
  }

  /**
   * Registers the devices listed in configuration, or brings their registration in line with it; a device
   * the configuration gets wrong stops the start with the reason, as a wrong setting does.
   */
  public Future<Void> registerConfigured(List<JsonObject> configured) {
    Future<Void> all = Future.succeededFuture();
    for (JsonObject device : configured) {
      String id = device.getString("id");
      all = all.compose(v -> store.find(id)).compose(existing -> {
        Future<Device> done = existing == null ? register(device) : change(id, device);
        return done.<Void>mapEmpty().recover(err -> Future.failedFuture(new io.sessiongate.core.config.ConfigException(
          "devices.configured (" + id + "): " + err.getMessage())));
      });
    }
    return all;
  }

  public Future<Device> get(String id) {
    return store.find(id).compose(device -> device == null
      ? Future.failedFuture(ApiError.notFound("No device with id '" + id + "'."))
      : Future.succeededFuture(device));
  }

  /** The device or null (the proxy answers its own 404). */
  public Future<Device> find(String id) {
    return store.find(id);
  }

  public Future<List<Device>> list() {
    return store.list();
  }

  public Future<Void> remove(String id) {
    return store.delete(id).compose(deleted -> deleted ? Future.succeededFuture()
      : Future.failedFuture(ApiError.notFound("No device with id '" + id + "'.")));
  }

  /** The BMC password, decrypted for a login; never logged, never sent to a client. */
  public String password(Device device) {
    return device.sealedPassword() == null ? null : cipher.open(device.id(), device.sealedPassword());
  }

  /** Writes down what a probe of the BMC found (an AUTO device's way in), without changing the registration. */
  public Future<Void> recordProbe(Device device, Device.Auth found, long at) {
    return store.recordProbe(device.id(), found, at);
  }

  /** Writes down the certificate pin of a TOFU device seen on first contact, unless one is recorded already. */
  public Future<Void> recordPin(Device device, String pinSha256) {
    return store.recordPin(device.id(), pinSha256);
  }

  /**
   * The tenants a device is assigned to: a list of tenant names (checked here too, as devices.configured has no
   * contract in front of it); absent, {@code otherwise}.
   */
  private static List<String> tenants(Object value, List<String> otherwise) {
    if (value == null) {
      return otherwise;
    }
    if (!(value instanceof io.vertx.core.json.JsonArray names)
      || !names.stream().allMatch(name -> name instanceof String text && !text.isEmpty() && text.length() <= 255)) {
      throw ApiError.invalid("tenants is a list of tenant names (1 to 255 characters each).", "/tenants");
    }
    return names.stream().map(String.class::cast).distinct().toList();
  }

  private static Device.Auth auth(String text, Device.Auth otherwise) {
    return text == null ? otherwise : named(Device.Auth.class, text, "/auth");
  }

  /** A value of {@code type} by its lower-case name; another name is a 400 pointing at {@code pointer}. */
  private static <E extends Enum<E>> E named(Class<E> type, String text, String pointer) {
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw ApiError.invalid("'" + text + "' is not one of " + java.util.Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ".", pointer);
    }
  }

  private static Device.Mode proxyMode(String text, Device.Mode otherwise) {
    return text == null ? otherwise : named(Device.Mode.class, text, "/mode");
  }

  private static void requireCredentials(Device.Mode mode, JsonObject credentials) {
    if (mode == Device.Mode.POOLED && credentials == null) {
      throw ApiError.invalid("A pooled device needs credentials: the gateway logs in to the BMC with them.",
        "/credentials").breaking("required");
    }
  }

  /**
   * {@code auth} says how the gateway logs in to a pooled device; a passthrough device's clients log in themselves,
   * so there it would mean nothing, and is refused rather than kept and ignored.
   */
  private static void refuseAuthOnPassthrough(Device.Mode mode, JsonObject body) {
    if (mode == Device.Mode.PASSTHROUGH && body.containsKey("auth")) {
      throw ApiError.invalid("auth applies to pooled devices only: the clients of a passthrough device log in to "
        + "the BMC themselves.", "/auth");
    }
  }

  private static Device.TlsMode tlsMode(JsonObject tls) {
    return named(Device.TlsMode.class, tls.getString("mode", "verify"), "/tls/mode");
  }

  private static String pin(JsonObject tls, Device.TlsMode mode) {
    String pin = tls.getString("pinSha256");
    if (mode == Device.TlsMode.PIN && pin == null) {
      throw ApiError.invalid("tls.mode 'pin' needs tls.pinSha256, the SHA-256 of the BMC's certificate (64 hex digits).",
        "/tls/pinSha256").breaking("required");
    }
    // With tofu a pin given is the one already trusted; none given, the first contact records one.
    return (mode == Device.TlsMode.PIN || mode == Device.TlsMode.TOFU) && pin != null ? pin.toLowerCase(Locale.ROOT) : null;
  }

  private URI address(String text, Device.TlsMode mode) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw ApiError.invalid("The address is not a URI: " + e.getMessage(), "/address");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw ApiError.invalid("The address must start with https:// (or http:// with tls.mode insecure).", "/address");
    }
    if (scheme.equals("http") && mode != Device.TlsMode.INSECURE) {
      throw ApiError.invalid("An http:// address sends credentials in clear; it is accepted only with tls.mode 'insecure'.",
        "/address");
    }
    if (uri.getUserInfo() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
      || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw ApiError.invalid("The address is scheme://ip[:port] only: no user, path, query or fragment.", "/address");
    }
    byte[] ip = uri.getHost() == null ? null : AllowedNetworks.literal(uri.getHost());
    if (ip == null) {
      throw ApiError.invalid("The address must name the BMC by IP address (host names are not resolved, so a DNS "
        + "change cannot redirect the proxy).", "/address");
    }
    if (!allowedNetworks.allows(ip)) {
      throw ApiError.invalid("The address " + uri.getHost() + " is outside the networks BMCs may be registered in ("
        + allowedNetworks + "; setting devices.allowed-networks).", "/address");
    }
    return URI.create(scheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
  }

  /**
   * Announces that the registration of {@code id} changed or vanished: this node's listeners hear it before this
   * returns (so the answer to a PATCH is never followed by a request through the old client), the other nodes
   * through {@link #CHANGED}.
   */
  public void announceChanged(Vertx vertx, String id) {
    localListeners.forEach(listener -> listener.accept(id));
    vertx.eventBus().publish(CHANGED, id, new DeliveryOptions().addHeader(ORIGIN, origin));
  }

  /** {@code listener} hears every change announced on this node, on the announcer's thread. */
  public void onLocalChange(Consumer<String> listener) {
    localListeners.add(listener);
  }

  /** A {@link #CHANGED} message this node announced itself (its listeners have already heard it). */
  public boolean announcedHere(Message<?> message) {
    return origin.equals(message.headers().get(ORIGIN));
  }
}
