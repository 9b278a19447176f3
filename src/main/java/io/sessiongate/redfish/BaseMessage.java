package io.sessiongate.redfish;

import java.util.Optional;

/**
 * Every message of DMTF's Base registry that this service puts in an error body or in
 * {@code @Message.ExtendedInfo}: {@link RedfishErrorFormat} renders a MessageId only from one of these, so
 * this list is the set the served registry ({@link RedfishRegistries}) must define.
 */
enum BaseMessage {
  MALFORMED_JSON("MalformedJSON"),
  PROPERTY_MISSING("PropertyMissing"),
  PROPERTY_VALUE_TYPE_ERROR("PropertyValueTypeError"),
  PROPERTY_UNKNOWN("PropertyUnknown"),
  PROPERTY_NOT_WRITABLE("PropertyNotWritable"),
  PROPERTY_VALUE_NOT_IN_LIST("PropertyValueNotInList"),
  PROPERTY_VALUE_OUT_OF_RANGE("PropertyValueOutOfRange"),
  PROPERTY_VALUE_FORMAT_ERROR("PropertyValueFormatError"),
  QUERY_PARAMETER_VALUE_FORMAT_ERROR("QueryParameterValueFormatError"),
  NO_OPERATION("NoOperation"),
  NO_VALID_SESSION("NoValidSession"),
  INSUFFICIENT_PRIVILEGE("InsufficientPrivilege"),
  RESOURCE_NOT_FOUND("ResourceNotFound"),
  OPERATION_NOT_ALLOWED("OperationNotAllowed"),
  QUERY_NOT_SUPPORTED("QueryNotSupported"),
  PRECONDITION_FAILED("PreconditionFailed"),
  UNRECOGNIZED_REQUEST_BODY("UnrecognizedRequestBody"),
  RESOURCE_ALREADY_EXISTS("ResourceAlreadyExists"),
  SERVICE_TEMPORARILY_UNAVAILABLE("ServiceTemporarilyUnavailable"),
  INTERNAL_ERROR("InternalError"),
  GENERAL_ERROR("GeneralError"),
  /** A BMC the aggregation left out of a merged collection (MessageArgs: the device's collection URI). */
  COULD_NOT_ESTABLISH_CONNECTION("CouldNotEstablishConnection"),
  /** One target of a batch action done (the task's Messages). */
  SUCCESS("Success");

  /** The registry file served under /redfish/v1/Registries/Base (DMTF's, packed in the jar). */
  static final String REGISTRY_VERSION = "1.18.2";
  /** MessageIds name the registry's major and minor version only (DSP0266 "Message identifier"). */
  static final String PREFIX = "Base.1.18.";

  private final String key;

  BaseMessage(String key) {
    this.key = key;
  }

  /** The key in the registry's {@code Messages}, e.g. {@code PropertyMissing}. */
  String key() {
    return key;
  }

  /** The MessageId in a response, e.g. {@code Base.1.18.PropertyMissing}. */
  String messageId() {
    return PREFIX + key;
  }

  static Optional<BaseMessage> ofMessageId(String messageId) {
    for (BaseMessage message : values()) {
      if (message.messageId().equals(messageId)) {
        return Optional.of(message);
      }
    }
    return Optional.empty();
  }
}
