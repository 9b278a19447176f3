package io.sessiongate.redfish;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.api.ApiError;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;

/**
 * Who may call a Redfish operation, checked before anything else in the request (so conditional headers
 * never answer an anonymous caller): the OData-Version the client speaks, then the credential (X-Auth-Token,
 * Bearer or Basic; never a cookie) through {@code credentials}, or nothing for the resources DSP0266 serves
 * without authentication. Each accepted Redfish session token counts as a use of its session.
 */
final class RedfishAccess implements Access {
  static final String ODATA_VERSION = "4.0";

  private final Access credentials;
  private final SessionActivity activity;
  private final Clock clock;

  private RedfishAccess(Access credentials, SessionActivity activity, Clock clock) {
    this.credentials = credentials;
    this.activity = activity;
    this.clock = clock;
  }

  /** For /redfish, the service root, the OData documents and session creation. */
  static RedfishAccess anonymous() {
    return new RedfishAccess(null, null, null);
  }

  static RedfishAccess authenticated(Access credentials, SessionActivity activity, Clock clock) {
    return new RedfishAccess(credentials, activity, clock);
  }

  @Override
  public Future<Principal> resolve(RoutingContext ctx) {
    String version = ctx.request().getHeader("OData-Version");
    if (version != null && !version.trim().equals(ODATA_VERSION)) {
      // 412 as DSP0266 asks, but not PreconditionFailed: that message is about an ETag.
      return Future.failedFuture(BaseMessage.HEADER_INVALID.args("OData-Version: " + version).on(
        ApiError.of(ApiError.Reason.PRECONDITION_FAILED,
          "This service speaks OData-Version " + ODATA_VERSION + " only; the request asked for " + version + ".")));
    }
    Future<Principal> caller = credentials == null ? Future.succeededFuture(null)
      : credentials.resolve(ctx).onSuccess(principal -> {
          if (RedfishTokens.isSessionId(principal.sessionId())) {
            activity.used(principal.sessionId(), clock.millis());
          }
        });
    return caller.compose(principal -> {
      // DSP0266: other query parameters are ignored, those starting with $ are OData's and refused.
      for (String name : ctx.queryParams().names()) {
        if (name.startsWith("$")) {
          return Future.failedFuture(ApiError.of(ApiError.Reason.NOT_IMPLEMENTED,
            "The query parameter " + name + " is not supported by this service."));
        }
      }
      return Future.succeededFuture(principal);
    });
  }
}
