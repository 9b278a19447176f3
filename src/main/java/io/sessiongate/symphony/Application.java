package io.sessiongate.symphony;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A registered application and the clusters that serve it, in the order given (the first is the default);
 * {@code configured} when it comes from {@code symphony.applications}, else an admin registered it.
 */
public record Application(String name, List<String> clusters, boolean configured) implements LocalMessage {
  public Application {
    clusters = List.copyOf(clusters);
  }

  /** The RegisteredApplication schema of the contract. */
  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("clusters", new JsonArray(clusters))
      .put("source", configured ? "config" : "admin");
  }
}
