package io.sessiongate.core.api;

/**
 * A message between verticles of one node. Implementations are immutable, so the event bus hands the same
 * instance to the consumer instead of copying it (see {@link LocalMessageCodec}).
 */
public interface LocalMessage {
}
