package io.sessiongate.core.http;

import com.github.benmanes.caffeine.cache.Cache;
import io.sessiongate.core.storage.ReadCache;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/**
 * JSON answers rendered once and sent again while they are made of the very same objects: a read served from
 * memory (an account, its login record, a session: immutable records, replaced by new ones when they change)
 * would otherwise serialise the same document on every request. An entry is reused only when each of its parts
 * is the identical object it was rendered from, so a changed part renders afresh; the rendering must depend on
 * those parts alone (no clock, no caller).
 */
public final class RenderedBodies {
  private record Entry(Object first, Object second, Object third, Buffer body) {
  }

  private final Cache<String, Entry> entries;

  public RenderedBodies(int maximumSize) {
    this.entries = ReadCache.onReadingThread().maximumSize(maximumSize).build();
  }

  /** The body rendered from {@code first}, {@code second} and {@code third} under {@code key}. */
  public Buffer body(String key, Object first, Object second, Object third, Supplier<JsonObject> render) {
    Entry entry = entries.getIfPresent(key);
    if (entry != null && entry.first == first && entry.second == second && entry.third == third) {
      return entry.body;
    }
    Buffer body = render.get().toBuffer();
    entries.put(key, new Entry(first, second, third, body));
    return body;
  }
}
