package io.sessiongate.core.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;

/**
 * Front routes that take request bodies as streams (a proxy): the router mounts them before it reads bodies
 * into memory, and they pause a request they match until they know where its body goes.
 */
public interface StreamingRoutes extends Handler<Router> {
}
