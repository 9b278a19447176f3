package io.sessiongate.core.http;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.tracing.RequestIds;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.storage.StoreHealth;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The front door: one instance per event loop. Builds each API's routes from its OpenAPI contract, and for
 * every operation runs: access check, contract validation, the slice's handler. Failures anywhere are
 * rendered by {@link ErrorResponder} in the format of the API that owns the path.
 */
public final class HttpRouterVerticle extends VerticleBase {
  private final HttpServerOptions serverOptions;
  private final int maxBodyBytes;
  private final int maxHeaderBytes;
  private final boolean accessLog;
  private final List<MountedSlice> slices;
  private final List<Handler<Router>> frontRoutes;
  private final Duration shutdownGrace;
  private final StoreHealth storeHealth;
  private HttpServer server;

  /** A slice with its loaded contract; contracts are immutable and shared by all instances. */
  public record MountedSlice(ApiSlice slice, OpenAPIContract contract) {
  }

  public HttpRouterVerticle(HttpServerOptions serverOptions, int maxBodyBytes, int maxHeaderBytes, boolean accessLog,
                            List<MountedSlice> slices, List<Handler<Router>> frontRoutes, Duration shutdownGrace,
                            StoreHealth storeHealth) {
    this.shutdownGrace = shutdownGrace;
    this.storeHealth = storeHealth;
    this.serverOptions = serverOptions;
    this.maxBodyBytes = maxBodyBytes;
    this.maxHeaderBytes = maxHeaderBytes;
    this.accessLog = accessLog;
    // Longest prefix first, so /api wins over / when a path could belong to both.
    this.slices = slices.stream()
      .sorted(Comparator.comparing((MountedSlice m) -> m.slice().ownedPrefix().length()).reversed())
      .toList();
    this.frontRoutes = frontRoutes;
  }

  @Override
  public Future<?> start() {
    ErrorResponder errors = new ErrorResponder(maxBodyBytes, storeHealth);
    Router root = Router.router(vertx);
    root.route().handler(new RequestIds());
    if (accessLog) {
      root.route().handler(new AccessLog());
    }
    root.route().handler(this::checkHeaderSize);
    frontRoutes.stream().filter(routes -> routes instanceof StreamingRoutes).forEach(routes -> routes.handle(root));
    // The slices' hot operations answer before bodies are read or the rest of the routes are tried.
    List<Router> sliceRouters = slices.stream().map(mounted -> sliceRouter(mounted, root)).toList();
    root.route().handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    // Routes that are not built from a contract (health, metrics, the device proxy) come before the APIs.
    frontRoutes.stream().filter(routes -> !(routes instanceof StreamingRoutes)).forEach(routes -> routes.handle(root));
    // APIs under their own prefix first (a request for another API skips them on one prefix check), the
    // APIs mounted at the root last (a request reaching them has to try their routes one by one).
    List<MountedSlice> mountOrder = slices.stream()
      .sorted(Comparator.comparing((MountedSlice m) -> m.slice().mountPath().isEmpty())
        .thenComparing(m -> -m.slice().mountPath().length()))
      .toList();
    for (MountedSlice mounted : mountOrder) {
      Router sliceRouter = sliceRouters.get(slices.indexOf(mounted));
      String mount = mounted.slice().mountPath();
      root.route(mount.isEmpty() ? "/*" : mount + "/*").subRouter(sliceRouter);
    }
    root.route().handler(ctx -> ctx.fail(unmatched(ctx)));
    root.route().failureHandler(ctx -> errors.send(ctx, errors.toApiError(ctx), formatFor(ctx.request().path())));
    server = vertx.createHttpServer(serverOptions).requestHandler(root);
    return server.listen();
  }

  /**
   * Graceful: stops accepting connections, lets the requests in flight finish (HTTP/1.1 connections close after
   * their current response, HTTP/2 ones get GOAWAY) and closes what is still open when the grace period ends.
   */
  @Override
  public Future<?> stop() {
    return server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private Router sliceRouter(MountedSlice mounted, Router root) {
    SliceRoutes routes = new SliceRoutes();
    mounted.slice().bind(routes);
    RouterBuilder builder = RouterBuilder.create(vertx, mounted.contract());
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation operation = route.getOperation();
      SliceRoutes.Binding binding = routes.bindings().get(operation.getOperationId());
      if (binding == null) {
        throw new IllegalStateException("operation " + operation.getOperationId() + " of " + mounted.slice().contract()
          + " has no handler");
      }
      ContractValidator validator = new ContractValidator(mounted.contract(), operation);
      route.setDoValidation(false).setDoSecurity(false)
        .addHandler(ctx -> admitted(ctx, binding.access(), validator, RoutingContext::next))
        .addHandler(binding.handler());
      if (routes.isHot(operation.getOperationId())) {
        hotRoute(root, mounted, operation, binding, validator);
      }
    }
    Router router = builder.createRouter();
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation operation = route.getOperation();
      if (operation.getExtensions().get(REST_OF_PATH) instanceof String parameter) {
        SliceRoutes.Binding binding = routes.bindings().get(operation.getOperationId());
        ContractValidator validator = new ContractValidator(mounted.contract(), operation);
        List<String> names = new java.util.ArrayList<>();
        String regex = restOfPathRegex(operation.getOpenAPIPath(), parameter, names);
        router.routeWithRegex(operation.getHttpMethod(), regex)
          .handler(ctx -> {
            // Vert.x names a regex route's groups param0, param1, ...; the contract names them.
            for (int i = 0; i < names.size(); i++) {
              ctx.pathParams().put(names.get(i), ctx.pathParam("param" + i));
            }
            admitted(ctx, binding.access(), validator, RoutingContext::next);
          })
          .handler(binding.handler());
      }
    }
    return router;
  }

  /**
   * An operation marked {@code x-rest-of-path: <parameter>} also serves paths whose last parameter spans
   * several segments, or none (OpenAPI path parameters cannot hold a '/'): Murano's {@code model/{path:.*?}}.
   */
  private static final String REST_OF_PATH = "x-rest-of-path";

  private static String restOfPathRegex(String openApiPath, String parameter, List<String> names) {
    StringBuilder regex = new StringBuilder("^");
    java.util.regex.Matcher templated = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(openApiPath);
    int last = 0;
    while (templated.find()) {
      regex.append(java.util.regex.Pattern.quote(openApiPath.substring(last, templated.start())));
      names.add(templated.group(1));
      regex.append(templated.group(1).equals(parameter) ? "(.*)" : "([^/]+)");
      last = templated.end();
    }
    return regex.append(java.util.regex.Pattern.quote(openApiPath.substring(last))).append("$").toString();
  }

  /**
   * One route, one handler: a request it takes goes from the access check straight to the slice's handler;
   * one with a body (which the route would not read) goes on to the routes after it, as if it had not matched.
   */
  private static void hotRoute(Router root, MountedSlice mounted, Operation operation, SliceRoutes.Binding binding,
                               ContractValidator validator) {
    String mount = mounted.slice().mountPath();
    for (Path other : mounted.contract().getPaths()) {
      for (Operation sibling : other.getOperations()) {
        if (sibling != operation && sibling.getHttpMethod() == operation.getHttpMethod()
          && shadows(operation.getOpenAPIPath(), sibling.getOpenAPIPath())) {
          throw new IllegalStateException("operation " + operation.getOperationId() + " cannot be hot: its path would "
            + "also take " + sibling.getOperationId() + "'s (" + sibling.getOpenAPIPath() + ")");
        }
      }
    }
    // OpenAPI's {name} is one segment, as Vert.x's :name.
    String path = mount + operation.getOpenAPIPath().replaceAll("\\{([^}/]+)}", ":$1");
    root.route(operation.getHttpMethod(), path).handler(ctx -> {
      if (mayHaveBody(ctx.request())) {
        ctx.next();
        return;
      }
      admitted(ctx, binding.access(), validator, binding.handler());
    });
  }

  /** Whether every path {@code other} names is also one of {@code hot}'s: same segments, or a parameter there. */
  static boolean shadows(String hot, String other) {
    String[] mine = hot.split("/", -1);
    String[] theirs = other.split("/", -1);
    if (mine.length != theirs.length) {
      return false;
    }
    for (int i = 0; i < mine.length; i++) {
      if (!mine[i].startsWith("{") && !mine[i].equals(theirs[i])) {
        return false;
      }
    }
    return true;
  }

  /** HTTP/2 may send a body without announcing it; HTTP/1.x announces one by either header. */
  private static boolean mayHaveBody(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return true;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.equals("0")) || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  private static void admitted(RoutingContext ctx, Access access, ContractValidator validator,
                               Handler<RoutingContext> then) {
    access.resolve(ctx).onComplete(resolved -> {
      if (resolved.failed()) {
        ctx.fail(resolved.cause());
        return;
      }
      Principal principal = resolved.result();
      if (principal != null) {
        ctx.put(Access.PRINCIPAL, principal);
      }
      try {
        validator.validate(ctx);
      } catch (ApiError invalid) {
        ctx.fail(invalid);
        return;
      }
      then.handle(ctx);
    });
  }

  private void checkHeaderSize(RoutingContext ctx) {
    int size = ctx.request().uri().length();
    for (Map.Entry<String, String> header : ctx.request().headers()) {
      size += header.getKey().length() + header.getValue().length() + 4;
    }
    if (size > maxHeaderBytes) {
      ctx.fail(ApiError.of(ApiError.Reason.HEADERS_TOO_LARGE,
        "The request line and headers take " + size + " bytes; the limit is " + maxHeaderBytes + "."));
      return;
    }
    ctx.next();
  }

  /** No operation matched: 405 with Allow when the path exists with other methods, else 404. */
  private ApiError unmatched(RoutingContext ctx) {
    String path = ctx.request().path();
    for (MountedSlice mounted : slices) {
      String mount = mounted.slice().mountPath();
      if (!path.startsWith(mount + "/")) {
        continue;
      }
      String relative = path.substring(mount.length());
      Path contractPath = mounted.contract().findPath(relative);
      if (contractPath == null && relative.length() > 1 && relative.endsWith("/")) {
        // The routes accept a trailing slash, so the contract path without it is the same resource.
        contractPath = mounted.contract().findPath(relative.substring(0, relative.length() - 1));
      }
      if (contractPath != null) {
        String allow = contractPath.getOperations().stream().map(Operation::getHttpMethod).map(HttpMethod::name)
          .sorted().collect(Collectors.joining(", "));
        ctx.response().putHeader("Allow", allow);
        return ApiError.of(ApiError.Reason.METHOD_NOT_ALLOWED,
          "The method " + ctx.request().method() + " is not allowed on " + path + "; allowed: " + allow + ".");
      }
    }
    return ApiError.notFound("No resource at " + path + ".");
  }

  private MountedSlice ownerOf(String path) {
    for (MountedSlice mounted : slices) {
      String prefix = mounted.slice().ownedPrefix();
      if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
        return mounted;
      }
    }
    return null;
  }

  private ErrorFormat formatFor(String path) {
    MountedSlice owner = ownerOf(path);
    return owner == null ? ProblemFormat.INSTANCE : owner.slice().errorFormat();
  }
}
