package io.sessiongate.redfish;

import io.sessiongate.core.redfish.BaseMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client that renders messages from the served Base registry needs of every Message the gateway emits:
 * as many MessageArgs as the registry's NumberOfArgs, and Message equal to the registry's text with them
 * substituted. The registry is read from the file the gateway serves (its packed copy; {@link RedfishApiContract}
 * checks the served bytes are that file), never from {@link BaseMessage}.
 */
public final class RedfishMessages {
  private static final JsonObject REGISTRY = packedRegistry();

  private RedfishMessages() {
  }

  /** The served registry file, as the jar packs it. */
  static JsonObject registry() {
    return REGISTRY.copy();
  }

  /** Checks every entry of an error body's (or a 2xx body's) {@code @Message.ExtendedInfo}; returns their keys. */
  public static JsonArray assertRegistryMessages(JsonObject body) {
    JsonObject holder = body.containsKey("error") ? body.getJsonObject("error") : body;
    JsonArray infos = holder.getJsonArray("@Message.ExtendedInfo");
    assertNotNull(infos, body.encode());
    JsonArray keys = new JsonArray();
    for (Object entry : infos) {
      keys.add(assertRegistryMessage((JsonObject) entry));
    }
    if (body.containsKey("error")) {
      assertEquals(infos.getJsonObject(0).getString("MessageId"), holder.getString("code"), body.encode());
    }
    return keys;
  }

  /** Checks one Message object against the registry; returns its key ("ResourceNotFound"). */
  public static String assertRegistryMessage(JsonObject message) {
    String id = message.getString("MessageId");
    assertNotNull(id, message.encode());
    String registryId = REGISTRY.getString("Id");
    assertEquals(registryId.substring(0, registryId.lastIndexOf('.')), id.substring(0, id.lastIndexOf('.')),
      id + " cites the served registry");
    String key = id.substring(id.lastIndexOf('.') + 1);
    JsonObject defined = REGISTRY.getJsonObject("Messages").getJsonObject(key);
    assertNotNull(defined, id + " is defined by the served registry");
    JsonArray args = message.getJsonArray("MessageArgs");
    assertNotNull(args, message.encode());
    assertEquals(defined.getInteger("NumberOfArgs", 0), args.size(), id + " MessageArgs: " + message.encode());
    for (Object arg : args) {
      assertTrue(arg instanceof String, "MessageArgs are strings: " + message.encode());
    }
    // One pass, as a client renders it: an arg is inserted as it is.
    String expected = Pattern.compile("%(\\d+)").matcher(defined.getString("Message")).replaceAll(placeholder ->
      Matcher.quoteReplacement(args.getString(Integer.parseInt(placeholder.group(1)) - 1)));
    assertEquals(expected, message.getString("Message"), id);
    assertEquals(defined.getString("MessageSeverity"), message.getString("MessageSeverity"), id);
    assertNotNull(message.getString("Resolution"), id);
    return key;
  }

  private static JsonObject packedRegistry() {
    String resource = "redfish/registries/Base.1.18.2.json";
    try (InputStream in = RedfishMessages.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
