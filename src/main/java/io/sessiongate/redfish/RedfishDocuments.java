package io.sessiongate.redfish;

import io.sessiongate.core.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The Redfish resources this service serves, rendered as DMTF schema instances (ServiceRoot v1_5_0,
 * SessionService v1_1_8, SessionCollection, Session v1_7_0, AccountService v1_5_0, Role v1_3_1) and the
 * CSDL $metadata that references exactly those schemas.
 */
final class RedfishDocuments {
  static final String ROOT = "/redfish/v1";
  static final String SESSION_SERVICE = ROOT + "/SessionService";
  static final String SESSIONS = SESSION_SERVICE + "/Sessions";
  static final String ACCOUNT_SERVICE = ROOT + "/AccountService";
  static final String ROLES = ACCOUNT_SERVICE + "/Roles";
  static final String REDFISH_VERSION = "1.17.0";

  private static final DateTimeFormatter LOGIN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
    .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CREATED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
    .withZone(ZoneOffset.UTC);

  private final String oemVendor;

  RedfishDocuments(String oemVendor) {
    this.oemVendor = oemVendor;
  }

  /** The Allow header of a resource: what the contract serves at {@code path}. */
  static String allowedMethods(String path) {
    String resource = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (resource.equals(SESSIONS)) {
      return "GET, POST";
    }
    if (resource.startsWith(SESSIONS + "/")) {
      return "GET, DELETE";
    }
    return resource.equals(SESSION_SERVICE) ? "GET, PATCH" : "GET";
  }

  static JsonObject versions() {
    return new JsonObject().put("v1", ROOT + "/");
  }

  static JsonObject serviceRoot() {
    return resource("ServiceRoot", "#ServiceRoot.v1_5_0.ServiceRoot", ROOT + "/")
      .put("Id", "RootService")
      .put("Name", "Root Service")
      .put("RedfishVersion", REDFISH_VERSION)
      .put("Product", "SessionGate")
      .put("Vendor", "SessionGate")
      .put("SessionService", link(SESSION_SERVICE))
      .put("AccountService", link(ACCOUNT_SERVICE))
      .put("Links", new JsonObject().put("Sessions", link(SESSIONS)))
      .put("ProtocolFeaturesSupported", new JsonObject()
        .put("ExcerptQuery", false)
        .put("ExpandQuery", new JsonObject().put("ExpandAll", false).put("Levels", false).put("Links", false)
          .put("NoLinks", false))
        .put("FilterQuery", false)
        .put("OnlyMemberQuery", false)
        .put("SelectQuery", false));
  }

  static JsonObject odataServiceDocument() {
    return new JsonObject()
      .put("@odata.context", ROOT + "/$metadata")
      .put("value", new JsonArray()
        .add(singleton("Service", ROOT + "/"))
        .add(singleton("SessionService", SESSION_SERVICE))
        .add(singleton("Sessions", SESSIONS))
        .add(singleton("AccountService", ACCOUNT_SERVICE)));
  }

  static String metadata() {
    StringBuilder xml = new StringBuilder()
      .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
      .append("<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n");
    reference(xml, "ServiceRoot_v1", "ServiceRoot", "ServiceRoot.v1_5_0");
    reference(xml, "SessionService_v1", "SessionService", "SessionService.v1_1_8");
    reference(xml, "SessionCollection_v1", "SessionCollection");
    reference(xml, "Session_v1", "Session", "Session.v1_7_0");
    reference(xml, "AccountService_v1", "AccountService", "AccountService.v1_5_0");
    reference(xml, "RoleCollection_v1", "RoleCollection");
    reference(xml, "Role_v1", "Role", "Role.v1_3_1");
    reference(xml, "Message_v1", "Message", "Message.v1_1_1");
    reference(xml, "Resource_v1", "Resource", "Resource.v1_0_0");
    return xml
      .append("  <edmx:DataServices>\n")
      .append("    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"Service\">\n")
      .append("      <EntityContainer Name=\"Service\" Extends=\"ServiceRoot.v1_5_0.ServiceContainer\"/>\n")
      .append("    </Schema>\n")
      .append("  </edmx:DataServices>\n")
      .append("</edmx:Edmx>\n")
      .toString();
  }

  static JsonObject sessionService(SessionServiceSettings settings) {
    return resource("SessionService", "#SessionService.v1_1_8.SessionService", SESSION_SERVICE)
      .put("Id", "SessionService")
      .put("Name", "Session Service")
      .put("Description", "Session Service")
      .put("Status", new JsonObject().put("State", settings.serviceEnabled() ? "Enabled" : "Disabled")
        .put("Health", "OK"))
      .put("ServiceEnabled", settings.serviceEnabled())
      .put("SessionTimeout", settings.sessionTimeoutSeconds())
      .put("Sessions", link(SESSIONS));
  }

  static JsonObject sessionCollection(List<RedfishSession> sessions) {
    return collection("SessionCollection", SESSIONS, "Session Collection",
      new JsonArray(sessions.stream().map(s -> link(s.uri())).toList()));
  }

  JsonObject session(RedfishSession session, Principal viewer) {
    String loginTime = LOGIN_TIME.format(Instant.ofEpochMilli(session.createdAt()));
    return resource("Session", "#Session.v1_7_0.Session", session.uri())
      .put("Id", session.id())
      .put("Name", "User Session")
      .put("Description", "User Session")
      .put("UserName", session.userName())
      .put("Roles", new JsonArray(session.redfishRoles()))
      .put("Context", session.context())
      .put("ClientOriginIPAddress", session.clientAddress())
      .put("SessionType", "Redfish")
      .put("CreatedTime", CREATED_TIME.format(Instant.ofEpochMilli(session.createdAt())))
      .put("Oem", new JsonObject().put(oemVendor, new JsonObject()
        .put("UserAccount", session.userName())
        .put("LoginTime", loginTime)
        .put("UserIP", session.clientAddress())
        .put("UserTag", "Redfish")
        .put("MySession", viewer == null || viewer.login().equals(session.userName()))));
  }

  static JsonObject accountService() {
    return resource("AccountService", "#AccountService.v1_5_0.AccountService", ACCOUNT_SERVICE)
      .put("Id", "AccountService")
      .put("Name", "Account Service")
      .put("Description", "Roles of the gateway's users; accounts are managed with the gateway's admin API.")
      .put("ServiceEnabled", true)
      .put("Roles", link(ROLES));
  }

  static JsonObject roleCollection() {
    return collection("RoleCollection", ROLES, "Roles Collection",
      new JsonArray(java.util.Arrays.stream(RedfishRole.values()).map(r -> link(ROLES + "/" + r.name())).toList()));
  }

  static JsonObject role(RedfishRole role) {
    return resource("Role", "#Role.v1_3_1.Role", ROLES + "/" + role.name())
      .put("Id", role.name())
      .put("Name", "User Role")
      .put("Description", role.name() + " User Role")
      .put("RoleId", role.name())
      .put("IsPredefined", true)
      .put("AssignedPrivileges", new JsonArray(role.privileges()))
      .put("OemPrivileges", new JsonArray());
  }

  private static JsonObject resource(String type, String odataType, String id) {
    return new JsonObject()
      .put("@odata.context", ROOT + "/$metadata#" + type + "." + type)
      .put("@odata.id", id)
      .put("@odata.type", odataType);
  }

  private static JsonObject collection(String type, String id, String name, JsonArray members) {
    return resource(type, "#" + type + "." + type, id)
      .put("Name", name)
      .put("Members", members)
      .put("Members@odata.count", members.size());
  }

  private static JsonObject link(String id) {
    return new JsonObject().put("@odata.id", id);
  }

  private static JsonObject singleton(String name, String url) {
    return new JsonObject().put("name", name).put("kind", "Singleton").put("url", url);
  }

  private static void reference(StringBuilder xml, String file, String... namespaces) {
    xml.append("  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/").append(file).append(".xml\">\n");
    for (String namespace : namespaces) {
      xml.append("    <edmx:Include Namespace=\"").append(namespace).append("\"/>\n");
    }
    xml.append("  </edmx:Reference>\n");
  }
}
