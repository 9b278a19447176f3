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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Murano's environments, configuration sessions and services over real HTTPS, with Murano's checks, codes
 * and messages; deployments go to a real webhook endpoint that the tests answer, hold or fail. Run on the
 * in-process store and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MuranoApiContract {
  private DeployerStub deployer;
  private TestGateway gateway;
  private MuranoClient alice;
  private MuranoClient bob;
  private MuranoClient carol;
  private MuranoClient admin;

  /** Starts the gateway under test with {@code settings}, on the subclass's store. */
  abstract TestGateway start(Map<String, String> settings);

  /** The webhook deployer points at a stub the tests answer, patient enough to hold deployments. */
  @BeforeAll
  void startGateway() {
    deployer = new DeployerStub();
    gateway = start(Map.of("murano.deployer.type", "webhook", "murano.deployer.url", deployer.url(),
      "murano.deployer.timeout-ms", "30000"));
  }

  @AfterAll
  void stopGateway() {
    gateway.close();
    deployer.close();
  }

  private TestGateway gateway() {
    return gateway;
  }

  private DeployerStub deployer() {
    return deployer;
  }

  @BeforeEach
  void users() {
    deployer().release(200);
    alice = MuranoClient.user(gateway(), "alice", "t1", false);
    bob = MuranoClient.user(gateway(), "bob", "t1", false);
    carol = MuranoClient.user(gateway(), "carol", "t2", false);
    admin = new MuranoClient(gateway(), gateway().adminToken());
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String newEnvironment() {
    return alice.createEnvironment(unique("env")).getString("id");
  }

  /** An environment deployed once (version 1), as a deletion needs to go through the deployer. */
  private String deployedEnvironment() {
    String env = newEnvironment();
    String session = alice.configure(env).getString("id");
    alice.deploy(env, session);
    alice.awaitStatus(env, "ready");
    return env;
  }

  private static String sessionPath(String env, String session) {
    return "/environments/" + env + "/sessions/" + session;
  }

  // --- environments

  @Test
  void aCreatedEnvironmentLooksAsMuranoShowsIt() {
    String name = unique("web");
    JsonObject created = alice.createEnvironment(name);
    assertTrue(created.getString("id").matches("[0-9a-f]{32}"), created.encode());
    assertEquals(name, created.getString("name"));
    assertEquals("t1", created.getString("tenant_id"));
    assertEquals(0, created.getInteger("version"));
    assertTrue(created.getString("created").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"), created.encode());
    assertFalse(created.containsKey("status"), "create answers to_dict(), without status");

    JsonObject shown = alice.environment(created.getString("id"));
    assertEquals("ready", shown.getString("status"));
    assertEquals(new JsonArray(), shown.getJsonArray("services"));
    assertTrue(shown.containsKey("acquired_by"));
    assertNull(shown.getValue("acquired_by"));
  }

  @Test
  void environmentNamesFollowMuranosRulesAndMessages() {
    assertFault(alice.call(HttpMethod.POST, "/environments", null, new JsonObject()), 400,
      "Please, specify a name of the environment to create");
    assertFault(alice.call(HttpMethod.POST, "/environments", null, new JsonObject().put("name", "  ")), 400,
      "Please, specify a name of the environment to create");
    assertFault(alice.call(HttpMethod.POST, "/environments", null, new JsonObject().put("name", "x".repeat(256))), 400,
      "Environment name should be 255 characters maximum");
    String name = unique("taken");
    alice.createEnvironment(name);
    assertFault(alice.call(HttpMethod.POST, "/environments", null, new JsonObject().put("name", name)), 409,
      "Environment with specified name already exists");
    assertEquals("t2", carol.createEnvironment(name).getString("tenant_id"), "names are unique per tenant only");
  }

  @Test
  void theListHasTheCallersTenantWithStatusAndAdminsMaySeeAll() {
    String mine = newEnvironment();
    String theirs = carol.createEnvironment(unique("other")).getString("id");
    JsonArray listed = ok(alice.call(HttpMethod.GET, "/environments")).bodyAsJsonObject().getJsonArray("environments");
    assertTrue(ids(listed).contains(mine));
    assertFalse(ids(listed).contains(theirs));
    listed.forEach(env -> assertEquals("t1", ((JsonObject) env).getString("tenant_id")));
    listed.forEach(env -> assertTrue(((JsonObject) env).containsKey("status")));

    assertFault(alice.call(HttpMethod.GET, "/environments?all_tenants=true"), 403,
      "User is not authorized to access these tenant resources");
    assertFault(alice.call(HttpMethod.GET, "/environments?tenant=t2"), 403,
      "User is not authorized to access these tenant resources");
    assertTrue(ids(ok(alice.call(HttpMethod.GET, "/environments?all_tenants=False")).bodyAsJsonObject()
      .getJsonArray("environments")).contains(mine), "python-muranoclient sends all_tenants=False");

    JsonArray all = ok(admin.call(HttpMethod.GET, "/environments?all_tenants=TRUE")).bodyAsJsonObject()
      .getJsonArray("environments");
    assertTrue(ids(all).contains(mine) && ids(all).contains(theirs));
    JsonArray t2 = ok(admin.call(HttpMethod.GET, "/environments?tenant=t2")).bodyAsJsonObject()
      .getJsonArray("environments");
    assertTrue(ids(t2).contains(theirs));
    assertFalse(ids(t2).contains(mine));
  }

  private static java.util.List<String> ids(JsonArray environments) {
    return environments.stream().map(env -> ((JsonObject) env).getString("id")).toList();
  }

  @Test
  void anotherTenantsEnvironmentIs403AndAnUnknownOne404() {
    String env = newEnvironment();
    String forbidden = "User is not authorized to access these tenant resources";
    assertFault(carol.call(HttpMethod.GET, "/environments/" + env), 403, forbidden);
    assertFault(carol.call(HttpMethod.PUT, "/environments/" + env, null, new JsonObject().put("name", "x")), 403, forbidden);
    assertFault(carol.call(HttpMethod.DELETE, "/environments/" + env), 403, forbidden);
    assertFault(carol.call(HttpMethod.POST, "/environments/" + env + "/configure"), 403, forbidden);
    assertFault(carol.call(HttpMethod.GET, "/environments/" + env + "/services"), 403, forbidden);
    assertFault(alice.call(HttpMethod.GET, "/environments/4aecdc2178b9430cbbb8db44fb7ac384"), 404,
      "Environment with id 4aecdc2178b9430cbbb8db44fb7ac384 not found");
    assertEquals("t1", admin.environment(env).getString("tenant_id"), "an admin sees every tenant");
  }

  @Test
  void renamingFollowsMuranosRules() {
    String env = newEnvironment();
    String name = unique("renamed");
    JsonObject renamed = ok(alice.call(HttpMethod.PUT, "/environments/" + env, null, new JsonObject().put("name", name)))
      .bodyAsJsonObject();
    assertEquals(name, renamed.getString("name"));
    assertEquals(name, alice.environment(env).getString("name"));
    assertFault(alice.call(HttpMethod.PUT, "/environments/" + env, null, new JsonObject().put("name", " ")), 400,
      "Environment name must contain at least one non-white space symbol");
    assertFault(alice.call(HttpMethod.PUT, "/environments/" + env, null, new JsonObject().put("name", "y".repeat(256))),
      400, "Environment name should be 255 characters maximum");
    String taken = alice.createEnvironment(unique("taken")).getString("name");
    assertFault(alice.call(HttpMethod.PUT, "/environments/" + env, null, new JsonObject().put("name", taken)), 409,
      "Environment with specified name already exists");
    assertFault(alice.call(HttpMethod.PUT, "/environments/nope", null, new JsonObject().put("name", "z")), 404,
      "Environment with id nope not found");
  }

  // --- sessions

  @Test
  void configureOpensASessionOnTheEnvironmentsVersion() {
    String env = newEnvironment();
    JsonObject session = alice.configure(env);
    assertTrue(session.getString("id").matches("[0-9a-f]{32}"));
    assertEquals(env, session.getString("environment_id"));
    assertEquals("alice", session.getString("user_id"));
    assertEquals("opened", session.getString("state"));
    assertEquals(0, session.getInteger("version"));
    assertTrue(session.containsKey("created") && session.containsKey("updated"));
    assertEquals("pending", alice.environment(env).getString("status"));
    assertFault(alice.call(HttpMethod.POST, "/environments/nope/configure"), 404, "Environment with id nope not found");
  }

  @Test
  void showingASessionChecksInMuranosOrder() {
    String env = newEnvironment();
    String other = newEnvironment();
    String session = alice.configure(env).getString("id");
    assertFault(alice.call(HttpMethod.GET, sessionPath(env, "nope")), 404, "Session <SessionId nope> is not found");
    assertFault(alice.call(HttpMethod.GET, sessionPath(other, session)), 400,
      "Session <SessionId " + session + "> is not tied with Environment <EnvId " + other + ">");
    assertFault(carol.call(HttpMethod.GET, sessionPath(env, session)), 403,
      "User is not authorized to access these tenant resources");
    assertFault(bob.call(HttpMethod.GET, sessionPath(env, session)), 401,
      "User <UserId bob> is not authorized to access session <SessionId " + session + ">.");
    assertEquals("opened", ok(alice.call(HttpMethod.GET, sessionPath(env, session))).bodyAsJsonObject().getString("state"));

    String winner = alice.configure(env).getString("id");
    alice.deploy(env, winner);
    alice.awaitStatus(env, "ready");
    assertFault(alice.call(HttpMethod.GET, sessionPath(env, session)), 403, "Session <SessionId " + session
      + "> is invalid: environment has been updated or updating right now with other session");
  }

  @Test
  void deletingASessionChecksOwnerAndDeployment() {
    String env = newEnvironment();
    String session = alice.configure(env).getString("id");
    assertFault(bob.call(HttpMethod.DELETE, sessionPath(env, session)), 401,
      "User <UserId bob> is not authorized to access session <SessionId " + session + ">.");
    HttpResponse<Buffer> deleted = ok(alice.call(HttpMethod.DELETE, sessionPath(env, session)));
    assertEquals(0, deleted.body() == null ? 0 : deleted.body().length());
    assertFault(alice.call(HttpMethod.GET, sessionPath(env, session)), 404, "Session <SessionId " + session + "> is not found");

    deployer().answer(DeployerStub.HOLD);
    String deploying = alice.configure(env).getString("id");
    alice.deploy(env, deploying);
    assertFault(alice.call(HttpMethod.DELETE, sessionPath(env, deploying)), 403,
      "Session <SessionId: " + deploying + "> is in deploying state and could not be deleted");
    deployer().release(200);
    alice.awaitStatus(env, "ready");
  }

  @Test
  void deployingChecksInMuranosOrder() {
    String env = newEnvironment();
    String other = newEnvironment();
    String first = alice.configure(env).getString("id");
    String second = alice.configure(env).getString("id");
    String deploy = "/deploy";
    assertFault(alice.call(HttpMethod.POST, sessionPath(env, "nope") + deploy), 404, "Session <SessionId nope> is not found");
    assertFault(alice.call(HttpMethod.POST, sessionPath(other, first) + deploy), 400,
      "Session <SessionId " + first + "> is not tied with Environment <EnvId " + other + ">");
    assertFault(carol.call(HttpMethod.POST, sessionPath(env, first) + deploy), 403,
      "User is not authorized to access these tenant resources");

    deployer().answer(DeployerStub.HOLD);
    HttpResponse<Buffer> started = ok(bob.call(HttpMethod.POST, sessionPath(env, first) + deploy));
    assertEquals(0, started.body() == null ? 0 : started.body().length(), "200 with an empty body");
    assertFault(alice.call(HttpMethod.POST, sessionPath(env, first) + deploy), 403,
      "Session <SessionId " + first + "> is already deployed or deployment is in progress");
    assertFault(alice.call(HttpMethod.POST, sessionPath(env, second) + deploy), 403,
      "Session <SessionId " + second + "> is invalid: environment has been updated or updating right now with other session");
    deployer().release(200);
    alice.awaitStatus(env, "ready");
    assertFault(alice.call(HttpMethod.POST, sessionPath(env, second) + deploy), 403,
      "Session <SessionId " + second + "> is invalid: environment has been updated or updating right now with other session");
    JsonObject request = deployer().received().stream()
      .filter(task -> first.equals(task.getString("session_id"))).findFirst().orElseThrow();
    assertEquals(env, request.getString("environment_id"));
    assertEquals("t1", request.getJsonObject("description").getString("project_id"));
    assertEquals("io.murano.Environment",
      request.getJsonObject("description").getJsonObject("Objects").getJsonObject("?").getString("type"));
  }

  @Test
  void noSessionOpensWhileTheEnvironmentIsDeploying() {
    String env = newEnvironment();
    deployer().answer(DeployerStub.HOLD);
    alice.deploy(env, alice.configure(env).getString("id"));
    assertFault(alice.call(HttpMethod.POST, "/environments/" + env + "/configure"), 403,
      "Could not open session for environment <EnvId: " + env + ">, environment has deploying or deleting status.");
    deployer().release(200);
    alice.awaitStatus(env, "ready");
    assertEquals("opened", alice.configure(env).getString("state"));
  }

  @Test
  void theStatusIsDerivedFromTheSessionsAsMuranoDoes() {
    String env = newEnvironment();
    assertEquals("ready", alice.environment(env).getString("status"));
    String first = alice.configure(env).getString("id");
    assertEquals("pending", alice.environment(env).getString("status"));

    deployer().answer(DeployerStub.HOLD);
    alice.deploy(env, first);
    JsonObject deploying = alice.environment(env);
    assertEquals("deploying", deploying.getString("status"));
    assertEquals(first, deploying.getString("acquired_by"));
    deployer().release(200);
    JsonObject ready = alice.awaitStatus(env, "ready");
    assertEquals(1, ready.getInteger("version"));
    assertNull(ready.getValue("acquired_by"));
    assertFault(alice.call(HttpMethod.GET, sessionPath(env, first)), 403, "Session <SessionId " + first
      + "> is invalid: environment has been updated or updating right now with other session");

    deployer().answer(500);
    String failing = alice.configure(env).getString("id");
    assertEquals("pending", alice.environment(env).getString("status"));
    alice.deploy(env, failing);
    JsonObject failed = alice.awaitStatus(env, "deploy failure");
    assertEquals(2, failed.getInteger("version"), "as Murano records an engine result, a failure moves the version on");

    deployer().answer(200);
    String retry = alice.configure(env).getString("id");
    assertEquals("deploy failure", alice.environment(env).getString("status"),
      "an opened session does not hide the last failure");
    alice.deploy(env, retry);
    assertEquals(3, alice.awaitStatus(env, "ready").getInteger("version"), "a deployed session ends the scan");
  }

  @Test
  void deletingAnEnvironmentDeploysADeletion() {
    String env = deployedEnvironment();
    deployer().answer(DeployerStub.HOLD);
    int before = deployer().received().size();
    ok(alice.call(HttpMethod.DELETE, "/environments/" + env));
    assertEquals("deleting", alice.environment(env).getString("status"));
    assertFault(alice.call(HttpMethod.POST, "/environments/" + env + "/configure"), 403,
      "Could not open session for environment <EnvId: " + env + ">, environment has deploying or deleting status.");
    JsonObject task = deployer().receivedAfter(before);
    assertTrue(task.getJsonObject("description").containsKey("Objects"));
    assertNull(task.getJsonObject("description").getValue("Objects"), "a deletion deploys a null model");
    deployer().release(200);
    alice.awaitGone(env);

    String failing = deployedEnvironment();
    deployer().answer(500);
    ok(alice.call(HttpMethod.DELETE, "/environments/" + failing));
    alice.awaitStatus(failing, "delete failure");

    String neverDeployed = newEnvironment();
    ok(alice.call(HttpMethod.DELETE, "/environments/" + neverDeployed));
    assertFault(alice.call(HttpMethod.GET, "/environments/" + neverDeployed), 404,
      "Environment with id " + neverDeployed + " not found");

    deployer().answer(200);
    String abandoned = deployedEnvironment();
    deployer().answer(DeployerStub.HOLD);
    alice.deploy(abandoned, alice.configure(abandoned).getString("id"));
    ok(alice.call(HttpMethod.DELETE, "/environments/" + abandoned + "?abandon=True"));
    assertEquals(404, alice.call(HttpMethod.GET, "/environments/" + abandoned).statusCode());
    deployer().release(200);
  }

  // --- services

  @Test
  void servicesAreEditedInTheSessionsDraftAndShownDeployedWithoutIt() {
    String env = newEnvironment();
    String session = alice.configure(env).getString("id");
    JsonObject telnet = service("svc-telnet", "telnet");
    JsonObject added = ok(alice.call(HttpMethod.POST, "/environments/" + env + "/services", session, telnet))
      .bodyAsJsonObject();
    assertEquals(telnet, added);

    JsonArray draft = ok(alice.call(HttpMethod.GET, "/environments/" + env + "/services", session)).bodyAsJsonArray();
    assertEquals(1, draft.size());
    assertEquals("pending", draft.getJsonObject(0).getJsonObject("?").getString("status"));
    assertEquals(new JsonArray(), ok(alice.call(HttpMethod.GET, "/environments/" + env + "/services")).bodyAsJsonArray());
    assertEquals("telnet", ok(alice.call(HttpMethod.GET, "/environments/" + env + "/services/svc-telnet", session))
      .bodyAsJsonObject().getString("name"));
    HttpResponse<Buffer> notDeployed = alice.call(HttpMethod.GET, "/environments/" + env + "/services/svc-telnet");
    assertEquals(404, notDeployed.statusCode());
    assertEquals("The resource could not be found.<br /><br />\n\n\n", notDeployed.bodyAsJsonObject().getString("message"));
    assertEquals(1, ok(alice.call(HttpMethod.GET, "/environments/" + env, session)).bodyAsJsonObject()
      .getJsonArray("services").size());

    ok(alice.call(HttpMethod.POST, "/environments/" + env + "/services", session,
      new JsonArray().add(service("svc-a", "a")).add(service("svc-b", "b"))));
    ok(alice.call(HttpMethod.DELETE, "/environments/" + env + "/services/svc-a", session));
    assertEquals(2, ok(alice.call(HttpMethod.GET, "/environments/" + env + "/services", session)).bodyAsJsonArray().size());

    alice.deploy(env, session);
    JsonObject deployed = alice.awaitStatus(env, "ready");
    assertEquals(1, deployed.getInteger("version"));
    JsonArray services = deployed.getJsonArray("services");
    assertEquals(2, services.size());
    assertEquals("ready", services.getJsonObject(0).getJsonObject("?").getString("status"));

    // python-muranoclient's environment-apps-edit: PUT .../services/ with the whole list.
    String edit = alice.configure(env).getString("id");
    JsonArray replaced = ok(alice.call(HttpMethod.PUT, "/environments/" + env + "/services/", edit,
      new JsonArray().add(service("svc-c", "c")))).bodyAsJsonArray();
    assertEquals(1, replaced.size());
    assertEquals("svc-c", ok(alice.call(HttpMethod.GET, "/environments/" + env + "/services", edit)).bodyAsJsonArray()
      .getJsonObject(0).getJsonObject("?").getString("id"));
    assertEquals(2, ok(alice.call(HttpMethod.GET, "/environments/" + env + "/services")).bodyAsJsonArray().size());
  }

  @Test
  void changingServicesChecksTheSessionAsMuranoDoes() {
    String env = newEnvironment();
    String path = "/environments/" + env + "/services";
    JsonObject telnet = service("svc-1", "telnet");
    assertFault(alice.call(HttpMethod.POST, path, null, telnet), 400,
      "X-Configuration-Session header which indicates to the session is missed");
    assertFault(alice.call(HttpMethod.POST, path, "nope", telnet), 404, "Session <SessionId nope> is not found");

    String session = alice.configure(env).getString("id");
    assertFault(carol.call(HttpMethod.POST, path, session, telnet), 403,
      "User is not authorized to access these tenant resources");
    String elsewhere = newEnvironment();
    assertFault(alice.call(HttpMethod.POST, "/environments/" + elsewhere + "/services", session, telnet), 400,
      "Session <SessionId " + session + "> is not tied with Environment <EnvId " + elsewhere + ">");

    HttpResponse<Buffer> empty = alice.call(HttpMethod.POST, path, session, new JsonObject());
    assertEquals(400, empty.statusCode());
    assertEquals("The server could not comply with the request since\r\nit is either malformed or otherwise incorrect.\r\n"
      + "<br /><br />\nRequest body is empty: please, provide application object model\n\n",
      empty.bodyAsJsonObject().getString("message"));
    assertEquals(400, alice.call(HttpMethod.POST, path, session, new JsonArray()).statusCode());
    assertEquals(404, alice.call(HttpMethod.DELETE, path + "/svc-none", session).statusCode());
    assertEquals("The resource could not be found.<br /><br />\n\n\n",
      alice.call(HttpMethod.GET, path, "nope").bodyAsJsonObject().getString("message"));

    deployer().answer(DeployerStub.HOLD);
    String stale = alice.configure(env).getString("id");
    alice.deploy(env, session);
    assertFault(alice.call(HttpMethod.POST, path, session, telnet), 403,
      "Session <SessionId " + session + "> is already in deployment state");
    assertFault(alice.call(HttpMethod.POST, path, stale, telnet), 403, "Session <SessionId " + stale
      + "> is invalid: environment has been updated or updating right now with other session");
    deployer().release(200);
    alice.awaitStatus(env, "ready");
    assertFault(alice.call(HttpMethod.DELETE, path + "/svc-1", stale), 403, "Session <SessionId " + stale
      + "> is invalid: environment has been updated or updating right now with other session");
  }

  @Test
  void everyFailureIsAMuranoErrorBody() {
    HttpResponse<Buffer> anonymous = gateway().send(gateway().request(HttpMethod.GET, MuranoClient.BASE + "/environments"));
    assertEquals(401, anonymous.statusCode());
    assertEquals("401 Unauthorized", anonymous.bodyAsJsonObject().getString("code"));
    assertEquals("Unauthorized", anonymous.bodyAsJsonObject().getString("title"));
    HttpResponse<Buffer> malformed = alice.call(HttpMethod.POST, "/environments", null,
      new JsonObject().put("name", 5));
    assertEquals(400, malformed.statusCode());
    assertEquals("400 Bad Request", malformed.bodyAsJsonObject().getString("code"));
  }
}
