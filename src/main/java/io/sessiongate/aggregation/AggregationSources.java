package io.sessiongate.aggregation;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.fleet.Device;
import io.sessiongate.core.fleet.FleetAdministration;
import io.sessiongate.core.fleet.DeviceDirectory;
import io.sessiongate.core.redfish.BaseMessage;
import io.sessiongate.core.redfish.RedfishFleetDocuments;
import io.sessiongate.core.redfish.RedfishFleetDocuments.FleetResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The AggregationService's AggregationSources and ConnectionMethods (DSP0268): a view of the device registry, the
 * same one /admin/devices shows. A source is a device (its Id the device id); a connection method is a way the
 * device proxy logs in to a BMC over Redfish.
 */
final class AggregationSources {
  static final String SERVICE = "/redfish/v1/AggregationService";
  static final String SOURCES = SERVICE + "/AggregationSources";
  static final String CONNECTION_METHODS = SERVICE + "/ConnectionMethods";
  /** DSP0268 ResetType values, as the contract lists them. */
  static final java.util.List<String> RESET_TYPES = java.util.List.of("On", "ForceOff", "GracefulShutdown",
    "GracefulRestart", "ForceRestart", "Nmi", "ForceOn", "PushPowerButton", "PowerCycle");

  /** The connection methods: Redfish with each way the device proxy logs in, and the passthrough mode. */
  enum Method {
    REDFISH_SESSION("RedfishSession", "Redfish sessions (X-Auth-Token), pooled by the gateway", "pooled", "session"),
    REDFISH_BASIC("RedfishBasic", "HTTP Basic on every request, for services without a SessionService", "pooled",
      "basic"),
    REDFISH_AUTO("RedfishAuto", "Sessions or Basic, as the BMC's service root offers (probed)", "pooled", "auto"),
    REDFISH_PASSTHROUGH("RedfishPassthrough", "Clients log in to the BMC with their own credentials, behind a "
      + "gateway token; not merged into the fleet's collections", "passthrough", null);

    final String id;
    final String description;
    final String mode;
    final String auth;

    Method(String id, String description, String mode, String auth) {
      this.id = id;
      this.description = description;
      this.mode = mode;
      this.auth = auth;
    }

    String uri() {
      return CONNECTION_METHODS + "/" + id;
    }

    static Method of(Device device) {
      if (device.mode() == Device.Mode.PASSTHROUGH) {
        return REDFISH_PASSTHROUGH;
      }
      return switch (device.auth()) {
        case SESSION -> REDFISH_SESSION;
        case BASIC -> REDFISH_BASIC;
        case AUTO -> REDFISH_AUTO;
      };
    }

    static Optional<Method> byId(String id) {
      return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
  }

  private final Vertx vertx;
  private final DeviceDirectory registry;
  private final FleetAdministration administration;

  AggregationSources(Vertx vertx, DeviceDirectory registry, FleetAdministration administration) {
    this.vertx = vertx;
    this.registry = registry;
    this.administration = administration;
  }

  static JsonObject service() {
    return RedfishFleetDocuments.resource(FleetResource.AGGREGATION_SERVICE, SERVICE)
      .put("Id", "AggregationService")
      .put("Name", "Aggregation Service")
      .put("Description", "The BMCs registered with the gateway, merged into one Redfish service")
      .put("ServiceEnabled", true)
      .put("AggregationSources", new JsonObject().put("@odata.id", SOURCES))
      .put("ConnectionMethods", new JsonObject().put("@odata.id", CONNECTION_METHODS))
      .put("Aggregates", new JsonObject().put("@odata.id", Aggregates.AGGREGATES))
      .put("Actions", new JsonObject().put("#AggregationService.Reset", new JsonObject()
        .put("target", SERVICE + "/Actions/AggregationService.Reset")
        .put("ResetType@Redfish.AllowableValues", new JsonArray(RESET_TYPES))));
  }

  Future<JsonObject> list(Principal caller) {
    return registry.list().map(devices -> RedfishFleetDocuments.sourceCollection(new JsonArray(devices.stream()
      .filter(device -> device.visibleTo(caller))
      .map(device -> new JsonObject().put("@odata.id", SOURCES + "/" + device.id())).toList())));
  }

  Future<JsonObject> get(String id, Principal caller) {
    return registry.find(id).compose(device -> device == null || !device.visibleTo(caller)
      ? Future.failedFuture(notFound(SOURCES + "/" + id))
      : Future.succeededFuture(source(device)));
  }

  Future<JsonObject> create(JsonObject body, Principal caller) {
    if (caller == null || !caller.isAdmin()) {
      return Future.failedFuture(ApiError.forbidden("Registering a device needs the admin role."));
    }
    JsonObject registration;
    try {
      registration = registration(body);
    } catch (ApiError invalid) {
      return Future.failedFuture(invalid);
    }
    return administration.register(vertx, registration)
      .<Device>recover(err -> Future.failedFuture(inRedfishTerms(ApiError.from(err, "aggregation source"),
        body.getValue("HostName"))))
      .map(AggregationSources::source);
  }

  Future<Void> delete(String id, Principal caller) {
    if (caller == null || !caller.isAdmin()) {
      return Future.failedFuture(ApiError.forbidden("Removing a device needs the admin role."));
    }
    return administration.remove(vertx, id).recover(err -> Future.failedFuture(
      err instanceof ApiError e && e.status() == 404 ? notFound(SOURCES + "/" + id) : err));
  }

  static JsonObject connectionMethods() {
    return RedfishFleetDocuments.connectionMethodCollection(new JsonArray(Arrays.stream(Method.values())
      .map(method -> new JsonObject().put("@odata.id", method.uri())).toList()));
  }

  static Optional<JsonObject> connectionMethod(String id) {
    return Method.byId(id).map(method -> RedfishFleetDocuments.resource(FleetResource.CONNECTION_METHOD, method.uri())
      .put("Id", method.id)
      .put("Name", method.id)
      .put("Description", method.description)
      .put("ConnectionMethodType", "Redfish")
      .put("ConnectionMethodVariant", method.id));
  }

  private static JsonObject source(Device device) {
    return RedfishFleetDocuments.resource(FleetResource.AGGREGATION_SOURCE, SOURCES + "/" + device.id())
      .put("Id", device.id())
      .put("Name", "Device " + device.id())
      .put("HostName", device.address().toString())
      .put("UserName", device.username())
      // Write-only (DSP0268): shown as null.
      .putNull("Password")
      .put("Links", new JsonObject().put("ConnectionMethod", new JsonObject().put("@odata.id",
        Method.of(device).uri())));
  }

  /** The /admin/devices registration a Redfish POST stands for. */
  private static JsonObject registration(JsonObject body) {
    String hostName = body.getString("HostName");
    String methodUri = body.getJsonObject("Links").getJsonObject("ConnectionMethod").getString("@odata.id");
    Method method = Method.byId(methodUri.startsWith(CONNECTION_METHODS + "/")
        ? methodUri.substring(CONNECTION_METHODS.length() + 1) : "")
      .orElseThrow(() -> ApiError.invalid("Links.ConnectionMethod must be one of "
        + Arrays.stream(Method.values()).map(Method::uri).toList() + ".", "/Links/ConnectionMethod")
        .breaking("enum"));
    JsonObject oem = body.getJsonObject("Oem", new JsonObject()).getJsonObject("SessionGate", new JsonObject());
    JsonObject tls = new JsonObject().put("mode", oem.getString("TlsMode", "verify"));
    if (oem.getString("PinSha256") != null) {
      tls.put("pinSha256", oem.getString("PinSha256"));
    }
    JsonObject registration = new JsonObject()
      .put("id", deviceId(hostName))
      .put("address", hostName)
      .put("mode", method.mode)
      .put("tls", tls)
      .put("credentials", new JsonObject().put("username", body.getString("UserName"))
        .put("password", body.getString("Password")))
      .put("tenants", oem.getJsonArray("Tenants", new JsonArray()));
    return method.auth == null ? registration : registration.put("auth", method.auth);
  }

  /**
   * The device id of a host: its IP and port, dots and colons as dashes ({@code https://10.0.0.5:8443} is
   * {@code 10-0-0-5-8443}), so that one BMC is one source.
   */
  static String deviceId(String hostName) {
    URI uri;
    try {
      uri = new URI(hostName);
    } catch (URISyntaxException e) {
      throw ApiError.invalid("HostName is not a URI: " + e.getMessage(), "/HostName");
    }
    if (uri.getHost() == null) {
      throw ApiError.invalid("HostName is the BMC's URL, https://ip[:port].", "/HostName");
    }
    String host = uri.getHost().replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
    String id = (host + (uri.getPort() > 0 ? "-" + uri.getPort() : "")).replaceAll("[^a-z0-9]+", "-")
      .replaceAll("^-+|-+$", "");
    if (id.isEmpty()) {
      throw ApiError.invalid("HostName names no host.", "/HostName");
    }
    return id.length() > 63 ? id.substring(0, 63) : id;
  }

  /** The registry's errors, pointing at the Redfish properties they are about. */
  private static ApiError inRedfishTerms(ApiError error, Object hostName) {
    if (error.status() == 409 && hostName != null) {
      // The source's id comes from its host and port: a second source for the same BMC is the one that exists.
      return BaseMessage.RESOURCE_ALREADY_EXISTS.args("AggregationSource", "HostName", hostName).on(error);
    }
    Map<String, String> pointers = Map.of("/address", "/HostName", "/tls/mode", "/Oem/SessionGate/TlsMode",
      "/tls/pinSha256", "/Oem/SessionGate/PinSha256", "/credentials", "/UserName", "/tenants", "/Oem/SessionGate/Tenants");
    String location = error.location();
    return location != null && pointers.containsKey(location) ? error.at(pointers.get(location)) : error;
  }

  private static ApiError notFound(String uri) {
    return ApiError.notFoundAt(uri);
  }
}
