package io.sessiongate.murano;

import io.sessiongate.murano.MuranoCommand.AddServices;
import io.sessiongate.murano.MuranoCommand.ReadServices;
import io.sessiongate.murano.MuranoCommand.RemoveService;
import io.sessiongate.murano.MuranoCommand.ReplaceServices;
import io.sessiongate.murano.MuranoReply.ModelPart;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An environment's services (murano/api/v1/services.py): read from a session's draft or the deployed model,
 * changed in a session's draft only. The changes answer null: Murano answers with the body sent.
 */
final class EnvironmentServices {
  private final MuranoChecks checks;
  private final DraftEditor drafts;

  EnvironmentServices(MuranoChecks checks, DraftEditor drafts) {
    this.checks = checks;
    this.drafts = drafts;
  }

  /** Murano's services GET: the draft of a session given in the header, else the deployed model. */
  Future<ModelPart> read(ReadServices command) {
    return checks.checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> checks.readingSession(command.environmentId(), command.sessionId()).compose(session -> {
        JsonArray services = snapshot.services(session);
        if (command.serviceId() == null) {
          return Future.succeededFuture(new ModelPart(services));
        }
        JsonArray raw = snapshot.rawServices(session);
        int index = raw == null ? -1 : MuranoChecks.indexOf(raw, command.serviceId());
        return index < 0 ? Future.failedFuture(MuranoFaults.bareNotFound())
          : Future.succeededFuture(new ModelPart(raw.getValue(index)));
      }));
  }

  Future<Void> add(AddServices command) {
    return drafts.change(command.caller(), command.environmentId(), command.sessionId(), draft -> {
      boolean empty = command.services() instanceof JsonArray array ? array.isEmpty()
        : ((JsonObject) command.services()).isEmpty();
      if (empty) {
        throw MuranoFaults.emptyServiceBody();
      }
      JsonArray services = draft.getValue("services") instanceof JsonArray array ? array : new JsonArray();
      if (command.services() instanceof JsonArray many) {
        many.forEach(services::add);
      } else {
        services.add(((JsonObject) command.services()).copy());
      }
      return draft.put("services", services);
    }).mapEmpty();
  }

  Future<Void> replace(ReplaceServices command) {
    return drafts.change(command.caller(), command.environmentId(), command.sessionId(), draft -> {
      draft.put("services", command.services().copy());
      JsonObject meta = draft.getValue("?") instanceof JsonObject object ? object : new JsonObject();
      draft.put("?", meta.put("updated", MuranoTime.python(MuranoChecks.now())));
      return draft;
    }).mapEmpty();
  }

  Future<Void> remove(RemoveService command) {
    return drafts.change(command.caller(), command.environmentId(), command.sessionId(), draft -> {
      JsonArray services = draft.getValue("services") instanceof JsonArray array ? array : null;
      int index = services == null ? -1 : MuranoChecks.indexOf(services, command.serviceId());
      if (index < 0) {
        throw MuranoFaults.bareNotFound();
      }
      services.remove(index);
      return draft;
    }).mapEmpty();
  }
}
