package io.sessiongate.deviceproxy.registry;

import io.sessiongate.core.api.LocalMessage;
import io.sessiongate.core.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.List;

/**
 * A registered BMC. The password is held encrypted ({@code sealedPassword}, AES-GCM) and never leaves the
 * gateway: {@link #toJson()} shows no credential but the user name.
 */
public record Device(String id, URI address, Mode mode, TlsMode tlsMode, String pinSha256, String username,
                     String sealedPassword, int maxSessions, int maxConcurrentRequests, int timeoutMillis,
                     long createdAt, long updatedAt, Auth auth, Auth probedAuth, long probedAt,
                     List<String> tenants) implements LocalMessage {

  /** {@code tenants}: the tenants whose users may see and reach the device (empty: admins only). */
  public Device {
    tenants = tenants == null ? List.of() : List.copyOf(tenants);
  }

  /**
   * Pooled: clients authenticate to the gateway and share BMC sessions the gateway opened with the stored
   * credentials. Passthrough: clients log in to the BMC with their own BMC credentials; the gateway hands
   * them a token of its own mapped to the BMC's, which never reaches them.
   */
  public enum Mode { POOLED, PASSTHROUGH }

  /**
   * How the gateway checks the BMC's certificate: a CA-verified chain, a pinned leaf, the leaf it saw first
   * (trust on first use: {@code pinSha256} is recorded then), or not at all.
   */
  public enum TlsMode { VERIFY, PIN, TOFU, INSECURE }

  /**
   * How a pooled device is logged in to: BMC sessions ({@code X-Auth-Token}), HTTP Basic on every request (for
   * services without a SessionService), or whichever the BMC's service root says it offers ({@code probedAuth},
   * found at {@code probedAt}).
   */
  public enum Auth { SESSION, BASIC, AUTO }

  /** SESSION or BASIC; null while an AUTO device has not been probed yet. */
  public Auth effectiveAuth() {
    return auth == Auth.AUTO ? probedAuth : auth;
  }

  /** The same registration with what a probe of the BMC found (not a change: {@code updatedAt} stays). */
  public Device probed(Auth found, long at) {
    return new Device(id, address, mode, tlsMode, pinSha256, username, sealedPassword, maxSessions,
      maxConcurrentRequests, timeoutMillis, createdAt, updatedAt, auth, found, at, tenants);
  }

  /** The same registration with the pin trust on first use recorded (not a change: {@code updatedAt} stays). */
  public Device pinned(String pin) {
    return new Device(id, address, mode, tlsMode, pin, username, sealedPassword, maxSessions,
      maxConcurrentRequests, timeoutMillis, createdAt, updatedAt, auth, probedAuth, probedAt, tenants);
  }

  /**
   * Whether {@code caller} may see and reach this device, on the device proxy and in the Redfish aggregation alike:
   * an admin every device, anyone else the devices assigned to its tenant (a device of no tenant is the admins').
   */
  public boolean visibleTo(Principal caller) {
    return caller != null && (caller.isAdmin() || tenants.contains(caller.tenant()));
  }

  public boolean https() {
    return "https".equals(address.getScheme());
  }

  public int port() {
    return address.getPort() > 0 ? address.getPort() : https() ? 443 : 80;
  }

  public JsonObject toJson() {
    JsonObject tls = new JsonObject().put("mode", tlsMode.name().toLowerCase());
    if (pinSha256 != null) {
      tls.put("pinSha256", pinSha256);
    }
    JsonObject authentication = new JsonObject().put("mode", auth.name().toLowerCase());
    if (probedAuth != null) {
      authentication.put("found", probedAuth.name().toLowerCase()).put("probedAt", probedAt);
    }
    return new JsonObject()
      .put("id", id)
      .put("address", address.toString())
      .put("mode", mode.name().toLowerCase())
      .put("auth", auth.name().toLowerCase())
      .put("authentication", authentication)
      .put("tls", tls)
      .put("credentials", username == null ? null : new JsonObject().put("username", username))
      .put("maxSessions", maxSessions)
      .put("maxConcurrentRequests", maxConcurrentRequests)
      .put("timeoutMs", timeoutMillis)
      .put("tenants", new JsonArray(tenants))
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt);
  }
}
