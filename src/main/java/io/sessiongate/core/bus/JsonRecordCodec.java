package io.sessiongate.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * A record that crosses nodes on the clustered event bus, as JSON on the wire and as itself in the code:
 * registered once per node as the default codec of its class ({@link #registerOn}), so senders and consumers
 * deal in the record alone. Records are immutable, so a consumer on the sending node gets the same instance.
 */
public final class JsonRecordCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;
  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  public JsonRecordCodec(Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    this.type = type;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  /** Once per node (a codec holds no state, so one instance serves every node of a JVM). */
  public void registerOn(EventBus bus) {
    bus.registerDefaultCodec(type, this);
  }

  /** The record as its JSON on the wire: for a record that crosses inside another one. */
  public JsonObject toJson(T message) {
    return toJson.apply(message);
  }

  public T fromJson(JsonObject json) {
    return fromJson.apply(json);
  }

  @Override
  public void encodeToWire(Buffer buffer, T message) {
    Buffer json = toJson.apply(message).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(new JsonObject(buffer.slice(pos + 4, pos + 4 + length)));
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return "sessiongate-json-" + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
