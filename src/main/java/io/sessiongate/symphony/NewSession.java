package io.sessiongate.symphony;

import io.vertx.core.json.JsonObject;

/** What a store needs to create a session; the store assigns its id. */
public record NewSession(String applicationName, String clusterId, String owner, JsonObject attributes,
                         int ttlMinutes, long createdAt) {
}
