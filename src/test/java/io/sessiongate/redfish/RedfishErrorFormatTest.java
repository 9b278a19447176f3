package io.sessiongate.redfish;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The format renders only MessageIds of {@link BaseMessage}, the set the served Base registry is checked for,
 * each filled as the registry says ({@link RedfishMessages}); here the messages no request to the slice reaches.
 */
class RedfishErrorFormatTest {
  @Test
  void aCodeOutsideTheBaseMessagesIsNotPassedThrough() {
    ApiError foreign = ApiError.notFound("No such thing.").withCode("Murano.NotFound");
    // No request to name the URI of: the explanation goes in GeneralError's Resolution.
    JsonObject message = RedfishErrorFormat.message(foreign);
    assertEquals("Base.1.18.GeneralError", message.getString("MessageId"));
    assertEquals("No such thing.", message.getString("Resolution"));
    RedfishMessages.assertRegistryMessage(message);
  }

  @Test
  void aBaseMessageChosenByTheSliceWinsOverTheReason() {
    ApiError refusal = BaseMessage.PROPERTY_NOT_WRITABLE.args("Id").on(ApiError.invalid("Read only.", "/Id"));
    JsonObject message = RedfishErrorFormat.message(refusal);
    assertEquals("Base.1.18.PropertyNotWritable", message.getString("MessageId"));
    assertEquals("#/Id", message.getJsonArray("RelatedProperties").getString(0));
    assertEquals(new JsonArray().add("Id"), message.getJsonArray("MessageArgs"));
    RedfishMessages.assertRegistryMessage(message);
  }

  @Test
  void theMessagesNoRequestReachesAreFilledAsTheRegistrySays() {
    List<JsonObject> messages = List.of(
      RedfishErrorFormat.message(BaseMessage.PROPERTY_VALUE_NOT_IN_LIST.args("Sideways", "ResetType")
        .on(ApiError.invalid("ResetType is On or Off.", "/ResetType").breaking("enum"))),
      RedfishErrorFormat.message(ApiError.of(ApiError.Reason.PRECONDITION_FAILED, "The ETag changed.")),
      RedfishErrorFormat.message(BaseMessage.RESOURCE_ALREADY_EXISTS.args("Session", "Id", "7")
        .on(ApiError.conflict("Session 7 exists."))),
      RedfishErrorFormat.message(ApiError.storeUnavailable("PostgreSQL is unreachable.", 5)),
      RedfishErrorFormat.message(ApiError.of(ApiError.Reason.TOO_MANY_REQUESTS, "Slow down.")),
      RedfishErrorFormat.message(ApiError.from(new IllegalStateException("bug"), "a unit test")),
      RedfishFleetDocuments.leftOut("/bmc/b1/redfish/v1/Systems",
        ApiError.of(ApiError.Reason.BAD_GATEWAY, "Device b1 refused the connection.")),
      RedfishFleetDocuments.targetMessage(RedfishFleetDocuments.Outcome.DONE, "/redfish/v1/Systems/b1_1", "Reset."),
      RedfishErrorFormat.message(BaseMessage.PROPERTY_VALUE_INCORRECT.args("Elements", "/redfish/v1/Systems/x")
        .on(ApiError.invalid("Not a member.", "/Elements/0"))));
    List<String> keys = messages.stream().map(RedfishMessages::assertRegistryMessage).toList();
    assertEquals(List.of("PropertyValueNotInList", "PreconditionFailed", "ResourceAlreadyExists",
      "ServiceTemporarilyUnavailable", "GeneralError", "InternalError", "CouldNotEstablishConnection", "Success", "PropertyValueIncorrect"), keys);
    assertEquals("The property 'Elements' with the requested value of '/redfish/v1/Systems/x' could not be written "
      + "because the value does not meet the constraints of the implementation.", messages.get(8).getString("Message"));
    assertEquals("The service failed to establish a connection with the URI '/bmc/b1/redfish/v1/Systems'.",
      messages.get(6).getString("Message"));
    assertEquals("The value 'Sideways' for the property ResetType is not in the list of acceptable values.",
      messages.get(0).getString("Message"));
    assertEquals(new JsonArray().add("5"), messages.get(3).getJsonArray("MessageArgs"));
    assertEquals("The service is temporarily unavailable.  Retry in 5 seconds.", messages.get(3).getString("Message"));
    assertEquals("Slow down.", messages.get(4).getString("Resolution"), "no Retry-After: nothing to fill %1 with");
    assertTrue(keys.containsAll(RedfishApiContract.NOT_REACHABLE_BY_A_REQUEST), keys.toString());
  }

  @Test
  void aMessageOfA2xxBodyIsFilledTheSameWay() {
    JsonObject info = BaseMessage.PROPERTY_NOT_WRITABLE.args("Id").extendedInfo("/Id");
    assertEquals("The property Id is a read-only property and cannot be assigned a value.", info.getString("Message"));
    assertEquals(new JsonArray().add("#/Id"), info.getJsonArray("RelatedProperties"));
    RedfishMessages.assertRegistryMessage(info);
  }

  @Test
  void anErrorBroughtOverTheWireKeepsItsArgs() {
    ApiError notFound = BaseMessage.RESOURCE_NOT_FOUND.args("Session", "abc").on(ApiError.notFound("gone"));
    JsonObject message = RedfishErrorFormat.message(ApiError.fromWire(notFound.toWire()));
    assertEquals("The requested resource of type Session named 'abc' was not found.", message.getString("Message"));
  }

  @Test
  void argsMustBeAsManyAsTheRegistrySays() {
    assertThrows(IllegalArgumentException.class, () -> BaseMessage.RESOURCE_NOT_FOUND.args("Session"));
    assertThrows(IllegalArgumentException.class, () -> BaseMessage.NO_OPERATION.args("x"));
    assertThrows(NullPointerException.class, () -> BaseMessage.PROPERTY_MISSING.args((Object) null));
    JsonObject messages = RedfishMessages.registry().getJsonObject("Messages");
    for (BaseMessage message : BaseMessage.values()) {
      assertEquals(messages.getJsonObject(message.key()).getInteger("NumberOfArgs", 0), message.parameters().size(),
        message.key());
    }
  }

  @Test
  void anArgIsInsertedAsItIsEvenIfItLooksLikeAPlaceholder() {
    assertEquals("The requested resource of type %2 with the property %1 with the value '%3' already exists.",
      BaseMessage.RESOURCE_ALREADY_EXISTS.args("%2", "%1", "%3").text());
  }
}
