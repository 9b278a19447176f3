package io.sessiongate.redfish;

import io.sessiongate.core.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The Redfish resources this service serves, rendered as instances of the {@link RedfishSchema}s, and the
 * CSDL $metadata that references exactly those schemas.
 */
final class RedfishDocuments {
  static final String ROOT = "/redfish/v1";
  static final String SESSION_SERVICE = ROOT + "/SessionService";
  static final String SESSIONS = SESSION_SERVICE + "/Sessions";
  static final String ACCOUNT_SERVICE = ROOT + "/AccountService";
  static final String ROLES = ACCOUNT_SERVICE + "/Roles";
  static final String REGISTRIES = ROOT + "/Registries";
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
    if (resource.equals(ROOT + "/AggregationService/AggregationSources")) {
      return "GET, POST";
    }
    if (resource.startsWith(ROOT + "/AggregationService/AggregationSources/")) {
      return "GET, DELETE";
    }
    if (resource.equals(ROOT + "/AggregationService/Aggregates")) {
      return "GET, POST";
    }
    if (resource.startsWith(ROOT + "/AggregationService/Aggregates/")) {
      return resource.contains("/Actions/") ? "POST" : "GET, DELETE";
    }
    if (resource.startsWith(ROOT + "/AggregationService/Actions/")) {
      return "POST";
    }
    return resource.equals(SESSION_SERVICE) ? "GET, PATCH" : "GET";
  }

  static JsonObject versions() {
    return new JsonObject().put("v1", ROOT + "/");
  }

  static JsonObject serviceRoot() {
    JsonObject root = resource(RedfishSchema.SERVICE_ROOT, ROOT + "/")
      .put("Id", "RootService")
      .put("Name", "Root Service")
      .put("RedfishVersion", REDFISH_VERSION)
      .put("Product", "SessionGate")
      .put("Vendor", "SessionGate")
      .put("SessionService", link(SESSION_SERVICE))
      .put("AccountService", link(ACCOUNT_SERVICE))
      .put("Registries", link(REGISTRIES))
      .put("JsonSchemas", link(RedfishSchema.JSON_SCHEMAS))
      .put("AggregationService", link(ROOT + "/AggregationService"))
      .put("Tasks", link(ROOT + "/TaskService"))
      .put("Links", new JsonObject().put("Sessions", link(SESSIONS)))
      .put("ProtocolFeaturesSupported", new JsonObject()
        .put("ExcerptQuery", false)
        .put("ExpandQuery", new JsonObject().put("ExpandAll", false).put("Levels", false).put("Links", false)
          .put("NoLinks", false))
        .put("FilterQuery", false)
        .put("OnlyMemberQuery", false)
        .put("SelectQuery", false));
    for (RedfishFleetDocuments.Merged merged : RedfishFleetDocuments.Merged.values()) {
      root.put(merged.collection(), link(merged.uri()));
    }
    return root;
  }

  static JsonObject odataServiceDocument() {
    JsonArray value = new JsonArray()
        .add(singleton("Service", ROOT + "/"))
        .add(singleton("SessionService", SESSION_SERVICE))
        .add(singleton("Sessions", SESSIONS))
        .add(singleton("AccountService", ACCOUNT_SERVICE))
        .add(singleton("Registries", REGISTRIES))
        .add(singleton("JsonSchemas", RedfishSchema.JSON_SCHEMAS))
        .add(singleton("AggregationService", ROOT + "/AggregationService"))
        .add(singleton("Tasks", ROOT + "/TaskService"));
    for (RedfishFleetDocuments.Merged merged : RedfishFleetDocuments.Merged.values()) {
      value.add(singleton(merged.collection(), merged.uri()));
    }
    return new JsonObject().put("@odata.context", ROOT + "/$metadata").put("value", value);
  }

  static String metadata() {
    StringBuilder xml = new StringBuilder()
      .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
      .append("<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\">\n");
    for (RedfishSchema schema : RedfishSchema.values()) {
      reference(xml, schema.csdlUri(), schema.namespaces());
    }
    // Every resource's base types (Resource.v1_0_0.Resource, Resource.Oem, Resource.OemObject, Status).
    reference(xml, RedfishSchema.DMTF_SCHEMAS + "Resource_v1.xml", List.of("Resource", "Resource.v1_0_0"));
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
    return resource(RedfishSchema.SESSION_SERVICE, SESSION_SERVICE)
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
    return collection(RedfishSchema.SESSION_COLLECTION, SESSIONS, "Session Collection",
      new JsonArray(sessions.stream().map(s -> link(s.uri())).toList()));
  }

  JsonObject session(RedfishSession session, Principal viewer) {
    String loginTime = LOGIN_TIME.format(Instant.ofEpochMilli(session.createdAt()));
    return resource(RedfishSchema.SESSION, session.uri())
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
        .put("@odata.type", RedfishSchema.OEM_SESSION.odataType())
        .put("UserAccount", session.userName())
        .put("LoginTime", loginTime)
        .put("UserIP", session.clientAddress())
        .put("UserTag", "Redfish")
        .put("MySession", viewer == null || viewer.login().equals(session.userName()))));
  }

  static JsonObject accountService() {
    return resource(RedfishSchema.ACCOUNT_SERVICE, ACCOUNT_SERVICE)
      .put("Id", "AccountService")
      .put("Name", "Account Service")
      .put("Description", "Roles of the gateway's users; accounts are managed with the gateway's admin API.")
      .put("ServiceEnabled", true)
      .put("Roles", link(ROLES));
  }

  static JsonObject roleCollection() {
    return collection(RedfishSchema.ROLE_COLLECTION, ROLES, "Roles Collection",
      new JsonArray(java.util.Arrays.stream(RedfishRole.values()).map(r -> link(ROLES + "/" + r.name())).toList()));
  }

  static JsonObject role(RedfishRole role) {
    return resource(RedfishSchema.ROLE, ROLES + "/" + role.name())
      .put("Id", role.name())
      .put("Name", "User Role")
      .put("Description", role.name() + " User Role")
      .put("RoleId", role.name())
      .put("IsPredefined", true)
      .put("AssignedPrivileges", new JsonArray(role.privileges()))
      .put("OemPrivileges", new JsonArray());
  }

  static JsonObject resource(RedfishSchema schema, String id) {
    String type = schema.namespace();
    return new JsonObject()
      .put("@odata.context", ROOT + "/$metadata#" + type + "." + type)
      .put("@odata.id", id)
      .put("@odata.type", schema.odataType());
  }

  static JsonObject collection(RedfishSchema schema, String id, String name, JsonArray members) {
    return resource(schema, id)
      .put("Name", name)
      .put("Members", members)
      .put("Members@odata.count", members.size());
  }

  static JsonObject link(String id) {
    return new JsonObject().put("@odata.id", id);
  }

  private static JsonObject singleton(String name, String url) {
    return new JsonObject().put("name", name).put("kind", "Singleton").put("url", url);
  }

  private static void reference(StringBuilder xml, String uri, List<String> namespaces) {
    xml.append("  <edmx:Reference Uri=\"").append(uri).append("\">\n");
    for (String namespace : namespaces) {
      xml.append("    <edmx:Include Namespace=\"").append(namespace).append("\"/>\n");
    }
    xml.append("  </edmx:Reference>\n");
  }
}
