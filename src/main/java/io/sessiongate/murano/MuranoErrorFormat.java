package io.sessiongate.murano;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.api.ErrorFormat;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * Murano's errors as webob renders them for {@code Accept: application/json}: {@code code} is the status
 * line, {@code title} the reason phrase, and {@code message} webob's body template
 * {@code ${explanation}<br /><br />\n${detail}\n${html_comment}\n}. Murano's own messages are the explanation;
 * a message Murano passes as the detail, and a contract violation (Murano would answer webob's
 * {@code HTTPBadRequest(detail)}), follow the status's default explanation.
 */
public final class MuranoErrorFormat implements ErrorFormat {
  /** webob 1.8's default explanations (webob/exc.py), CR LF and all. */
  private static final Map<Integer, String> DEFAULT_EXPLANATIONS = Map.of(
    400, "The server could not comply with the request since\r\nit is either malformed or otherwise incorrect.\r\n",
    401, "This server could not verify that you are authorized to\r\naccess the document you requested.  Either you "
      + "supplied the\r\nwrong credentials (e.g., bad password), or your browser\r\ndoes not understand how to "
      + "supply the credentials required.\r\n",
    403, "Access was denied to this resource.",
    404, "The resource could not be found.",
    409, "There was a conflict when trying to complete your request.");

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public JsonObject body(ApiError error, RoutingContext ctx) {
    String reason = HttpResponseStatus.valueOf(error.status()).reasonPhrase();
    boolean asDetail = MuranoFaults.DETAIL.equals(error.code()) || error.rule() != null;
    String message = asDetail
      ? DEFAULT_EXPLANATIONS.getOrDefault(error.status(), "") + "<br /><br />\n" + error.getMessage() + "\n\n"
      : error.getMessage() + "<br /><br />\n\n\n";
    return new JsonObject()
      .put("code", error.status() + " " + reason)
      .put("title", reason)
      .put("message", message);
  }
}
