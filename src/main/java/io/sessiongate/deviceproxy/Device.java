package io.sessiongate.deviceproxy;

import io.sessiongate.core.bus.LocalMessage;
import io.vertx.core.json.JsonObject;

import java.net.URI;

/**
 * A registered BMC. The password is held encrypted ({@code sealedPassword}, AES-GCM) and never leaves the
 * gateway: {@link #toJson()} shows no credential but the user name.
 */
public record Device(String id, URI address, Mode mode, TlsMode tlsMode, String pinSha256, String username,
                     String sealedPassword, int maxSessions, int maxConcurrentRequests, int timeoutMillis,
                     long createdAt, long updatedAt) implements LocalMessage {

  /**
   * Pooled: clients authenticate to the gateway and share BMC sessions the gateway opened with the stored
   * credentials. Passthrough: clients log in to the BMC with their own BMC credentials; the gateway hands
   * them a token of its own mapped to the BMC's, which never reaches them.
   */
  public enum Mode { POOLED, PASSTHROUGH }

  /** How the gateway checks the BMC's certificate: a CA-verified chain, a pinned leaf, or not at all. */
  public enum TlsMode { VERIFY, PIN, INSECURE }

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
    return new JsonObject()
      .put("id", id)
      .put("address", address.toString())
      .put("mode", mode.name().toLowerCase())
      .put("tls", tls)
      .put("credentials", username == null ? null : new JsonObject().put("username", username))
      .put("maxSessions", maxSessions)
      .put("maxConcurrentRequests", maxConcurrentRequests)
      .put("timeoutMs", timeoutMillis)
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt);
  }
}
