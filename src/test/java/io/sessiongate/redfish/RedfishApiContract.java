package io.sessiongate.redfish;

import io.sessiongate.core.redfish.BaseMessage;
import io.sessiongate.testing.GatewayPerTestClass;
import io.sessiongate.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.sessiongate.redfish.RedfishClient.SESSIONS;
import static io.sessiongate.redfish.RedfishClient.error;
import static io.sessiongate.redfish.RedfishClient.messageKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redfish SessionService as a DSP0266 client sees it, over real HTTPS against a whole gateway; run on
 * the in-process store and on PostgreSQL.
 */
abstract class RedfishApiContract extends GatewayPerTestClass {
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = TestGateway.ADMIN_PASSWORD;
  static final String READER = "reader1";
  static final String READER_PASSWORD = "reader-password";
  static final String OTHER = "reader2";
  static final String OTHER_PASSWORD = "other-password";
  static final String OPERATOR = "operator1";
  static final String OPERATOR_PASSWORD = "operator-password";
  private static final String SERVICE = "/redfish/v1/SessionService";


  RedfishClient redfish() {
    return new RedfishClient(gateway());
  }

  @BeforeEach
  void users() {
    redfish().ensureUser(READER, READER_PASSWORD, null);
    redfish().ensureUser(OTHER, OTHER_PASSWORD, null);
    redfish().ensureUser(OPERATOR, OPERATOR_PASSWORD, "operator");
  }

  @Test
  void theServiceRootAndTheODataDocumentsNeedNoAuthentication() {
    HttpResponse<Buffer> versions = redfish().anonymous(HttpMethod.GET, "/redfish");
    assertEquals(200, versions.statusCode());
    assertEquals("/redfish/v1/", versions.bodyAsJsonObject().getString("v1"));
    for (String uri : List.of("/redfish/v1", "/redfish/v1/")) {
      HttpResponse<Buffer> root = redfish().anonymous(HttpMethod.GET, uri);
      assertEquals(200, root.statusCode(), uri);
      assertEquals("4.0", root.getHeader("OData-Version"));
      JsonObject body = root.bodyAsJsonObject();
      assertEquals("/redfish/v1/", body.getString("@odata.id"));
      assertEquals(SESSIONS, body.getJsonObject("Links").getJsonObject("Sessions").getString("@odata.id"));
      assertEquals(SERVICE, body.getJsonObject("SessionService").getString("@odata.id"));
    }
    HttpResponse<Buffer> odata = redfish().anonymous(HttpMethod.GET, "/redfish/v1/odata");
    assertEquals(200, odata.statusCode());
    assertEquals("/redfish/v1/$metadata", odata.bodyAsJsonObject().getString("@odata.context"));
    HttpResponse<Buffer> metadata = redfish().anonymous(HttpMethod.GET, "/redfish/v1/$metadata");
    assertEquals(200, metadata.statusCode());
    assertEquals("application/xml", metadata.getHeader("Content-Type"));
    assertEquals("4.0", metadata.getHeader("OData-Version"));
    assertTrue(metadata.bodyAsString().contains("<edmx:Include Namespace=\"Session.v1_7_0\"/>"));
  }

  @Test
  void theServiceRootLinksToTheSessionsTheSessionServiceNames() {
    JsonObject service = redfish().withBasic(HttpMethod.GET, SERVICE, ADMIN, ADMIN_PASSWORD).bodyAsJsonObject();
    JsonObject root = redfish().anonymous(HttpMethod.GET, "/redfish/v1/").bodyAsJsonObject();
    assertEquals(service.getJsonObject("Sessions"), root.getJsonObject("Links").getJsonObject("Sessions"));
  }

  @Test
  void aLoginAnswers201WithTokenLocationAndTheSession() {
    HttpResponse<Buffer> created = redfish().post(SESSIONS, new JsonObject()
      .put("UserName", READER).put("Password", READER_PASSWORD).put("Context", "rack 7"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals("4.0", created.getHeader("OData-Version"));
    String token = created.getHeader("X-Auth-Token");
    assertTrue(token.matches("[0-9a-f]{64}"), "256 random bits, hex: " + token);
    JsonObject session = created.bodyAsJsonObject();
    String id = session.getString("Id");
    assertFalse(token.contains(id) || id.contains(token), "the token is not derived from the Id");
    assertEquals(SESSIONS + "/" + id, created.getHeader("Location"));
    assertEquals(SESSIONS + "/" + id, session.getString("@odata.id"));
    assertEquals("/redfish/v1/$metadata#Session.Session", session.getString("@odata.context"));
    assertTrue(session.getString("@odata.type").matches("#Session\\.v1_\\d+_\\d+\\.Session"));
    assertEquals("User Session", session.getString("Name"));
    assertEquals(READER, session.getString("UserName"));
    assertEquals(new JsonArray().add("ReadOnly"), session.getJsonArray("Roles"));
    assertEquals("rack 7", session.getString("Context"));
    assertEquals("127.0.0.1", session.getString("ClientOriginIPAddress"));
    JsonObject oem = session.getJsonObject("Oem").getJsonObject("SessionGate");
    assertEquals(READER, oem.getString("UserAccount"));
    assertEquals("127.0.0.1", oem.getString("UserIP"));
    assertEquals("Redfish", oem.getString("UserTag"));
    assertEquals(true, oem.getBoolean("MySession"));
    assertEquals("#SessionGateSession.v1_0_0.Session", oem.getString("@odata.type"));
    assertEquals(Set.of("@odata.type", "UserAccount", "LoginTime", "UserIP", "UserTag", "MySession"), oem.fieldNames(),
      "the seed's fields and the type naming the OEM schema, nothing else");
    assertTrue(oem.getString("LoginTime").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
    assertEquals(oem.getString("LoginTime").replace(' ', 'T') + "+00:00", session.getString("CreatedTime"));
    String text = created.bodyAsString();
    assertFalse(text.contains(READER_PASSWORD) || text.contains(token) || text.contains("Password")
      || text.contains("Token"), "neither password nor token in the body");

    HttpResponse<Buffer> read = redfish().withToken(HttpMethod.GET, created.getHeader("Location"), token);
    assertEquals(200, read.statusCode(), read.bodyAsString());
    assertFalse(read.bodyAsString().contains(token));
  }

  @Test
  void aLoginThroughMembersIsTheSame() {
    HttpResponse<Buffer> created = redfish().post(SESSIONS + "/Members",
      new JsonObject().put("UserName", READER).put("Password", READER_PASSWORD));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertNotNull(created.getHeader("X-Auth-Token"));
    assertEquals(created.bodyAsJsonObject().getString("@odata.id"), created.getHeader("Location"));
    assertEquals(200, redfish().withToken(HttpMethod.GET, SERVICE, created.getHeader("X-Auth-Token")).statusCode());
  }

  @Test
  void wrongCredentialsAre401WithTheSameAnswerForAnUnknownUser() {
    JsonObject wrong = error(redfish().createSession(READER, "not-the-password"), 401);
    JsonObject unknown = error(redfish().createSession("nobody-here", "not-the-password"), 401);
    assertEquals(wrong.getString("message"), unknown.getString("message"));
    assertEquals("NoValidSession", messageKey(wrong));
  }

  @Test
  void aMissingOrMistypedPropertyIs400NamingIt() {
    JsonObject missing = error(redfish().post(SESSIONS, new JsonObject().put("Password", "x")), 400);
    assertEquals("PropertyMissing", messageKey(missing));
    JsonObject info = missing.getJsonArray("@Message.ExtendedInfo").getJsonObject(0);
    assertEquals(new JsonArray().add("#/UserName"), info.getJsonArray("RelatedProperties"));
    assertEquals(new JsonArray().add("UserName"), info.getJsonArray("MessageArgs"));

    JsonObject mistyped = error(redfish().post(SESSIONS, new JsonObject().put("UserName", READER).put("Password", 42)), 400);
    assertEquals("PropertyValueTypeError", messageKey(mistyped));
    assertEquals(new JsonArray().add("#/Password"),
      mistyped.getJsonArray("@Message.ExtendedInfo").getJsonObject(0).getJsonArray("RelatedProperties"));

    JsonObject unknown = error(redfish().post(SESSIONS, new JsonObject().put("UserName", READER)
      .put("Password", READER_PASSWORD).put("Token", "mine")), 400);
    assertEquals("PropertyUnknown", messageKey(unknown));

    HttpResponse<Buffer> malformed = redfish().send(redfish().request(HttpMethod.POST, SESSIONS)
      .putHeader("Content-Type", "application/json"));
    error(malformed, 400);
    JsonObject broken = error(gateway().sendRaw(redfish().request(HttpMethod.POST, SESSIONS), "application/json",
      "{\"UserName\": \"x\",}"), 400);
    assertEquals("MalformedJSON", messageKey(broken));
  }

  @Test
  void everyOtherResourceNeeds401WithWwwAuthenticateAndNoCookieCounts() {
    String token = redfish().login(READER, READER_PASSWORD).token();
    for (String uri : List.of(SERVICE, SESSIONS, "/redfish/v1/AccountService", "/redfish/v1/AccountService/Roles",
        "/redfish/v1/Registries", "/redfish/v1/Registries/Base", "/redfish/v1/Registries/Base/Base.1.18.2",
        "/redfish/v1/JsonSchemas", "/redfish/v1/JsonSchemas/Session",
        "/redfish/v1/JsonSchemas/SessionGateSession/SessionGateSession.v1_0_0.json",
        "/redfish/v1/schema/SessionGateSession_v1.xml")) {
      JsonObject refused = error(redfish().anonymous(HttpMethod.GET, uri), 401);
      assertEquals("NoValidSession", messageKey(refused));
    }
    error(redfish().withToken(HttpMethod.GET, SERVICE, "0".repeat(64)), 401);
    error(redfish().withToken(HttpMethod.GET, SERVICE, "not-a-token"), 401);
    error(redfish().send(redfish().request(HttpMethod.GET, SERVICE).putHeader("Cookie", "X-Auth-Token=" + token
      + "; SESSION=" + token)), 401);
    error(redfish().withBasic(HttpMethod.GET, SERVICE, READER, "wrong"), 401);
  }

  @Test
  void authenticationComesBeforeConditionalHeaders() {
    HttpResponse<Buffer> conditional = redfish().send(redfish().request(HttpMethod.GET, SESSIONS)
      .putHeader("If-None-Match", "*"));
    error(conditional, 401);
    HttpResponse<Buffer> etag = redfish().send(redfish().request(HttpMethod.GET, SERVICE)
      .putHeader("If-None-Match", "W/\"anything\"").putHeader("If-Modified-Since", "Sun, 22 Nov 2099 08:00:00 GMT"));
    error(etag, 401);
  }

  @Test
  void basicAuthenticationAndGatewayTokensAreAcceptedToo() {
    HttpResponse<Buffer> basic = redfish().withBasic(HttpMethod.GET, SESSIONS, READER, READER_PASSWORD);
    assertEquals(200, basic.statusCode(), basic.bodyAsString());
    String jwt = gateway().token(READER, READER_PASSWORD);
    assertEquals(200, redfish().withToken(HttpMethod.GET, SERVICE, jwt).statusCode());
    String session = redfish().login(READER, READER_PASSWORD).token();
    assertEquals(200, redfish().send(redfish().request(HttpMethod.GET, SERVICE).bearerTokenAuthentication(session))
      .statusCode());
  }

  @Test
  void anUnsupportedODataVersionIs412() {
    JsonObject refused = error(redfish().send(redfish().request(HttpMethod.GET, "/redfish/v1/")
      .putHeader("OData-Version", "4.01")), 412);
    assertEquals("HeaderInvalid", messageKey(refused));
    assertEquals(new JsonArray().add("OData-Version: 4.01"),
      refused.getJsonArray("@Message.ExtendedInfo").getJsonObject(0).getJsonArray("MessageArgs"));
    error(redfish().send(redfish().request(HttpMethod.GET, SERVICE).basicAuthentication(ADMIN, ADMIN_PASSWORD)
      .putHeader("OData-Version", "3.0")), 412);
    HttpResponse<Buffer> accepted = redfish().send(redfish().request(HttpMethod.GET, "/redfish/v1/")
      .putHeader("OData-Version", "4.0"));
    assertEquals(200, accepted.statusCode());
  }

  @Test
  void theSessionServiceTimeoutCanBeChangedWithinItsRange() {
    JsonObject service = redfish().withBasic(HttpMethod.GET, SERVICE, READER, READER_PASSWORD).bodyAsJsonObject();
    assertEquals("#SessionService.v1_1_8.SessionService", service.getString("@odata.type"));
    assertEquals(true, service.getBoolean("ServiceEnabled"));
    int original = service.getInteger("SessionTimeout");
    String admin = redfish().login(ADMIN, ADMIN_PASSWORD).token();

    for (int outOfRange : new int[] {29, 86_401}) {
      JsonObject refused = error(redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
        new JsonObject().put("SessionTimeout", outOfRange)), 400);
      assertEquals("PropertyValueOutOfRange", messageKey(refused));
    }
    JsonObject mistyped = error(redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject().put("SessionTimeout", "long")), 400);
    assertEquals("PropertyValueTypeError", messageKey(mistyped));

    HttpResponse<Buffer> patched = redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject().put("SessionTimeout", 600));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    assertEquals(600, patched.bodyAsJsonObject().getInteger("SessionTimeout"));
    assertEquals(600, redfish().withToken(HttpMethod.GET, SERVICE, admin).bodyAsJsonObject().getInteger("SessionTimeout"));

    HttpResponse<Buffer> mixed = redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject().put("SessionTimeout", original).put("Id", "Mine"));
    assertEquals(200, mixed.statusCode(), mixed.bodyAsString());
    assertEquals(original, mixed.bodyAsJsonObject().getInteger("SessionTimeout"));
    String notWritable = mixed.bodyAsJsonObject().getJsonArray("@Message.ExtendedInfo").getJsonObject(0)
      .getString("MessageId");
    assertTrue(notWritable.endsWith(".PropertyNotWritable"), notWritable);

    JsonObject unknown = error(redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject().put("Colour", "red")), 400);
    assertEquals("PropertyUnknown", messageKey(unknown));
    assertEquals("NoOperation", messageKey(error(redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject()), 400)));
  }

  @Test
  void onlyAnAdministratorChangesTheSessionService() {
    String operator = redfish().login(OPERATOR, OPERATOR_PASSWORD).token();
    JsonObject refused = error(redfish().withToken(HttpMethod.PATCH, SERVICE, operator,
      new JsonObject().put("SessionTimeout", 300)), 403);
    assertEquals("InsufficientPrivilege", messageKey(refused));
    error(redfish().send(redfish().request(HttpMethod.PATCH, SERVICE)
      .putHeader("Content-Type", "application/json")), 401);
  }

  @Test
  void aDisabledSessionServiceCreatesNoSessionButKeepsTheExistingOnes() {
    String admin = redfish().login(ADMIN, ADMIN_PASSWORD).token();
    HttpResponse<Buffer> disabled = redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject().put("ServiceEnabled", false));
    assertEquals(200, disabled.statusCode(), disabled.bodyAsString());
    try {
      error(redfish().createSession(READER, READER_PASSWORD), 503);
      assertEquals(200, redfish().withToken(HttpMethod.GET, SERVICE, admin).statusCode());
    } finally {
      assertEquals(200, redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
        new JsonObject().put("ServiceEnabled", true)).statusCode());
    }
    redfish().login(READER, READER_PASSWORD);
  }

  @Test
  void theCollectionListsOwnSessionsOrAllForAnAdministrator() {
    RedfishClient.Login mine = redfish().login(READER, READER_PASSWORD);
    RedfishClient.Login theirs = redfish().login(OTHER, OTHER_PASSWORD);
    JsonObject own = redfish().withToken(HttpMethod.GET, SESSIONS, mine.token()).bodyAsJsonObject();
    assertEquals("#SessionCollection.SessionCollection", own.getString("@odata.type"));
    List<String> ownIds = ids(own);
    assertTrue(ownIds.contains(mine.uri()));
    assertFalse(ownIds.contains(theirs.uri()));
    assertEquals(ownIds.size(), own.getInteger("Members@odata.count"));
    List<String> all = ids(redfish().withBasic(HttpMethod.GET, SESSIONS, ADMIN, ADMIN_PASSWORD).bodyAsJsonObject());
    assertTrue(all.contains(mine.uri()) && all.contains(theirs.uri()));
  }

  private static Boolean mySession(HttpResponse<Buffer> session) {
    assertEquals(200, session.statusCode(), session.bodyAsString());
    return session.bodyAsJsonObject().getJsonObject("Oem").getJsonObject("SessionGate").getBoolean("MySession");
  }

  @Test
  void aSessionIsReadByItsOwnerOrAnAdministratorOnly() {
    RedfishClient.Login mine = redfish().login(READER, READER_PASSWORD);
    String other = redfish().login(OTHER, OTHER_PASSWORD).token();
    assertEquals("InsufficientPrivilege", messageKey(error(redfish().withToken(HttpMethod.GET, mine.uri(), other), 403)));
    // Read by its owner first and after: each viewer gets its own rendering of the document.
    assertEquals(true, mySession(redfish().withToken(HttpMethod.GET, mine.uri(), mine.token())));
    HttpResponse<Buffer> byAdmin = redfish().withBasic(HttpMethod.GET, mine.uri(), ADMIN, ADMIN_PASSWORD);
    assertEquals(200, byAdmin.statusCode());
    assertEquals(false, mySession(byAdmin));
    assertEquals(true, mySession(redfish().withToken(HttpMethod.GET, mine.uri(), mine.token())));
    assertEquals("ResourceNotFound", messageKey(error(redfish().withToken(HttpMethod.GET, SESSIONS + "/"
      + "ab".repeat(24), mine.token()), 404)));
  }

  @Test
  void deleteLogsOutAndTheTokenIsRefusedAtOnce() {
    RedfishClient.Login mine = redfish().login(READER, READER_PASSWORD);
    String other = redfish().login(OTHER, OTHER_PASSWORD).token();
    error(redfish().withToken(HttpMethod.DELETE, mine.uri(), other), 403);
    error(redfish().anonymous(HttpMethod.DELETE, mine.uri()), 401);
    assertEquals(200, redfish().withToken(HttpMethod.GET, SERVICE, mine.token()).statusCode(), "the token is cached");

    HttpResponse<Buffer> deleted = redfish().withToken(HttpMethod.DELETE, mine.uri(), mine.token());
    assertEquals(204, deleted.statusCode(), deleted.bodyAsString());
    assertEquals("4.0", deleted.getHeader("OData-Version"));
    error(redfish().withToken(HttpMethod.GET, SERVICE, mine.token()), 401);
    error(redfish().withBasic(HttpMethod.GET, mine.uri(), ADMIN, ADMIN_PASSWORD), 404);
    error(redfish().withBasic(HttpMethod.DELETE, mine.uri(), ADMIN, ADMIN_PASSWORD), 404);
    assertFalse(ids(redfish().withBasic(HttpMethod.GET, SESSIONS, ADMIN, ADMIN_PASSWORD).bodyAsJsonObject())
      .contains(mine.uri()));
  }

  @Test
  void anAdministratorEndsAnotherUsersSession() {
    RedfishClient.Login theirs = redfish().login(OTHER, OTHER_PASSWORD);
    String admin = redfish().login(ADMIN, ADMIN_PASSWORD).token();
    assertEquals(204, redfish().withToken(HttpMethod.DELETE, theirs.uri(), admin).statusCode());
    error(redfish().withToken(HttpMethod.GET, SESSIONS, theirs.token()), 401);
    assertEquals(200, redfish().withToken(HttpMethod.GET, SESSIONS, admin).statusCode(), "the admin's own goes on");
  }

  @Test
  void aPasswordChangeEndsTheUsersSessions() {
    redfish().ensureUser("changer", "first-password", null);
    String token = redfish().login("changer", "first-password").token();
    assertEquals(200, redfish().withToken(HttpMethod.GET, SERVICE, token).statusCode());
    HttpResponse<Buffer> changed = gateway().send(gateway().request(HttpMethod.PATCH, "/admin/users/changer")
      .basicAuthentication(ADMIN, ADMIN_PASSWORD), new JsonObject().put("password", "second-password"));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    error(redfish().withToken(HttpMethod.GET, SERVICE, token), 401);
  }

  @Test
  void thePredefinedRolesAreServedReadOnly() {
    JsonObject roles = redfish().withBasic(HttpMethod.GET, "/redfish/v1/AccountService/Roles", READER, READER_PASSWORD)
      .bodyAsJsonObject();
    assertEquals(3, roles.getInteger("Members@odata.count"));
    JsonObject admin = redfish().withBasic(HttpMethod.GET, "/redfish/v1/AccountService/Roles/Administrator",
      READER, READER_PASSWORD).bodyAsJsonObject();
    assertEquals(new JsonArray().add("Login").add("ConfigureManager").add("ConfigureUsers").add("ConfigureComponents")
      .add("ConfigureSelf"), admin.getJsonArray("AssignedPrivileges"));
    error(redfish().withBasic(HttpMethod.GET, "/redfish/v1/AccountService/Roles/Nobody", READER, READER_PASSWORD), 404);
    HttpResponse<Buffer> patch = redfish().send(redfish().request(HttpMethod.PATCH,
      "/redfish/v1/AccountService/Roles/ReadOnly").basicAuthentication(ADMIN, ADMIN_PASSWORD));
    error(patch, 405);
    assertNotNull(patch.getHeader("Allow"));
    String operatorRoles = redfish().login(OPERATOR, OPERATOR_PASSWORD).body().getJsonArray("Roles").getString(0);
    assertEquals("Operator", operatorRoles);
    assertEquals("Administrator", redfish().login(ADMIN, ADMIN_PASSWORD).body().getJsonArray("Roles").getString(0));
  }

  @Test
  void unknownRedfishPathsAre404InTheRedfishFormat() {
    JsonObject missing = error(redfish().withBasic(HttpMethod.GET, "/redfish/v1/NoSuchService", ADMIN, ADMIN_PASSWORD), 404);
    assertEquals("ResourceMissingAtURI", messageKey(missing));
    assertNull(missing.getValue("detail"));
  }

  @Test
  void resourcesNameTheirMethodsAndSchemaAndRefuseTheRest() {
    HttpResponse<Buffer> root = redfish().anonymous(HttpMethod.GET, "/redfish/v1/");
    assertEquals("GET", root.getHeader("Allow"));
    assertEquals("<https://redfish.dmtf.org/schemas/v1/ServiceRoot.v1_8_0.json>; rel=describedby", root.getHeader("Link"));
    HttpResponse<Buffer> sessions = redfish().withBasic(HttpMethod.GET, SESSIONS, ADMIN, ADMIN_PASSWORD);
    assertEquals("GET, POST", sessions.getHeader("Allow"));
    assertTrue(sessions.getHeader("Link").contains("/SessionCollection.json>"), sessions.getHeader("Link"));
    for (HttpMethod method : List.of(HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.POST)) {
      HttpResponse<Buffer> refused = redfish().withBasic(method, "/redfish/v1/", ADMIN, ADMIN_PASSWORD);
      error(refused, 405);
      assertEquals("GET", refused.getHeader("Allow"));
    }
  }

  @Test
  void unknownQueryParametersAreIgnoredButODataOnesAre501() {
    assertEquals(200, redfish().anonymous(HttpMethod.GET, "/redfish/v1/?rpvunknown").statusCode());
    assertEquals("QueryNotSupported", messageKey(error(redfish().anonymous(HttpMethod.GET, "/redfish/v1/?$top=1"), 501)));
    error(redfish().withBasic(HttpMethod.GET, SESSIONS + "?$expand=*", ADMIN, ADMIN_PASSWORD), 501);
    error(redfish().anonymous(HttpMethod.GET, SESSIONS + "?$expand=*"), 401);
  }

  @Test
  void theBaseRegistryAtItsServedLocationDefinesEveryMessageIdTheServiceEmits() {
    JsonObject root = redfish().anonymous(HttpMethod.GET, "/redfish/v1/").bodyAsJsonObject();
    JsonObject registries = get(root.getJsonObject("Registries").getString("@odata.id"));
    assertEquals("#MessageRegistryFileCollection.MessageRegistryFileCollection", registries.getString("@odata.type"));
    JsonObject base = null;
    for (String member : ids(registries)) {
      JsonObject file = get(member);
      if (file.getString("Id").equals("Base")) {
        base = file;
      }
    }
    assertNotNull(base, "the collection has the Base registry file");
    assertEquals("/redfish/v1/Registries/Base", base.getString("@odata.id"));
    JsonObject location = base.getJsonArray("Location").getJsonObject(0);
    assertEquals("en", location.getString("Language"));
    JsonObject registry = get(location.getString("Uri"));
    assertEquals("Base", registry.getString("RegistryPrefix"));
    assertEquals(base.getString("Registry"), majorMinor(registry.getString("Id")));
    assertTrue(location.getString("PublicationUri").endsWith("/registries/" + registry.getString("Id") + ".json"));
    JsonObject messages = registry.getJsonObject("Messages");
    for (BaseMessage emitted : BaseMessage.values()) {
      String id = emitted.messageId();
      assertEquals(base.getString("Registry"), id.substring(0, id.lastIndexOf('.')), id + " cites the served registry");
      JsonObject message = messages.getJsonObject(id.substring(id.lastIndexOf('.') + 1));
      assertNotNull(message, id + " is defined by " + registry.getString("Id"));
      assertNotNull(message.getString("Message"));
    }
  }

  /**
   * Every MessageId the slice can be made to emit by a request, each checked by {@link RedfishClient#error} (or
   * here, for a 200's ExtendedInfo) against the served registry: as many MessageArgs as its NumberOfArgs, and
   * its Message the registry's text with them. The rest ({@link #NOT_REACHABLE_BY_A_REQUEST}) are checked in
   * {@link RedfishErrorFormatTest}, ServiceTemporarilyUnavailable also over HTTP in StoreOutageTest.
   */
  @Test
  void everyBaseMessageIsEmittedWithTheRegistrysArgsAndText() {
    assertEquals(RedfishMessages.registry(), get(RedfishPublications.BASE_REGISTRY_URI),
      "the registry the messages are checked against is the one served");
    String admin = redfish().login(ADMIN, ADMIN_PASSWORD).token();
    String operator = redfish().login(OPERATOR, OPERATOR_PASSWORD).token();
    Set<String> emitted = new HashSet<>();
    java.util.function.BiFunction<HttpResponse<Buffer>, Integer, JsonArray> args = (response, status) -> {
      JsonObject error = error(response, status);
      emitted.add(messageKey(error));
      return error.getJsonArray("@Message.ExtendedInfo").getJsonObject(0).getJsonArray("MessageArgs");
    };

    assertEquals(new JsonArray(), args.apply(gateway().sendRaw(redfish().request(HttpMethod.POST, SESSIONS),
      "application/json", "{\"UserName\": \"x\",}"), 400));
    assertEquals(new JsonArray().add("UserName"),
      args.apply(redfish().post(SESSIONS, new JsonObject().put("Password", "x")), 400));
    assertEquals(new JsonArray().add("42").add("Password"), args.apply(redfish().post(SESSIONS,
      new JsonObject().put("UserName", READER).put("Password", 42)), 400));
    assertEquals(new JsonArray().add("Token"), args.apply(redfish().post(SESSIONS, new JsonObject()
      .put("UserName", READER).put("Password", READER_PASSWORD).put("Token", "mine")), 400));
    String longName = "u".repeat(256);
    assertEquals(new JsonArray().add(longName).add("UserName"), args.apply(redfish().post(SESSIONS,
      new JsonObject().put("UserName", longName).put("Password", "x")), 400));
    assertEquals(new JsonArray().add("29").add("SessionTimeout"), args.apply(redfish().withToken(HttpMethod.PATCH,
      SERVICE, admin, new JsonObject().put("SessionTimeout", 29)), 400));
    assertEquals(new JsonArray().add("long").add("SessionTimeout"), args.apply(
      redfish().withToken(HttpMethod.PATCH, SERVICE, admin, new JsonObject().put("SessionTimeout", "long")), 400));
    assertEquals(new JsonArray().add("Id"), args.apply(redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject().put("Id", "Mine")), 400));
    int timeout = get(SERVICE).getInteger("SessionTimeout");
    HttpResponse<Buffer> partly = redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject().put("SessionTimeout", timeout).put("Name", "Mine"));
    assertEquals(200, partly.statusCode(), partly.bodyAsString());
    emitted.addAll(RedfishMessages.assertRegistryMessages(partly.bodyAsJsonObject()).stream().map(String::valueOf).toList());
    assertEquals(new JsonArray().add("Name"), partly.bodyAsJsonObject().getJsonArray("@Message.ExtendedInfo")
      .getJsonObject(0).getJsonArray("MessageArgs"));
    assertEquals(new JsonArray(), args.apply(redfish().withToken(HttpMethod.PATCH, SERVICE, admin, new JsonObject()), 400));
    String longId = "s".repeat(256);
    assertEquals(new JsonArray().add(longId).add("SessionId"),
      args.apply(redfish().withToken(HttpMethod.GET, SESSIONS + "/" + longId, admin), 400));
    args.apply(redfish().anonymous(HttpMethod.GET, SERVICE), 401);
    args.apply(redfish().withToken(HttpMethod.PATCH, SERVICE, operator, new JsonObject().put("SessionTimeout", 300)), 403);
    assertEquals(new JsonArray().add("Session").add("nothere"),
      args.apply(redfish().withToken(HttpMethod.GET, SESSIONS + "/nothere", admin), 404));
    assertEquals(new JsonArray().add("Role").add("Nobody"),
      args.apply(redfish().withToken(HttpMethod.GET, "/redfish/v1/AccountService/Roles/Nobody", admin), 404));
    assertEquals(new JsonArray().add("/redfish/v1/NoSuchService"),
      args.apply(redfish().withToken(HttpMethod.GET, "/redfish/v1/NoSuchService", admin), 404));
    assertEquals(new JsonArray().add("/redfish/v1/Registries/Task"),
      args.apply(redfish().withToken(HttpMethod.GET, "/redfish/v1/Registries/Task", admin), 404));
    args.apply(redfish().withToken(HttpMethod.DELETE, "/redfish/v1/", admin), 405);
    args.apply(redfish().anonymous(HttpMethod.GET, "/redfish/v1/?$top=1"), 501);
    assertEquals(new JsonArray().add("OData-Version: 3.0"), args.apply(redfish().send(redfish()
      .request(HttpMethod.GET, "/redfish/v1/").putHeader("OData-Version", "3.0")), 412));
    args.apply(gateway().sendRaw(redfish().request(HttpMethod.POST, SESSIONS), "text/plain", "UserName=x"), 415);
    args.apply(redfish().send(redfish().request(HttpMethod.POST, SESSIONS).putHeader("Content-Type", "application/json")), 400);
    args.apply(gateway().sendRaw(redfish().request(HttpMethod.POST, SESSIONS), "application/json",
      "{\"UserName\": \"" + "x".repeat(1_100_000) + "\"}"), 413);
    assertEquals(200, redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
      new JsonObject().put("ServiceEnabled", false)).statusCode());
    try {
      assertEquals(new JsonArray().add(SERVICE), args.apply(redfish().createSession(READER, READER_PASSWORD), 503));
    } finally {
      assertEquals(200, redfish().withToken(HttpMethod.PATCH, SERVICE, admin,
        new JsonObject().put("ServiceEnabled", true)).statusCode());
    }

    Set<String> expected = new HashSet<>();
    for (BaseMessage message : BaseMessage.values()) {
      expected.add(message.key());
    }
    expected.removeAll(NOT_REACHABLE_BY_A_REQUEST);
    assertEquals(expected, emitted);
  }

  /** Base messages no request to this slice's own resources can bring about (see RedfishErrorFormatTest). */
  static final Set<String> NOT_REACHABLE_BY_A_REQUEST = Set.of(
    // No writable property of the contract is an enumeration.
    "PropertyValueNotInList",
    // The OData-Version refusal is HeaderInvalid; only the aggregation's Aggregates have an ETag (AggregationContract
    // checks their 412 against the registry).
    "PreconditionFailed",
    // No resource is created by a client-chosen key.
    "ResourceAlreadyExists",
    // Only a store outage (StoreOutageTest) or a rate limit answers it.
    "ServiceTemporarilyUnavailable",
    // Only a bug answers it.
    "InternalError",
    // The aggregation's, about BMCs (AggregationContract checks them against the registry too).
    "CouldNotEstablishConnection",
    "Success",
    // The aggregation's, about an aggregate's Elements (AggregationContract checks it against the registry).
    "PropertyValueIncorrect");

  @Test
  void everyTypeServedHasItsJsonSchemaFileAndItsNamespaceInMetadata() {
    String metadata = redfish().anonymous(HttpMethod.GET, "/redfish/v1/$metadata").bodyAsString();
    Set<String> included = new HashSet<>();
    Matcher include = Pattern.compile("<edmx:Include Namespace=\"([^\"]+)\"").matcher(metadata);
    while (include.find()) {
      included.add(include.group(1));
    }
    JsonObject schemas = get(redfish().anonymous(HttpMethod.GET, "/redfish/v1/").bodyAsJsonObject()
      .getJsonObject("JsonSchemas").getString("@odata.id"));
    Set<String> described = new HashSet<>();
    for (String member : ids(schemas)) {
      JsonObject file = get(member);
      described.add(file.getString("Schema"));
      JsonObject location = file.getJsonArray("Location").getJsonObject(0);
      assertTrue(location.containsKey("Uri") || location.getString("PublicationUri").startsWith("http://redfish.dmtf.org/"),
        file.encode());
    }
    RedfishClient.Login login = redfish().login(READER, READER_PASSWORD);
    List<String> types = new ArrayList<>();
    for (String uri : List.of("/redfish/v1/", SERVICE, SESSIONS, login.uri(), "/redfish/v1/AccountService",
        "/redfish/v1/AccountService/Roles", "/redfish/v1/AccountService/Roles/ReadOnly", "/redfish/v1/Registries",
        "/redfish/v1/Registries/Base", "/redfish/v1/Registries/Base/Base.1.18.2", "/redfish/v1/JsonSchemas",
        "/redfish/v1/JsonSchemas/Session")) {
      collectTypes(get(uri), types);
    }
    collectTypes(error(redfish().withBasic(HttpMethod.GET, "/redfish/v1/Nothing", ADMIN, ADMIN_PASSWORD), 404), types);
    assertTrue(types.contains("#SessionGateSession.v1_0_0.Session"), types.toString());
    assertTrue(types.contains("#Message.v1_1_1.Message"), types.toString());
    for (String type : types) {
      assertTrue(described.contains(type), type + " has a JsonSchemaFile");
      String[] parts = type.substring(1).split("\\.");
      assertTrue(included.contains(parts[0]), parts[0] + " referenced by $metadata");
      if (parts.length == 3) {
        assertTrue(included.contains(parts[0] + "." + parts[1]), parts[0] + "." + parts[1] + " referenced by $metadata");
      }
    }
  }

  @Test
  void theOemSchemaIsServedAsCsdlAndJsonSchema() {
    String metadata = redfish().anonymous(HttpMethod.GET, "/redfish/v1/$metadata").bodyAsString();
    Matcher reference = Pattern.compile("<edmx:Reference Uri=\"([^\"]+)\">\\s*<edmx:Include Namespace=\"SessionGateSession\"/>")
      .matcher(metadata);
    assertTrue(reference.find(), metadata);
    HttpResponse<Buffer> csdl = redfish().withBasic(HttpMethod.GET, reference.group(1), READER, READER_PASSWORD);
    assertEquals(200, csdl.statusCode(), reference.group(1));
    assertEquals("application/xml", csdl.getHeader("Content-Type"));
    assertTrue(csdl.bodyAsString().contains("<Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" "
      + "Namespace=\"SessionGateSession.v1_0_0\">"));
    assertTrue(csdl.bodyAsString().contains("<ComplexType Name=\"Session\" BaseType=\"Resource.OemObject\">"));
    JsonObject file = get("/redfish/v1/JsonSchemas/SessionGateSession");
    assertEquals("#SessionGateSession.v1_0_0.Session", file.getString("Schema"));
    JsonObject schema = get(file.getJsonArray("Location").getJsonObject(0).getString("Uri"));
    assertEquals("#SessionGateSession.v1_0_0.Session", schema.getString("title"));
    JsonObject properties = schema.getJsonObject("definitions").getJsonObject("Session").getJsonObject("properties");
    assertEquals(Set.of("UserAccount", "LoginTime", "UserIP", "UserTag", "MySession"), properties.fieldNames());
    for (String property : properties.fieldNames()) {
      assertTrue(csdl.bodyAsString().contains("<Property Name=\"" + property + "\""), property + " in the CSDL too");
    }
    error(redfish().withBasic(HttpMethod.GET, "/redfish/v1/JsonSchemas/Session/Session.v1_7_0.json", READER,
      READER_PASSWORD), 404);
    error(redfish().withBasic(HttpMethod.GET, "/redfish/v1/JsonSchemas/Nothing", READER, READER_PASSWORD), 404);
    error(redfish().withBasic(HttpMethod.GET, "/redfish/v1/Registries/Task", READER, READER_PASSWORD), 404);
    error(redfish().withBasic(HttpMethod.GET, "/redfish/v1/Registries/Base/Base.1.0.0", READER, READER_PASSWORD), 404);
    error(redfish().withBasic(HttpMethod.GET, "/redfish/v1/schema/Session_v1.xml", READER, READER_PASSWORD), 404);
  }

  private JsonObject get(String uri) {
    HttpResponse<Buffer> response = redfish().withBasic(HttpMethod.GET, uri, ADMIN, ADMIN_PASSWORD);
    assertEquals(200, response.statusCode(), uri + ": " + response.bodyAsString());
    assertEquals("4.0", response.getHeader("OData-Version"), uri);
    return response.bodyAsJsonObject();
  }

  private static String majorMinor(String registryId) {
    return registryId.substring(0, registryId.lastIndexOf('.'));
  }

  /** Every @odata.type in {@code json}, nested objects and arrays included. */
  private static void collectTypes(Object json, List<String> types) {
    if (json instanceof JsonObject object) {
      if (object.getValue("@odata.type") instanceof String type) {
        types.add(type);
      }
      object.forEach(member -> collectTypes(member.getValue(), types));
    } else if (json instanceof JsonArray array) {
      array.forEach(item -> collectTypes(item, types));
    }
  }

  private static List<String> ids(JsonObject collection) {
    return collection.getJsonArray("Members").stream().map(m -> ((JsonObject) m).getString("@odata.id")).toList();
  }
}
