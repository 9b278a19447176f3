package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.UUID;

import static io.sessiongate.murano.MuranoClient.assertFault;
import static io.sessiongate.murano.MuranoClient.ok;
import static io.sessiongate.murano.MuranoClient.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The environment's object model read by path and edited with a JSON patch, with the model cases of Murano's
 * murano/tests/unit/api/v1/test_environments.py, over real HTTPS, on the in-process store and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MuranoModelContract {
  private static final String PATCH_TYPE = "application/env-model-json-patch";

  private TestGateway gateway;
  private MuranoClient alice;
  private MuranoClient carol;
  private String env;
  private String session;

  abstract TestGateway start(Map<String, String> settings);

  @BeforeAll
  void startGateway() {
    gateway = start(Map.of());
    users();
  }

  @AfterAll
  void stopGateway() {
    gateway.close();
  }

  private void users() {
    alice = MuranoClient.user(gateway, "alice", "t1", false);
    carol = MuranoClient.user(gateway, "carol", "t2", false);
  }

  /** Murano's _create_env_and_session. */
  @BeforeEach
  void environmentAndSession() {
    env = alice.createEnvironment("model-" + UUID.randomUUID().toString().substring(0, 8)).getString("id");
    session = alice.configure(env).getString("id");
  }

  private HttpResponse<Buffer> patch(String session, String body) {
    return gateway.sendRaw(alice.request(HttpMethod.PATCH, "/environments/" + env + "/model/", session), PATCH_TYPE,
      body);
  }

  private HttpResponse<Buffer> show(String path, String session) {
    return alice.call(HttpMethod.GET, "/environments/" + env + "/model/" + path, session);
  }

  private static void assertDetail(HttpResponse<Buffer> response, int status, String explanation, String detail) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals(explanation + "<br /><br />\n" + detail + "\n\n", response.bodyAsJsonObject().getString("message"));
  }

  @Test
  void theModelIsReadAndPatchedInTheSessionOnly() {
    JsonObject whole = ok(show("", null)).bodyAsJsonObject();
    assertEquals("io.murano.Environment", whole.getJsonObject("?").getString("type"));
    assertFalse(whole.getJsonObject("?").containsKey("name"));
    assertEquals(whole, ok(show("/", null)).bodyAsJsonObject(), "model// as python-muranoclient asks for '/'");

    JsonObject patched = ok(patch(session, "[{\"op\": \"add\", \"path\": \"/?/name\", \"value\": \"my_env\"}]"))
      .bodyAsJsonObject();
    assertEquals("my_env", patched.getJsonObject("?").getString("name"), "test_get_and_update_environment_model");
    assertEquals("my_env", ok(show("%3F", session)).bodyAsJsonObject().getString("name"), "stored in the session");
    assertEquals("\"my_env\"", ok(show("/%3F/name", session)).bodyAsString(), "a path of several segments");
    assertFalse(ok(show("%3F", null)).bodyAsJsonObject().containsKey("name"), "the deployed model is unchanged");

    String network = whole.getJsonObject("defaultNetworks").getJsonObject("environment").getString("name");
    HttpResponse<Buffer> deep = show("/defaultNetworks/environment/name", null);
    assertEquals("\"" + network + "\"", ok(deep).bodyAsString(), "a scalar is answered as JSON");
  }

  @Test
  void aPathThatLeadsNowhereIs404() {
    HttpResponse<Buffer> missing = show("foo/bar", null);
    assertEquals(404, missing.statusCode(), "test_get_environment_model_non_existing_path");
    assertEquals("The resource could not be found.<br /><br />\n\n\n", missing.bodyAsJsonObject().getString("message"));
    assertEquals(404, show("", "nope").statusCode(), "an unknown session");
    assertFault(carol.call(HttpMethod.GET, "/environments/" + env + "/model/"), 403,
      "User is not authorized to access these tenant resources");
    assertFault(alice.call(HttpMethod.GET, "/environments/nope/model/x"), 404, "Environment with id nope not found");
  }

  @Test
  void patchBodiesAreCheckedWithMuranosMessages() {
    assertFault(patch(session, "null"), 400, "JSON-patch must be a list.");
    assertFault(patch(session, "[\"foo\"]"), 400, "Operations must be JSON objects.");
    assertFault(patch(session, "[{\"path\": \"/?/name\", \"value\": \"my_env\"}]"), 400,
      "Unable to find 'op' in JSON Schema change");
    assertFault(patch(session, "[{\"op\": \"add\", \"value\": \"my_env\"}]"), 400,
      "Unable to find 'path' in JSON Schema change");
    assertFault(patch(session, "[{\"op\": \"add\", \"path\": \"/?/name\"}]"), 400,
      "Operation \"add\" requires a member named \"value\".");
    assertFault(patch(session, "[{\"op\": \"add\", \"path\": \"/?/id\", \"value\": \"foo\"}]"), 403,
      "Method 'add' is not allowed for a path with name '?/id'. Allowed operations are: no operations");
    assertFault(patch(session, "[{\"op\": \"add\", \"path\": \"/?/name\", \"value\": 111}]"), 400,
      "111 is not of type 'string'");
    assertFault(patch(session, "[{\"op\": \"add\", \"path\": \"/name\", \"value\": \"x\"}]"), 403,
      "Method 'add' is not allowed for a path with name 'name'. Allowed operations are: replace");
    assertFault(patch(session, "[{\"op\": \"replace\", \"path\": \"/defaultNetworks/flat\", \"value\": \"x\"}]"), 400,
      "'x' is not of type 'boolean', 'null'");
    assertFault(patch(session, "[{\"op\": \"replace\", \"path\": \"name\", \"value\": \"x\"}]"), 400,
      "Pointer `name` does not start with \"/\".");
    assertFault(patch(session, "[{\"op\": \"move\", \"path\": \"/services\", \"value\": []}]"), 403,
      "Method 'move' is not allowed for a path with name 'services'. Allowed operations are: add, replace, remove");
    assertFault(carol.call(HttpMethod.PATCH, "/environments/" + env + "/model/", session, new JsonArray()), 403,
      "User is not authorized to access these tenant resources");
    assertDetail(patch(session, "[]"), 400, "The server could not comply with the request since\r\nit is either "
      + "malformed or otherwise incorrect.\r\n", "Request body is empty: please, provide environment object model patch");
    assertFault(patch(null, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"x\"}]"), 400,
      "X-Configuration-Session header which indicates to the session is missed");
    assertFault(patch("nope", "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"x\"}]"), 404,
      "Session <SessionId nope> is not found");
  }

  /**
   * Jackson reads 1000 levels, but writing a value nested that deep back out overflows an event loop's
   * stack: the request hung and the draft it had written could no longer be shown or deployed.
   */
  @Test
  void aValueNestedTooDeeplyIs400AndNothingIsWritten() {
    String deep = "[".repeat(990) + "]".repeat(990);
    HttpResponse<Buffer> patched = patch(session, "[{\"op\": \"add\", \"path\": \"/services\", \"value\": [" + deep
      + "]}]");
    assertEquals(400, patched.statusCode(), patched.bodyAsString());
    assertTrue(patched.bodyAsJsonObject().getString("message").contains("nests deeper than"), patched.bodyAsString());
    HttpResponse<Buffer> added = gateway.sendRaw(alice.request(HttpMethod.POST, "/environments/" + env + "/services",
      session), "application/json", "{\"?\": {\"id\": \"svc-deep\", \"type\": \"t\"}, \"v\": " + deep + "}");
    assertEquals(400, added.statusCode(), added.bodyAsString());
    assertEquals("400 Bad Request", added.bodyAsJsonObject().getString("code"));
    JsonObject draft = ok(show("", session)).bodyAsJsonObject();
    assertFalse(draft.containsKey("services"), "nothing written: " + draft);
  }

  @Test
  void aPatchThatDoesNotApplyIsJsonpatchsConflictAs404() {
    String notFound = "The resource could not be found.";
    assertDetail(patch(session, "[{\"op\": \"replace\", \"path\": \"/nothing\", \"value\": 1}]"), 404, notFound,
      "can't replace a non-existent object 'nothing'");
    assertDetail(patch(session, "[{\"op\": \"remove\", \"path\": \"/nothing\", \"value\": null}]"), 404, notFound,
      "can't remove a non-existent object 'nothing'");
    ok(patch(session, "[{\"op\": \"add\", \"path\": \"/services\", \"value\": []}]"));
    assertDetail(patch(session, "[{\"op\": \"add\", \"path\": \"/services/3\", \"value\": {}}]"), 404, notFound,
      "can't insert outside of list");
    HttpResponse<Buffer> deep = patch(session, "[{\"op\": \"add\", \"path\": \"/absent/x\", \"value\": 1}]");
    assertEquals(404, deep.statusCode());
    assertTrue(deep.bodyAsJsonObject().getString("message").contains("member 'absent' not found in {"),
      deep.bodyAsString());
  }

  @Test
  void aPatchedDraftDeploysAndTheDeployedModelShowsIt() {
    JsonObject telnet = service("svc-m", "telnet");
    JsonObject patched = ok(gateway.sendRaw(alice.request(HttpMethod.PATCH, "/environments/" + env + "/model/", session),
      "application/json", new JsonArray()
        .add(new JsonObject().put("op", "add").put("path", "/services").put("value", new JsonArray()))
        .add(new JsonObject().put("op", "add").put("path", "/services/-").put("value", telnet))
        .add(new JsonObject().put("op", "replace").put("path", "/name").put("value", "renamed-in-model"))
        .encode())).bodyAsJsonObject();
    assertEquals(1, patched.getJsonArray("services").size());
    alice.deploy(env, session);
    alice.awaitStatus(env, "ready");
    JsonObject deployed = ok(show("", null)).bodyAsJsonObject();
    assertEquals("renamed-in-model", deployed.getString("name"));
    assertEquals("\"telnet\"", ok(show("services/svc-m/name", null)).bodyAsString(), "a list item by its ?.id");
    assertEquals("svc-m", ok(show("services/0", null)).bodyAsJsonObject().getJsonObject("?").getString("id"),
      "or by its index");
    assertFault(patch(session, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"x\"}]"), 403,
      "Session <SessionId " + session + "> is invalid: environment has been updated or updating right now with other "
        + "session");
  }
}
