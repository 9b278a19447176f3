package io.sessiongate.redfish;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.core.http.Replies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What the aggregation ({@code io.sessiongate.aggregation}) needs of this slice to answer as it does: the types of
 * the merged collections and the messages naming the BMCs left out, so that every {@code @odata.type} stays in
 * {@link RedfishSchema} (hence in $metadata) and every MessageId in {@link BaseMessage} (hence in the served registry).
 */
public final class RedfishFleetDocuments {
  private RedfishFleetDocuments() {
  }

  /**
   * The top-level collections merged over the fleet, linked from the service root: those of DSP0268's ServiceRoot
   * (the version this service serves) that hold a managed device's own resources. The service's own (SessionService,
   * AccountService, Registries, JsonSchemas, the AggregationService and Tasks) are the gateway's; Swordfish's
   * StorageServices and StorageSystems are not DMTF schemas, and CompositionService's ResourceBlocks are not merged.
   */
  public enum Merged {
    SYSTEMS("Systems", RedfishSchema.COMPUTER_SYSTEM_COLLECTION, "Computer System Collection"),
    MANAGERS("Managers", RedfishSchema.MANAGER_COLLECTION, "Manager Collection"),
    CHASSIS("Chassis", RedfishSchema.CHASSIS_COLLECTION, "Chassis Collection"),
    FABRICS("Fabrics", RedfishSchema.FABRIC_COLLECTION, "Fabric Collection"),
    FACILITIES("Facilities", RedfishSchema.FACILITY_COLLECTION, "Facility Collection");

    private final String collection;
    private final RedfishSchema schema;
    private final String title;

    Merged(String collection, RedfishSchema schema, String title) {
      this.collection = collection;
      this.schema = schema;
      this.title = title;
    }

    /** Its name in the service root and its URI's last segment, e.g. {@code Systems}. */
    public String collection() {
      return collection;
    }

    String uri() {
      return RedfishDocuments.ROOT + "/" + collection;
    }
  }

  /** A merged collection, with the devices left out of it named in {@code @Message.ExtendedInfo}. */
  public static JsonObject collection(Merged merged, JsonArray members, JsonArray leftOut) {
    JsonObject collection = RedfishDocuments.collection(merged.schema, merged.uri(), merged.title, members);
    return leftOut.isEmpty() ? collection : collection.put("@Message.ExtendedInfo", leftOut);
  }

  /** The AggregationService's resources, typed as $metadata and /redfish/v1/JsonSchemas say. */
  public enum FleetResource {
    AGGREGATION_SERVICE(RedfishSchema.AGGREGATION_SERVICE),
    AGGREGATION_SOURCE(RedfishSchema.AGGREGATION_SOURCE),
    CONNECTION_METHOD(RedfishSchema.CONNECTION_METHOD),
    TASK_SERVICE(RedfishSchema.TASK_SERVICE),
    TASK(RedfishSchema.TASK),
    AGGREGATE(RedfishSchema.AGGREGATE);

    private final RedfishSchema schema;

    FleetResource(RedfishSchema schema) {
      this.schema = schema;
    }
  }

  /** A resource of {@code type} at {@code id}, with its OData annotations; the caller adds its properties. */
  public static JsonObject resource(FleetResource type, String id) {
    return RedfishDocuments.resource(type.schema, id);
  }

  public static JsonObject sourceCollection(JsonArray members) {
    return RedfishDocuments.collection(RedfishSchema.AGGREGATION_SOURCE_COLLECTION,
      RedfishDocuments.ROOT + "/AggregationService/AggregationSources", "Aggregation Source Collection", members);
  }

  public static JsonObject aggregateCollection(JsonArray members) {
    return RedfishDocuments.collection(RedfishSchema.AGGREGATE_COLLECTION,
      RedfishDocuments.ROOT + "/AggregationService/Aggregates", "Aggregate Collection", members);
  }

  public static JsonObject taskCollection(JsonArray members) {
    return RedfishDocuments.collection(RedfishSchema.TASK_COLLECTION, RedfishDocuments.ROOT + "/TaskService/Tasks",
      "Task Collection", members);
  }

  /** How one target of a batch action went. */
  public enum Outcome {
    /** Base Success. */
    DONE,
    /** Base CouldNotEstablishConnection (MessageArgs: the target): the BMC could not be reached. */
    UNREACHABLE,
    /** Base ResourceNotFound (MessageArgs: ComputerSystem, the target): no such target, or one the caller may not see. */
    NOT_FOUND,
    /** Base GeneralError: the BMC refused the action (its answer is in the Resolution, where that message points). */
    REFUSED;

    BaseMessage.Filled about(String target) {
      return switch (this) {
        case DONE -> BaseMessage.SUCCESS.args();
        case UNREACHABLE -> BaseMessage.COULD_NOT_ESTABLISH_CONNECTION.args(target);
        case NOT_FOUND -> BaseMessage.RESOURCE_NOT_FOUND.args("ComputerSystem", target);
        case REFUSED -> BaseMessage.GENERAL_ERROR.args();
      };
    }
  }

  /**
   * A task's message about one target: the registry's message with the target as its args, and {@code detail}
   * (naming the target, and the device's answer or failure) as its Resolution.
   */
  public static JsonObject targetMessage(Outcome outcome, String target, String detail) {
    return RedfishErrorFormat.messageObject(outcome.about(target), detail, null);
  }

  public static JsonObject connectionMethodCollection(JsonArray members) {
    return RedfishDocuments.collection(RedfishSchema.CONNECTION_METHOD_COLLECTION,
      RedfishDocuments.ROOT + "/AggregationService/ConnectionMethods", "Connection Method Collection", members);
  }

  /**
   * The message naming a device left out of a merged collection: Base CouldNotEstablishConnection with the device's
   * own collection URI as its argument, and why (the device proxy's error, naming the device and the cause).
   */
  public static JsonObject leftOut(String deviceUri, ApiError why) {
    return RedfishErrorFormat.messageObject(BaseMessage.COULD_NOT_ESTABLISH_CONNECTION.args(deviceUri),
      why.getMessage() + " Check that the device is reachable and its registration is right; the collection lists "
        + "the other devices meanwhile.", null);
  }

  /** Sends a resource of this service with the headers every Redfish answer of the gateway carries. */
  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().putHeader("OData-Version", RedfishAccess.ODATA_VERSION).putHeader("Cache-Control", "no-store");
    Replies.json(ctx, status, body);
  }
}
