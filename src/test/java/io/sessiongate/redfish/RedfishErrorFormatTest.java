package io.sessiongate.redfish;

import io.sessiongate.core.http.ApiError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The format renders only MessageIds of {@link BaseMessage}, the set the served Base registry is checked for. */
class RedfishErrorFormatTest {
  @Test
  void aCodeOutsideTheBaseMessagesIsNotPassedThrough() {
    ApiError foreign = ApiError.notFound("No such thing.").withCode("Murano.NotFound");
    assertEquals("Base.1.18.ResourceNotFound", RedfishErrorFormat.message(foreign).getString("MessageId"));
  }

  @Test
  void aBaseMessageChosenByTheSliceWinsOverTheReason() {
    ApiError refusal = RedfishErrorFormat.withMessage(ApiError.invalid("Read only.", "/Id"),
      BaseMessage.PROPERTY_NOT_WRITABLE);
    assertEquals("Base.1.18.PropertyNotWritable", RedfishErrorFormat.message(refusal).getString("MessageId"));
    assertEquals("#/Id", RedfishErrorFormat.message(refusal).getJsonArray("RelatedProperties").getString(0));
  }
}
