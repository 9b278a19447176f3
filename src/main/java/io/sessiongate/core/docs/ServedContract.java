package io.sessiongate.core.docs;

import io.sessiongate.core.http.ApiSlice;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One API's contract as the gateway serves it at {@code /openapi/<name>.yaml} and {@code .json}: the file the
 * routes are built from, plus what a browser needs to call the running gateway with it, which the file leaves
 * out because it does not know where it is mounted: a {@code servers} entry (the mount path, relative to the
 * gateway's own origin) and the two ways every API accepts a gateway token as security schemes.
 */
record ServedContract(String name, String title, Buffer yaml, Buffer json) {
  static final String GATEWAY_TOKEN = "gatewayToken";
  static final String AUTH_TOKEN = "authToken";

  static ServedContract of(ApiSlice slice, String contractText) {
    LoaderOptions loading = new LoaderOptions();
    Object parsed = new Yaml(new SafeConstructor(loading), new Representer(new DumperOptions()), new DumperOptions(),
      loading, new TextTimestamps()).load(contractText);
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalStateException("contract " + slice.contract() + " is not a YAML mapping");
    }
    @SuppressWarnings("unchecked")
    JsonObject document = new JsonObject((Map<String, Object>) map).copy();
    document.put("servers", new JsonArray().add(new JsonObject()
      .put("url", slice.mountPath().isEmpty() ? "/" : slice.mountPath())
      .put("description", "this gateway (" + slice.name() + " is mounted at " + (slice.mountPath().isEmpty() ? "/" : slice.mountPath()) + ")")));
    JsonObject components = document.getJsonObject("components", new JsonObject());
    JsonObject schemes = components.getJsonObject("securitySchemes", new JsonObject());
    schemes.put(GATEWAY_TOKEN, new JsonObject().put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
      .put("description", "A gateway token from POST /auth/token, sent as Authorization: Bearer."));
    schemes.put(AUTH_TOKEN, new JsonObject().put("type", "apiKey").put("in", "header").put("name", "X-Auth-Token")
      .put("description", "A gateway token (or this API's own session token) sent as X-Auth-Token."));
    components.put("securitySchemes", schemes);
    document.put("components", components);
    if (!document.containsKey("security")) {
      // Alternatives, as the gateway checks them: either header carries the token; public operations ignore it.
      document.put("security", new JsonArray()
        .add(new JsonObject().put(GATEWAY_TOKEN, new JsonArray()))
        .add(new JsonObject().put(AUTH_TOKEN, new JsonArray())));
    }
    String title = document.getJsonObject("info", new JsonObject()).getString("title", slice.name());
    return new ServedContract(slice.name(), title, Buffer.buffer(toYaml(document)), Buffer.buffer(document.encodePrettily()));
  }

  private static String toYaml(JsonObject document) {
    DumperOptions dumping = new DumperOptions();
    dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    dumping.setWidth(120);
    dumping.setSplitLines(false);
    // Plain maps and lists all the way down (a JsonObject is no YAML mapping to SnakeYAML).
    return new Yaml(new Representer(dumping), dumping).dump(Json.decodeValue(document.encode(), Map.class));
  }

  /** A date in an example stays the text it is (SnakeYAML would make it a java.util.Date). */
  private static final class TextTimestamps extends Resolver {
    @Override
    public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
      if (!Tag.TIMESTAMP.equals(tag)) {
        super.addImplicitResolver(tag, regexp, first, limit);
      }
    }
  }
}
