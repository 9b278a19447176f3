package io.sessiongate.core.bus;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes {@link LocalMessage}s by reference. Session verticles register local consumers only: state that
 * another node must see lives in the store, so these messages never cross the wire.
 */
public final class LocalMessageCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "sessiongate-local";

  public static void register(EventBus bus) {
    bus.registerCodec(new LocalMessageCodec());
    bus.codecSelector(body -> body instanceof LocalMessage ? NAME : null);
  }

  @Override
  public void encodeToWire(Buffer buffer, Object message) {
    throw new UnsupportedOperationException("local messages do not leave the node: " + message.getClass().getName());
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("local messages do not leave the node");
  }

  @Override
  public Object transform(Object message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
