package io.sessiongate.murano;

import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.sessiongate.murano.MuranoClient.assertFault;
import static io.sessiongate.murano.MuranoClient.ok;
import static io.sessiongate.murano.MuranoClient.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Environment templates and their applications with the cases of Murano's
 * murano/tests/unit/api/v1/test_env_templates.py, over real HTTPS, on the in-process store and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MuranoTemplatesContract {
  private static final String NO_ACCESS = "User has no access to these resources.";

  private TestGateway gateway;
  private MuranoClient alice;
  private MuranoClient carol;
  private MuranoClient admin;

  abstract TestGateway start(Map<String, String> settings);

  @BeforeAll
  void startGateway() {
    gateway = start(Map.of());
    alice = MuranoClient.user(gateway, "alice", "t1", false);
    carol = MuranoClient.user(gateway, "carol", "t2", false);
    admin = new MuranoClient(gateway, gateway.adminToken());
  }

  @AfterAll
  void stopGateway() {
    gateway.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject create(MuranoClient client, JsonObject body) {
    return ok(client.call(HttpMethod.POST, "/templates", null, body)).bodyAsJsonObject();
  }

  private static List<String> listed(MuranoClient client, String query) {
    return ok(client.call(HttpMethod.GET, "/templates" + query)).bodyAsJsonObject().getJsonArray("templates").stream()
      .map(t -> ((JsonObject) t).getString("id")).toList();
  }

  private static void assertDetail(HttpResponse<Buffer> response, int status, String explanation, String detail) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals(explanation + "<br /><br />\n" + detail + "\n\n", response.bodyAsJsonObject().getString("message"));
  }

  @Test
  void aCreatedTemplateIsListedAndShownAsMuranoShowsIt() {
    MuranoClient fresh = MuranoClient.user(gateway, "fresh", unique("tenant"), false);
    assertEquals(List.of(), ok(fresh.call(HttpMethod.GET, "/templates")).bodyAsJsonObject().getJsonArray("templates")
      .stream().filter(t -> !((JsonObject) t).getBoolean("is_public")).toList(), "test_list_empty_env_templates");

    String name = unique("mytemp");
    JsonObject created = create(fresh, new JsonObject().put("name", name).put("description_text", "description"));
    assertEquals(Set.of("tenant_id", "id", "is_public", "name", "description_text", "version", "created", "updated"),
      created.fieldNames(), "test_create_env_templates");
    assertEquals(false, created.getBoolean("is_public"));
    assertEquals("description", created.getString("description_text"));
    assertEquals(0, created.getInteger("version"));
    assertTrue(created.getString("created").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"));
    JsonObject inList = ok(fresh.call(HttpMethod.GET, "/templates")).bodyAsJsonObject().getJsonArray("templates")
      .stream().map(t -> (JsonObject) t).filter(t -> t.getString("id").equals(created.getString("id"))).findFirst()
      .orElseThrow();
    assertEquals(created, inList);
    JsonObject shown = ok(fresh.call(HttpMethod.GET, "/templates/" + created.getString("id"))).bodyAsJsonObject();
    assertEquals(created.copy().put("services", new JsonArray()), shown);

    assertDetail(fresh.call(HttpMethod.POST, "/templates", null, new JsonObject().put("name", name)), 409,
      "There was a conflict when trying to complete your request.", "Env Template with specified name already exists");
    assertFault(alice.call(HttpMethod.GET, "/templates/no-such-id"), 404, "EnvTemplate <TempId no-such-id> is not found");
  }

  @Test
  void namesFollowMuranosTemplateRules() {
    assertFault(alice.call(HttpMethod.POST, "/templates", null, new JsonObject().put("name", "   ")), 400,
      "Please, specify a name of the environment template.");
    assertFault(alice.call(HttpMethod.POST, "/templates", null, new JsonObject().put("invalid", "test")), 400,
      "Please, specify a name of the environment template.");
    assertFault(alice.call(HttpMethod.POST, "/templates", null, new JsonObject().put("name", "t".repeat(256))), 400,
      "Environment template name should be 255 characters maximum");
  }

  @Test
  void publicAndPrivateTemplatesAreListedAsMuranoListsThem() {
    String mine = create(alice, new JsonObject().put("name", unique("private")).put("is_public", false)).getString("id");
    String shared = create(alice, new JsonObject().put("name", unique("public")).put("is_public", true)).getString("id");
    String theirs = create(carol, new JsonObject().put("name", unique("theirs"))).getString("id");

    List<String> byDefault = listed(alice, "");
    assertTrue(byDefault.containsAll(List.of(mine, shared)), "test_list_env_templates");
    assertFalse(byDefault.contains(theirs));
    List<String> publicOnes = listed(alice, "?is_public=true");
    assertTrue(publicOnes.contains(shared), "test_list_public_env_templates");
    assertFalse(publicOnes.contains(mine));
    List<String> privateOnes = listed(alice, "?is_public=false");
    assertTrue(privateOnes.contains(mine), "test_list_private_env_templates");
    assertFalse(privateOnes.contains(shared) || privateOnes.contains(theirs));
    List<String> carols = listed(carol, "");
    assertTrue(carols.containsAll(List.of(shared, theirs)), "test_list_env_templates_with_different_tenant");
    assertFalse(carols.contains(mine));

    assertFault(carol.call(HttpMethod.GET, "/templates/" + mine), 403, NO_ACCESS);
    assertEquals(200, carol.call(HttpMethod.GET, "/templates/" + shared).statusCode(),
      "test_validate_request_handle_forbidden_exc: public is readable");
    assertEquals(200, admin.call(HttpMethod.GET, "/templates/" + mine).statusCode(), "an admin reads any");
  }

  @Test
  void onlyPublicTemplatesAreClonedIntoTheCallersTenant() {
    JsonObject app = service("svc-clone", "tomcat");
    JsonObject original = create(alice, new JsonObject().put("name", unique("public")).put("is_public", true)
      .put("services", new JsonArray().add(app)));
    String name = unique("clone");
    JsonObject clone = ok(carol.call(HttpMethod.POST, "/templates/" + original.getString("id") + "/clone", null,
      new JsonObject().put("name", name).put("is_public", false))).bodyAsJsonObject();
    assertEquals(false, clone.getBoolean("is_public"), "test_clone_env_templates");
    assertEquals("t2", clone.getString("tenant_id"));
    assertEquals(name, clone.getString("name"));
    assertEquals(new JsonArray().add(app), ok(carol.call(HttpMethod.GET, "/templates/" + clone.getString("id")
      + "/services")).bodyAsJsonArray(), "the clone has the original's applications");
    assertFault(carol.call(HttpMethod.POST, "/templates/" + original.getString("id") + "/clone", null,
      new JsonObject().put("name", name)), 409, "Env template with specified name already exists");

    String privateOne = create(alice, new JsonObject().put("name", unique("private"))).getString("id");
    assertFault(carol.call(HttpMethod.POST, "/templates/" + privateOne + "/clone", null,
      new JsonObject().put("name", unique("clone"))), 403, NO_ACCESS);
    assertFault(carol.call(HttpMethod.POST, "/templates/nope/clone", null, new JsonObject().put("name", "x")), 404,
      "EnvTemplate <TempId nope> is not found");
  }

  @Test
  void updatingAndDeletingATemplate() {
    String id = create(alice, new JsonObject().put("name", unique("my-temp"))).getString("id");
    String renamed = unique("renamed_temp");
    JsonObject updated = ok(alice.call(HttpMethod.PUT, "/templates/" + id, null, new JsonObject().put("name", renamed)))
      .bodyAsJsonObject();
    assertEquals(renamed, updated.getString("name"), "test_update_env_template");
    assertEquals(renamed, ok(alice.call(HttpMethod.GET, "/templates/" + id)).bodyAsJsonObject().getString("name"));
    String badBody = "The server could not comply with the request since\r\nit is either malformed or otherwise "
      + "incorrect.\r\n";
    assertDetail(alice.call(HttpMethod.PUT, "/templates/" + id, null, new JsonObject().put("name", "")), 400, badBody,
      "EnvTemplate body is incorrect");
    assertDetail(alice.call(HttpMethod.PUT, "/templates/" + id, null, new JsonObject()), 400, badBody,
      "EnvTemplate body is incorrect");
    assertEquals(renamed, ok(alice.call(HttpMethod.GET, "/templates/" + id)).bodyAsJsonObject().getString("name"),
      "test_update_env_template_with_inappropriate_name: unchanged");

    String shared = create(alice, new JsonObject().put("name", unique("shared")).put("is_public", true)).getString("id");
    assertFault(carol.call(HttpMethod.PUT, "/templates/" + shared, null, new JsonObject().put("name", "mine now")), 403,
      NO_ACCESS);
    assertFault(carol.call(HttpMethod.DELETE, "/templates/" + shared), 403, NO_ACCESS);

    HttpResponse<Buffer> deleted = ok(alice.call(HttpMethod.DELETE, "/templates/" + id));
    assertEquals(0, deleted.body() == null ? 0 : deleted.body().length(), "test_delete_env_templates");
    assertEquals(404, alice.call(HttpMethod.GET, "/templates/" + id).statusCode());
  }

  @Test
  void applicationsAreAddedShownReplacedAndRemoved() {
    JsonObject tomcat = service("54cea43d-5970-4c73-b9ac-fea656f3c722", "orion").put("port", "8080")
      .put("instance", new JsonObject().put("?", new JsonObject().put("id", "ef984a74")
        .put("type", "io.murano.resources.Linux")));
    JsonObject created = create(alice, new JsonObject().put("name", unique("with-apps"))
      .put("services", new JsonArray().add(tomcat)));
    assertEquals(1, created.getJsonArray("services").size(), "test_create_env_templates_with_applications");
    String id = created.getString("id");
    String services = "/templates/" + id + "/services";
    assertEquals(1, ok(alice.call(HttpMethod.GET, services)).bodyAsJsonArray().size());

    JsonArray more = new JsonArray().add(service("second", "tomcat").put("instance", "ef984a74"));
    assertEquals(more, ok(alice.call(HttpMethod.POST, services, null, more)).bodyAsJsonArray(),
      "test_add_application_to_template");
    assertEquals(2, ok(alice.call(HttpMethod.GET, services)).bodyAsJsonArray().size());

    assertEquals("orion", ok(alice.call(HttpMethod.GET, services + "/54cea43d-5970-4c73-b9ac-fea656f3c722"))
      .bodyAsJsonObject().getString("name"));
    JsonObject replacement = service("second", "replaced");
    assertEquals(replacement, ok(alice.call(HttpMethod.PUT, services + "/second", null, replacement)).bodyAsJsonObject(),
      "test_update_service_in_template");
    assertEquals("replaced", ok(alice.call(HttpMethod.GET, services + "/second")).bodyAsJsonObject().getString("name"));
    assertEquals("orion", ok(alice.call(HttpMethod.GET, services + "/0")).bodyAsJsonObject().getString("name"),
      "the other one is untouched (Murano's own PUT always replaces the first)");

    JsonObject after = ok(alice.call(HttpMethod.DELETE, services + "/54cea43d-5970-4c73-b9ac-fea656f3c722"))
      .bodyAsJsonObject();
    assertEquals(1, after.getJsonArray("services").size(), "test_delete_application_in_template");
    assertFault(alice.call(HttpMethod.GET, services + "/54cea43d-5970-4c73-b9ac-fea656f3c722"), 404,
      "Environment Template <EnvId " + id + "> is not found");
    assertDetail(alice.call(HttpMethod.DELETE, services + "/nope"), 404, "The resource could not be found.",
      "The template does not exist " + id);
    assertFault(carol.call(HttpMethod.GET, services), 403, "User is not authorized to access this tenant resources");
    assertFault(alice.call(HttpMethod.GET, "/templates/nope/services"), 404, "Environment Template with id nope not found");

    String empty = create(alice, new JsonObject().put("name", unique("empty"))).getString("id");
    assertEquals(new JsonArray(), ok(alice.call(HttpMethod.GET, "/templates/" + empty + "/services")).bodyAsJsonArray());
  }

  @Test
  void createEnvironmentGivesAnEnvironmentWhoseSessionDeploysTheTemplatesApplications() {
    JsonObject app = service("svc-from-template", "telnet");
    String template = create(alice, new JsonObject().put("name", unique("tpl"))
      .put("services", new JsonArray().add(app))).getString("id");
    String name = unique("from-template");
    JsonObject answer = ok(alice.call(HttpMethod.POST, "/templates/" + template + "/create-environment", null,
      new JsonObject().put("name", name))).bodyAsJsonObject();
    assertEquals(Set.of("session_id", "environment_id"), answer.fieldNames(), "test_create_environment");
    String env = answer.getString("environment_id");
    String session = answer.getString("session_id");
    JsonObject environment = alice.environment(env);
    assertEquals(name, environment.getString("name"));
    assertEquals(new JsonArray(), environment.getJsonArray("services"), "nothing deployed yet");
    assertEquals("svc-from-template", ok(alice.call(HttpMethod.GET, "/environments/" + env + "/services", session))
      .bodyAsJsonArray().getJsonObject(0).getJsonObject("?").getString("id"), "the session's draft has them");
    assertEquals("opened", ok(alice.call(HttpMethod.GET, "/environments/" + env + "/sessions/" + session))
      .bodyAsJsonObject().getString("state"));
    alice.deploy(env, session);
    JsonObject deployed = alice.awaitStatus(env, "ready");
    assertEquals("svc-from-template", deployed.getJsonArray("services").getJsonObject(0).getJsonObject("?")
      .getString("id"), "test_create_env_with_template_and_services");

    String bare = create(alice, new JsonObject().put("name", unique("bare"))).getString("id");
    JsonObject fromBare = ok(alice.call(HttpMethod.POST, "/templates/" + bare + "/create-environment", null,
      new JsonObject().put("name", unique("bare-env")))).bodyAsJsonObject();
    assertEquals(new JsonArray(), ok(alice.call(HttpMethod.GET, "/environments/" + fromBare.getString("environment_id")
      + "/services", fromBare.getString("session_id"))).bodyAsJsonArray(), "test_create_env_with_template_no_services");

    assertFault(alice.call(HttpMethod.POST, "/templates/" + template + "/create-environment", null,
      new JsonObject().put("name", name)), 409, "Environment with specified name already exists");
    assertFault(alice.call(HttpMethod.POST, "/templates/" + template + "/create-environment", null,
      new JsonObject().put("invalid", "x")), 400, "Please, specify a name of the environment template.");
    assertFault(alice.call(HttpMethod.POST, "/templates/noexisting/create-environment", null,
      new JsonObject().put("name", "test")), 404, "EnvTemplate <TempId noexisting> is not found");
    assertFault(carol.call(HttpMethod.POST, "/templates/" + template + "/create-environment", null,
      new JsonObject().put("name", unique("x"))), 403, NO_ACCESS);
  }
}
