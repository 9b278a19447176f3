package io.sessiongate.aggregation;

import io.sessiongate.core.auth.Authenticator;
import io.sessiongate.core.auth.CredentialAccess;
import io.sessiongate.core.auth.Access;
import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.sessiongate.core.http.ErrorResponder;
import io.sessiongate.core.http.StreamingRoutes;
import io.sessiongate.core.fleet.PooledForwarding;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything below a merged collection's member ({@code /redfish/v1/Systems/{deviceId}_{memberId}/...}) is the
 * BMC's own resource: forwarded to it through the device proxy, the request's URI and links mapped to the BMC's, the
 * answer's to the gateway's ({@link MemberUris}). Like the device proxy these paths have no contract (they are the
 * BMCs' schemas) and are mounted before the router reads bodies, so bodies stream. The merged collections themselves
 * are the gateway's and go through its contract ({@link AggregationApi}).
 */
final class AggregatedMemberRoutes implements StreamingRoutes {
  private final Access access;
  private final PooledForwarding proxy;
  private final ErrorFormat errors;
  private final ErrorResponder responder;
  /** Set once at mount by the Redfish slice (its session activity); read on every router loop. */
  private volatile Consumer<Principal> uses = caller -> { };

  AggregatedMemberRoutes(Authenticator authenticator, PooledForwarding proxy, ErrorFormat errors,
                         ErrorResponder responder) {
    this.access = CredentialAccess.tokens(authenticator).orBasic();
    this.proxy = proxy;
    this.errors = errors;
    this.responder = responder;
  }

  void onRequest(Consumer<Principal> use) {
    this.uses = use;
  }

  @Override
  public void handle(Router router) {
    for (String collection : MemberUris.COLLECTIONS) {
      router.route("/redfish/v1/" + collection + "/*").handler(this::member);
    }
  }

  private void member(RoutingContext ctx) {
    Optional<MemberUris.Target> target = MemberUris.target(ctx.request().path());
    if (target.isEmpty()) {
      // Not a member of a device (no device prefix): the contract's routes answer (404).
      ctx.next();
      return;
    }
    String deviceId = target.get().deviceId();
    ctx.request().pause();
    access.resolve(ctx).onComplete(resolved -> {
      if (resolved.failed()) {
        if (!ctx.request().isEnded()) {
          ctx.request().resume();
        }
        responder.send(ctx, ApiError.from(resolved.cause(), "aggregation"), errors);
        return;
      }
      if (resolved.result() != null) {
        ctx.put(Access.PRINCIPAL, resolved.result());
        uses.accept(resolved.result());
      }
      proxy.forwardPooled(ctx, deviceId, target.get().bmcPath(), MemberUris.answerLinks(deviceId),
        MemberUris.requestLinks(deviceId));
    });
  }
}
