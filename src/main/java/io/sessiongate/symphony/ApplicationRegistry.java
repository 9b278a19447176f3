package io.sessiongate.symphony;

import io.sessiongate.core.config.ConfigException;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The applications configured in {@code symphony.applications} (an admin may register more; those live in the
 * store), and the rule that picks a cluster: the one asked for, when it serves the application; else the first
 * cluster listed for the application (symrest: "any cluster is used"; we make "any" the predictable first one).
 */
public final class ApplicationRegistry {
  private final Map<String, Application> applications;
  private final Set<String> clusters = new LinkedHashSet<>();

  private ApplicationRegistry(Map<String, Application> applications) {
    this.applications = applications;
    applications.values().forEach(app -> clusters.addAll(app.clusters()));
  }

  /**
   * Reads the setting: a YAML list of {@code {name, clusters: [..]}} maps, or (from the environment) the text
   * {@code name=cluster1 cluster2;name2=cluster3}.
   */
  public static ApplicationRegistry fromSetting(String key, Object setting) {
    List<Application> list = setting instanceof JsonArray array ? fromList(key, array) : fromText(key, String.valueOf(setting));
    Map<String, Application> byName = new LinkedHashMap<>();
    for (Application app : list) {
      if (app.name().isBlank() || app.clusters().isEmpty() || app.clusters().stream().anyMatch(String::isBlank)) {
        throw new ConfigException(key + ": every application needs a name and at least one cluster, got " + app);
      }
      if (byName.putIfAbsent(app.name(), app) != null) {
        throw new ConfigException(key + ": the application '" + app.name() + "' is listed twice");
      }
    }
    return new ApplicationRegistry(byName);
  }

  private static List<Application> fromList(String key, JsonArray array) {
    List<Application> list = new ArrayList<>();
    for (Object entry : array) {
      if (!(entry instanceof JsonObject app) || !(app.getValue("clusters") instanceof JsonArray names)) {
        throw new ConfigException(key + ": each entry must be a map with 'name' and a list 'clusters', got '" + entry + "'");
      }
      list.add(new Application(app.getString("name", "").trim(), names.stream().map(c -> String.valueOf(c).trim()).toList(),
        true));
    }
    return list;
  }

  private static List<Application> fromText(String key, String text) {
    List<Application> list = new ArrayList<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw new ConfigException(key + ": expected 'name=cluster1 cluster2;name2=cluster3', got '" + text + "'");
      }
      list.add(new Application(entry.substring(0, equals).trim(),
        Arrays.stream(entry.substring(equals + 1).trim().split("[\\s,]+")).filter(c -> !c.isEmpty()).toList(), true));
    }
    return list;
  }

  /** The configured application, or null. */
  public Application find(String name) {
    return applications.get(name);
  }

  public List<Application> all() {
    return List.copyOf(applications.values());
  }

  /** The 400 for an application that is neither configured nor registered by an admin. */
  public ApiError unknown(String name) {
    return ApiError.invalid("The application '" + name + "' is not registered with this gateway; configured: "
      + String.join(", ", applications.keySet()) + " (GET /admin/applications lists those an admin registered too).",
      "applicationName");
  }

  /** The cluster a new session of {@code app} runs on; {@code requested} null or empty means "any". */
  public String clusterFor(Application app, String requested) {
    if (requested == null || requested.isEmpty()) {
      return app.clusters().get(0);
    }
    if (!clusters.contains(requested) && !app.clusters().contains(requested)) {
      throw ApiError.invalid("The cluster '" + requested + "' is not known to this gateway; known: "
        + String.join(", ", clusters) + ".", "clusterId");
    }
    if (!app.clusters().contains(requested)) {
      throw ApiError.invalid("The cluster '" + requested + "' does not serve the application '" + app.name()
        + "'; it is served by: " + String.join(", ", app.clusters()) + ".", "clusterId");
    }
    return requested;
  }
}
