package io.sessiongate.redfish;

import io.sessiongate.core.redfish.BaseMessage;
import io.sessiongate.core.redfish.RedfishSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a Redfish client needs to interpret this service, as a BMC publishes it: the message registries
 * of the MessageIds it emits ({@code /redfish/v1/Registries}: DMTF's Base registry, packed in the jar) and
 * the JSON Schemas of the types it serves ({@code /redfish/v1/JsonSchemas}: DMTF's by their published
 * URIs, the gateway's OEM schema packed and served). Packed files are named by their classpath location;
 * the handler reads them without blocking.
 */
final class RedfishPublications {
  static final String BASE_REGISTRY = "Base";
  /** DMTF's file name for the registry version {@link BaseMessage} cites, without ".json". */
  static final String BASE_REGISTRY_FILE = BASE_REGISTRY + "." + BaseMessage.REGISTRY_VERSION;
  static final String BASE_REGISTRY_URI = RedfishDocuments.REGISTRIES + "/" + BASE_REGISTRY + "/" + BASE_REGISTRY_FILE;
  private static final String DMTF_REGISTRIES = "http://redfish.dmtf.org/registries/";

  private RedfishPublications() {
  }

  static JsonObject registryCollection() {
    return RedfishDocuments.collection(RedfishSchema.MESSAGE_REGISTRY_FILE_COLLECTION, RedfishDocuments.REGISTRIES,
      "Registry File Collection", new JsonArray().add(RedfishDocuments.link(registryFileUri(BASE_REGISTRY))));
  }

  static Optional<JsonObject> registryFile(String id) {
    if (!id.equals(BASE_REGISTRY)) {
      return Optional.empty();
    }
    return Optional.of(RedfishDocuments.resource(RedfishSchema.MESSAGE_REGISTRY_FILE, registryFileUri(id))
      .put("Id", id)
      .put("Name", "Base Message Registry File")
      .put("Description", "DMTF's Base message registry, whose messages this service's errors cite.")
      .put("Languages", new JsonArray().add("en"))
      .put("Registry", BaseMessage.PREFIX.substring(0, BaseMessage.PREFIX.length() - 1))
      .put("Location", new JsonArray().add(new JsonObject()
        .put("Language", "en")
        .put("Uri", BASE_REGISTRY_URI)
        .put("PublicationUri", DMTF_REGISTRIES + BASE_REGISTRY_FILE + ".json"))));
  }

  /** The classpath location of the registry served at {@code /Registries/{id}/{file}}. */
  static Optional<String> packedRegistry(String id, String file) {
    return id.equals(BASE_REGISTRY) && file.equals(BASE_REGISTRY_FILE)
      ? Optional.of(BaseMessage.REGISTRY_RESOURCE) : Optional.empty();
  }

  static JsonObject schemaCollection() {
    return RedfishDocuments.collection(RedfishSchema.JSON_SCHEMA_FILE_COLLECTION, RedfishSchema.JSON_SCHEMAS,
      "JSON Schema File Collection", new JsonArray(Arrays.stream(RedfishSchema.values())
        .map(schema -> RedfishDocuments.link(schemaFileUri(schema))).toList()));
  }

  static Optional<JsonObject> schemaFile(String id) {
    return Optional.ofNullable(RedfishSchema.ofNamespace(id)).map(schema -> {
      JsonObject location = new JsonObject().put("Language", "en");
      if (schema.packed()) {
        location.put("Uri", schema.servedJsonSchemaUri());
      } else {
        location.put("PublicationUri", schema.publicationUri());
      }
      return RedfishDocuments.resource(RedfishSchema.JSON_SCHEMA_FILE, schemaFileUri(schema))
        .put("Id", schema.namespace())
        .put("Name", schema.namespace() + " Schema File")
        .put("Description", schema.packed() ? "SessionGate's OEM schema, served by this service."
          : "DMTF's schema, at its published URI.")
        .put("Languages", new JsonArray().add("en"))
        .put("Schema", schema.odataType())
        .put("Location", new JsonArray().add(location));
    });
  }

  /** The classpath location of the JSON Schema served at {@code /JsonSchemas/{id}/{file}}. */
  static Optional<String> packedJsonSchema(String id, String file) {
    RedfishSchema schema = RedfishSchema.ofNamespace(id);
    return schema != null && schema.packed() && schema.jsonSchemaFile().equals(file)
      ? Optional.of(RedfishSchema.PACKED + file) : Optional.empty();
  }

  /** The classpath location of the CSDL served at {@code /redfish/v1/schema/{file}}. */
  static Optional<String> packedCsdl(String file) {
    return Arrays.stream(RedfishSchema.values()).filter(schema -> schema.packed() && schema.csdlFile().equals(file))
      .findFirst().map(schema -> RedfishSchema.PACKED + file);
  }

  private static String registryFileUri(String id) {
    return RedfishDocuments.REGISTRIES + "/" + id;
  }

  private static String schemaFileUri(RedfishSchema schema) {
    return RedfishSchema.JSON_SCHEMAS + "/" + schema.namespace();
  }
}
