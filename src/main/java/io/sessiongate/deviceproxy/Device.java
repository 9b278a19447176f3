package io.sessiongate.deviceproxy;

import io.sessiongate.core.bus.LocalMessage;
import io.vertx.core.json.JsonObject;

import java.net.URI;

/**
 * A registered BMC. The password is held encrypted ({@code sealedPassword}, AES-GCM) and never leaves the
 * gateway: {@link #toJson()} shows no credential but the user name.
 */
public record Device(String id, URI address, TlsMode tlsMode, String pinSha256, String username,
                     String sealedPassword, int maxSessions, int maxConcurrentRequests, int timeoutMillis,
                     long createdAt, long updatedAt) implements LocalMessage {

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
      .put("tls", tls)
      .put("credentials", new JsonObject().put("username", username))
      .put("maxSessions", maxSessions)
      .put("maxConcurrentRequests", maxConcurrentRequests)
      .put("timeoutMs", timeoutMillis)
      .put("createdAt", createdAt)
      .put("updatedAt", updatedAt);
  }
}
