package io.sessiongate.redfish;

import java.util.List;

/**
 * The schemas of every type this service puts in an {@code @odata.type}: one list from which the
 * resources take their types, {@code $metadata} its references and {@code /redfish/v1/JsonSchemas} its
 * members, so none of them can name a schema the others leave out. DMTF's schemas are referenced by their
 * published URIs; the gateway's own OEM schema is packed in the jar and served.
 */
enum RedfishSchema {
  SERVICE_ROOT("ServiceRoot", "v1_8_0"),
  SESSION_SERVICE("SessionService", "v1_1_8"),
  SESSION_COLLECTION("SessionCollection", null),
  SESSION("Session", "v1_7_0"),
  ACCOUNT_SERVICE("AccountService", "v1_5_0"),
  ROLE_COLLECTION("RoleCollection", null),
  ROLE("Role", "v1_3_1"),
  MESSAGE("Message", "v1_1_1"),
  MESSAGE_REGISTRY_FILE_COLLECTION("MessageRegistryFileCollection", null),
  MESSAGE_REGISTRY_FILE("MessageRegistryFile", "v1_1_5"),
  /** The type of DMTF's Base.1.18.2 registry file as published. */
  MESSAGE_REGISTRY("MessageRegistry", "v1_7_0"),
  JSON_SCHEMA_FILE_COLLECTION("JsonSchemaFileCollection", null),
  JSON_SCHEMA_FILE("JsonSchemaFile", "v1_1_5"),
  /** The aggregation's merged collections (io.sessiongate.aggregation); their members are the BMCs'. */
  COMPUTER_SYSTEM_COLLECTION("ComputerSystemCollection", null),
  MANAGER_COLLECTION("ManagerCollection", null),
  CHASSIS_COLLECTION("ChassisCollection", null),
  FABRIC_COLLECTION("FabricCollection", null),
  FACILITY_COLLECTION("FacilityCollection", null),
  AGGREGATION_SERVICE("AggregationService", "v1_0_1"),
  AGGREGATION_SOURCE_COLLECTION("AggregationSourceCollection", null),
  AGGREGATION_SOURCE("AggregationSource", "v1_0_0"),
  CONNECTION_METHOD_COLLECTION("ConnectionMethodCollection", null),
  CONNECTION_METHOD("ConnectionMethod", "v1_0_0"),
  TASK_SERVICE("TaskService", "v1_1_0"),
  TASK_COLLECTION("TaskCollection", null),
  TASK("Task", "v1_4_0"),
  AGGREGATE_COLLECTION("AggregateCollection", null),
  AGGREGATE("Aggregate", "v1_0_3"),
  /**
   * The Atlas IES fields of a Session's {@code Oem.<vendor>} object (seed 003). Its namespace is the
   * gateway's whatever the configured vendor key is: the gateway, not the key's vendor, publishes it.
   */
  OEM_SESSION("SessionGateSession", "v1_0_0", "Session");

  static final String DMTF_SCHEMAS = "http://redfish.dmtf.org/schemas/v1/";
  /** Where the gateway serves the CSDL of its own schemas (bmcweb serves its CSDL under the same path). */
  static final String CSDL_PATH = RedfishDocuments.ROOT + "/schema/";
  static final String JSON_SCHEMAS = RedfishDocuments.ROOT + "/JsonSchemas";
  /** Where the gateway's own schemas (CSDL and JSON Schema) are packed in the jar. */
  static final String PACKED = "redfish/schemas/";

  private final String namespace;
  private final String version;
  private final String typeName;

  RedfishSchema(String namespace, String version) {
    this(namespace, version, namespace);
  }

  RedfishSchema(String namespace, String version, String typeName) {
    this.namespace = namespace;
    this.version = version;
    this.typeName = typeName;
  }

  /** The schema's name, also the Id of its JsonSchemaFile, e.g. {@code Session}. */
  String namespace() {
    return namespace;
  }

  /** e.g. {@code #Session.v1_7_0.Session}, {@code #SessionCollection.SessionCollection}. */
  String odataType() {
    return "#" + versionedNamespace() + "." + typeName;
  }

  /** The namespaces a CSDL reference must include for this type: the schema's and its version's. */
  List<String> namespaces() {
    return version == null ? List.of(namespace) : List.of(namespace, versionedNamespace());
  }

  /** The gateway's own schemas are served from the jar; DMTF's only by reference. */
  boolean packed() {
    return this == OEM_SESSION;
  }

  String csdlFile() {
    return namespace + "_v1.xml";
  }

  /** The URI $metadata references: DMTF's published file, or this service's copy of its own. */
  String csdlUri() {
    return (packed() ? CSDL_PATH : DMTF_SCHEMAS) + csdlFile();
  }

  String jsonSchemaFile() {
    return versionedNamespace() + ".json";
  }

  /** Where this service serves the JSON Schema, or null when only DMTF publishes it. */
  String servedJsonSchemaUri() {
    return packed() ? JSON_SCHEMAS + "/" + namespace + "/" + jsonSchemaFile() : null;
  }

  /** Where DMTF publishes the JSON Schema, or null for the gateway's own. */
  String publicationUri() {
    return packed() ? null : DMTF_SCHEMAS + jsonSchemaFile();
  }

  static RedfishSchema ofNamespace(String namespace) {
    for (RedfishSchema schema : values()) {
      if (schema.namespace.equals(namespace)) {
        return schema;
      }
    }
    return null;
  }

  private String versionedNamespace() {
    return version == null ? namespace : namespace + "." + version;
  }
}
