package io.sessiongate.redfish;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every message of DMTF's Base registry that this service puts in an error body or in
 * {@code @Message.ExtendedInfo}: {@link RedfishErrorFormat} renders a MessageId only from one of these, so
 * this list is the set the served registry ({@link RedfishPublications}) must define.
 *
 * <p>How to emit one, from any package (the Redfish slice, the aggregation, ...):
 * <pre>{@code
 * ctx.fail(BaseMessage.RESOURCE_NOT_FOUND.args("Session", id)
 *   .on(ApiError.notFound("No session with Id " + id + " exists (it may have ended).")));
 * }</pre>
 * {@link #args} takes exactly the registry's {@code NumberOfArgs} values, in the order of {@link #parameters()}
 * (it throws otherwise, so a wrong count fails in the first test that reaches the site, not in a client);
 * {@link Filled#on} stamps them on an {@link ApiError} as its code and code args. {@link RedfishErrorFormat} then
 * renders {@code Message} as the registry's text with {@code %1..%n} replaced, {@code MessageArgs} as the values,
 * {@code MessageSeverity} as the registry's, and keeps the ApiError's own message as the human
 * {@code error.message}. {@link Filled#extendedInfo} gives the same Message object for a 2xx body's
 * {@code @Message.ExtendedInfo}. An ApiError with no Base code (raised in core or another slice) is mapped by
 * its reason in {@link RedfishErrorFormat}, which fills the args from what the request shows (the property's
 * value, the URI, the Retry-After) or answers {@link #GENERAL_ERROR} with the explanation as Resolution.
 *
 * <p>The message texts and severities are read once from the packed registry file, so they are the served
 * registry's by construction; adding a constant needs only its key and parameter names here.
 */
public enum BaseMessage {
  MALFORMED_JSON("MalformedJSON"),
  PROPERTY_MISSING("PropertyMissing", "property"),
  PROPERTY_VALUE_TYPE_ERROR("PropertyValueTypeError", "value", "property"),
  PROPERTY_UNKNOWN("PropertyUnknown", "property"),
  PROPERTY_NOT_WRITABLE("PropertyNotWritable", "property"),
  PROPERTY_VALUE_NOT_IN_LIST("PropertyValueNotInList", "value", "property"),
  PROPERTY_VALUE_OUT_OF_RANGE("PropertyValueOutOfRange", "value", "property"),
  PROPERTY_VALUE_FORMAT_ERROR("PropertyValueFormatError", "value", "property"),
  /** A value of the right form the service does not take (an aggregate's element that is no fleet member). */
  PROPERTY_VALUE_INCORRECT("PropertyValueIncorrect", "property", "value"),
  QUERY_PARAMETER_VALUE_FORMAT_ERROR("QueryParameterValueFormatError", "value", "parameter"),
  NO_OPERATION("NoOperation"),
  NO_VALID_SESSION("NoValidSession"),
  INSUFFICIENT_PRIVILEGE("InsufficientPrivilege"),
  RESOURCE_NOT_FOUND("ResourceNotFound", "resource type", "resource name"),
  RESOURCE_MISSING_AT_URI("ResourceMissingAtURI", "URI"),
  OPERATION_NOT_ALLOWED("OperationNotAllowed"),
  QUERY_NOT_SUPPORTED("QueryNotSupported"),
  HEADER_INVALID("HeaderInvalid", "header"),
  PRECONDITION_FAILED("PreconditionFailed"),
  UNRECOGNIZED_REQUEST_BODY("UnrecognizedRequestBody"),
  RESOURCE_ALREADY_EXISTS("ResourceAlreadyExists", "resource type", "property", "value"),
  SERVICE_TEMPORARILY_UNAVAILABLE("ServiceTemporarilyUnavailable", "retry after seconds"),
  SERVICE_DISABLED("ServiceDisabled", "service URI"),
  INTERNAL_ERROR("InternalError"),
  GENERAL_ERROR("GeneralError"),
  /** A BMC the aggregation left out of a merged collection (MessageArgs: the device's collection URI). */
  COULD_NOT_ESTABLISH_CONNECTION("CouldNotEstablishConnection", "URI"),
  /** One target of a batch action done (the task's Messages). */
  SUCCESS("Success");

  /** The registry file served under /redfish/v1/Registries/Base (DMTF's, packed in the jar). */
  static final String REGISTRY_VERSION = "1.18.2";
  /** MessageIds name the registry's major and minor version only (DSP0266 "Message identifier"). */
  static final String PREFIX = "Base.1.18.";
  /** The packed registry on the classpath: served as it is, and the source of the texts below. */
  static final String REGISTRY_RESOURCE = "redfish/registries/Base." + REGISTRY_VERSION + ".json";

  private final String key;
  private final List<String> parameters;

  BaseMessage(String key, String... parameters) {
    this.key = key;
    this.parameters = List.of(parameters);
  }

  /** The key in the registry's {@code Messages}, e.g. {@code PropertyMissing}. */
  public String key() {
    return key;
  }

  /** The MessageId in a response, e.g. {@code Base.1.18.PropertyMissing}. */
  public String messageId() {
    return PREFIX + key;
  }

  /** What each of the registry's {@code %1..%n} stands for, in order; as many as its {@code NumberOfArgs}. */
  public List<String> parameters() {
    return parameters;
  }

  /** The registry's {@code Message}, with its {@code %1..%n} placeholders. */
  public String template() {
    return Registry.TEXTS.message(this).getString("Message");
  }

  /** The registry's {@code MessageSeverity}: OK, Warning or Critical. */
  public String severity() {
    return Registry.TEXTS.message(this).getString("MessageSeverity");
  }

  /** The registry's {@code Resolution}. */
  public String resolution() {
    return Registry.TEXTS.message(this).getString("Resolution");
  }

  /**
   * This message filled with {@code values} (rendered with {@link String#valueOf}), one per {@link #parameters()}.
   *
   * @throws IllegalArgumentException if the count differs from the registry's NumberOfArgs, or a value is null
   */
  public Filled args(Object... values) {
    return args(Arrays.asList(values));
  }

  /** As {@link #args(Object...)}. */
  public Filled args(List<?> values) {
    if (values.size() != parameters.size()) {
      throw new IllegalArgumentException(key + " takes " + parameters.size() + " args " + parameters + ", got "
        + values.size());
    }
    return new Filled(this, values.stream().map(value -> String.valueOf(Objects.requireNonNull(value,
      () -> key + ": an arg is null"))).toList());
  }

  public static Optional<BaseMessage> ofMessageId(String messageId) {
    for (BaseMessage message : values()) {
      if (message.messageId().equals(messageId)) {
        return Optional.of(message);
      }
    }
    return Optional.empty();
  }

  /** A message with its args: what a client renders from the registry, and what an error carries. */
  public record Filled(BaseMessage message, List<String> args) {
    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\d+)");

    public Filled {
      args = List.copyOf(args);
    }

    /** The registry's Message with {@code %1..%n} replaced by the args. */
    public String text() {
      // One pass, so that an arg that itself reads "%2" is not substituted again.
      return PLACEHOLDER.matcher(message.template()).replaceAll(placeholder -> Matcher.quoteReplacement(
        args.get(Integer.parseInt(placeholder.group(1)) - 1)));
    }

    /** {@code error} answered with this message and these args rather than those its reason maps to. */
    public ApiError on(ApiError error) {
      return error.withCode(message.messageId(), args);
    }

    /** The Message object for the {@code @Message.ExtendedInfo} of a 2xx body, about the property at {@code pointer}. */
    public JsonObject extendedInfo(String pointer) {
      return RedfishErrorFormat.messageObject(this, message.resolution(), pointer);
    }
  }

  /** The packed registry's messages, read once: at the slice's start ({@link #load}), or when a text is first needed. */
  private static final class Registry {
    static final Registry TEXTS = new Registry();

    private final JsonObject messages;

    private Registry() {
      try (InputStream in = BaseMessage.class.getClassLoader().getResourceAsStream(REGISTRY_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(REGISTRY_RESOURCE + " is not on the classpath");
        }
        messages = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonObject("Messages");
      } catch (IOException e) {
        throw new UncheckedIOException(REGISTRY_RESOURCE, e);
      }
      for (BaseMessage message : BaseMessage.values()) {
        JsonObject defined = messages.getJsonObject(message.key);
        if (defined == null || defined.getInteger("NumberOfArgs", 0) != message.parameters.size()) {
          throw new IllegalStateException(message.messageId() + " is not in " + REGISTRY_RESOURCE
            + " with " + message.parameters.size() + " args");
        }
      }
    }

    JsonObject message(BaseMessage message) {
      return messages.getJsonObject(message.key);
    }
  }

  /**
   * Reads the registry now and fails if it disagrees with these constants (a missing key, another NumberOfArgs).
   * Blocking: {@code RedfishSessionVerticle} calls it on a worker as it starts, so no event loop reads the jar.
   */
  static void load() {
    Objects.requireNonNull(Registry.TEXTS);
  }
}
