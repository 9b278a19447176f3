package io.sessiongate.murano;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One node's templates; only the session verticle touches them, on its event loop. */
final class InMemoryTemplateStore implements TemplateStore {
  private final Map<String, EnvironmentTemplate> templates = new LinkedHashMap<>();

  @Override
  public Future<Boolean> insert(EnvironmentTemplate template) {
    if (nameTaken(template.tenantId(), template.name(), null)) {
      return Future.succeededFuture(false);
    }
    templates.put(template.id(), template);
    return Future.succeededFuture(true);
  }

  @Override
  public Future<EnvironmentTemplate> template(String id) {
    return Future.succeededFuture(templates.get(id));
  }

  @Override
  public Future<List<EnvironmentTemplate>> list(Boolean isPublic, String tenantId) {
    return Future.succeededFuture(templates.values().stream()
      .filter(t -> isPublic == null ? t.isPublic() || t.tenantId().equals(tenantId)
        : isPublic ? t.isPublic() : !t.isPublic() && t.tenantId().equals(tenantId))
      .toList());
  }

  @Override
  public Future<Boolean> replace(EnvironmentTemplate changed, JsonObject expectedDescription) {
    EnvironmentTemplate current = templates.get(changed.id());
    if (current == null || !current.description().equals(expectedDescription)) {
      return Future.succeededFuture(false);
    }
    if (nameTaken(changed.tenantId(), changed.name(), changed.id())) {
      return Future.failedFuture(MuranoFaults.templateNameTaken());
    }
    templates.put(changed.id(), changed);
    return Future.succeededFuture(true);
  }

  private boolean nameTaken(String tenantId, String name, String exceptId) {
    return templates.values().stream()
      .anyMatch(t -> t.tenantId().equals(tenantId) && t.name().equals(name) && !t.id().equals(exceptId));
  }

  @Override
  public Future<Void> delete(String id) {
    templates.remove(id);
    return Future.succeededFuture();
  }
}
