package io.sessiongate.core.docs;

import io.sessiongate.core.config.GatewayConfig;
import io.sessiongate.core.http.HttpRouterVerticle.MountedSlice;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The browsable API docs, public and switched off by {@code docs.enabled: false}: every contract at
 * {@code /openapi/<api>.yaml} and {@code .json} ({@link ServedContract}), and {@code /docs}, Swagger UI (from the
 * swagger-ui webjar in the jar, no CDN) with one entry per API whose "try it out" calls this gateway.
 */
public final class ApiDocs implements Handler<Router> {
  static final String PAGE = "/docs";
  private static final String ASSETS = PAGE + "/assets/";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  /**
   * The files of the webjar the page uses. Held in memory rather than served by a StaticHandler from the
   * classpath: Chromium fetches them all at once, and the first concurrent reads of a jar's directory through
   * Vert.x's file cache answered one of them 404.
   */
  private static final Map<String, String> ASSET_TYPES = Map.of(
    "swagger-ui.css", "text/css; charset=utf-8",
    "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
    "swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8",
    "favicon-32x32.png", "image/png");

  private final boolean enabled;
  private final Map<String, ServedContract> contracts;
  private final Map<String, Asset> assets;
  private final Buffer page;
  private final Buffer initializer;

  /** A file of the webjar, read once: a handful of files, about 1.8 MB. */
  private record Asset(String contentType, Buffer body) {
  }

  private ApiDocs(boolean enabled, Map<String, ServedContract> contracts, Map<String, Asset> assets) {
    this.enabled = enabled;
    this.contracts = contracts;
    this.assets = assets;
    this.page = Buffer.buffer(page());
    this.initializer = Buffer.buffer(initializer(contracts.values().stream().toList()));
  }

  /** Reads the contracts and the webjar's version off the classpath on a worker thread. */
  public static Future<ApiDocs> prepare(Vertx vertx, GatewayConfig config, List<MountedSlice> mounted) {
    boolean enabled = config.section("docs").bool("enabled");
    if (!enabled) {
      return Future.succeededFuture(new ApiDocs(false, Map.of(), Map.of()));
    }
    return vertx.executeBlocking(() -> {
      Map<String, ServedContract> contracts = new LinkedHashMap<>();
      for (MountedSlice slice : mounted) {
        contracts.put(slice.slice().name(), ServedContract.of(slice.slice(), classpathText(slice.slice().contract())));
      }
      String webjar = WEBJAR + swaggerUiVersion() + "/";
      Map<String, Asset> assets = new LinkedHashMap<>();
      for (Map.Entry<String, String> asset : ASSET_TYPES.entrySet()) {
        assets.put(asset.getKey(), new Asset(asset.getValue(), Buffer.buffer(classpathBytes(webjar + asset.getKey()))));
      }
      return new ApiDocs(true, contracts, assets);
    });
  }

  @Override
  public void handle(Router router) {
    if (!enabled) {
      return;
    }
    router.get("/openapi/:file").handler(this::contract);
    router.get(PAGE).handler(ctx -> send(ctx, "text/html; charset=utf-8", page));
    router.get(PAGE + "/").handler(ctx -> ctx.redirect(PAGE));
    router.get(PAGE + "/swagger-initializer.js").handler(ctx -> send(ctx, "text/javascript; charset=utf-8", initializer));
    router.get(ASSETS + ":file").handler(this::asset);
  }

  private void contract(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    int dot = file.lastIndexOf('.');
    ServedContract contract = dot < 0 ? null : contracts.get(file.substring(0, dot));
    String extension = dot < 0 ? "" : file.substring(dot + 1);
    if (contract == null || !(extension.equals("yaml") || extension.equals("json"))) {
      ctx.next();
      return;
    }
    if (extension.equals("yaml")) {
      send(ctx, "application/yaml; charset=utf-8", contract.yaml());
    } else {
      send(ctx, "application/json", contract.json());
    }
  }

  private void asset(RoutingContext ctx) {
    Asset asset = assets.get(ctx.pathParam("file"));
    if (asset == null) {
      ctx.next();
      return;
    }
    // The URLs carry no version: a gateway upgraded to a newer Swagger UI reaches browsers within the hour.
    ctx.response().putHeader("Content-Type", asset.contentType()).putHeader("Cache-Control", "public, max-age=3600")
      .end(asset.body());
  }

  private static void send(RoutingContext ctx, String contentType, Buffer body) {
    ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-cache").end(body);
  }

  private String page() {
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>SessionGate API docs</title>
        <link rel="stylesheet" href="%1$sswagger-ui.css">
        <link rel="icon" type="image/png" href="%1$sfavicon-32x32.png">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="%1$sswagger-ui-bundle.js"></script>
        <script src="%1$sswagger-ui-standalone-preset.js"></script>
        <script src="%2$s/swagger-initializer.js"></script>
      </body>
      </html>
      """.formatted(ASSETS, PAGE);
  }

  /** Swagger UI's set-up: one entry per API in the top bar's list; a token given once is used by all. */
  private static String initializer(List<ServedContract> contracts) {
    JsonArray urls = new JsonArray();
    contracts.forEach(contract -> urls.add(new JsonObject()
      .put("url", "/openapi/" + contract.name() + ".json").put("name", contract.title())));
    JsonObject options = new JsonObject()
      .put("urls", urls)
      .put("dom_id", "#swagger-ui")
      .put("deepLinking", true)
      .put("persistAuthorization", true)
      .put("displayRequestDuration", true)
      .put("tryItOutEnabled", false)
      .put("layout", "StandaloneLayout");
    return """
      window.onload = function () {
        const options = %s;
        options.presets = [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset];
        options.plugins = [SwaggerUIBundle.plugins.DownloadUrl];
        window.ui = SwaggerUIBundle(options);
      };
      """.formatted(options.encodePrettily());
  }

  private static String classpathText(String resource) throws IOException {
    return new String(classpathBytes(resource), StandardCharsets.UTF_8);
  }

  private static byte[] classpathBytes(String resource) throws IOException {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the classpath");
      }
      return in.readAllBytes();
    }
  }

  /** The webjar's directory carries its version; its Maven metadata says which. */
  private static String swaggerUiVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = ApiDocs.class.getClassLoader()
      .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IOException("the swagger-ui webjar is not on the classpath");
      }
      properties.load(in);
    }
    return properties.getProperty("version");
  }
}
