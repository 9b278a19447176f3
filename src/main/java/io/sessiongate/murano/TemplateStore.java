package io.sessiongate.murano;

import io.sessiongate.core.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Where Murano's environment templates live; each change is one conditional statement. */
public interface TemplateStore {
  static TemplateStore create(Storage storage) {
    return storage.isPostgres() ? new PgTemplateStore(storage.pool()) : new InMemoryTemplateStore();
  }

  /** Adds the template; false when its tenant already has one of that name. */
  Future<Boolean> insert(EnvironmentTemplate template);

  /** The template, or null. */
  Future<EnvironmentTemplate> template(String id);

  /**
   * Oldest first: with {@code isPublic} null, the public ones and {@code tenantId}'s; true, the public ones;
   * false, {@code tenantId}'s private ones (Murano's three template lists).
   */
  Future<List<EnvironmentTemplate>> list(Boolean isPublic, String tenantId);

  /**
   * Stores {@code changed} (same id) if the template's description is still {@code expectedDescription};
   * false when it changed meanwhile or is gone. Fails with Murano's 409 when the new name is taken.
   */
  Future<Boolean> replace(EnvironmentTemplate changed, JsonObject expectedDescription);

  Future<Void> delete(String id);
}
