package io.sessiongate.murano;

import io.sessiongate.core.api.ApiError;
import io.sessiongate.murano.MuranoCommand.PatchModel;
import io.sessiongate.murano.MuranoCommand.ShowModel;
import io.sessiongate.murano.MuranoReply.ModelPart;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An environment's object model read by path and edited with a JSON patch under a session, as Murano's
 * Environments.get_model / update_model (murano/api/v1/environments.py, utils.TraverseHelper).
 */
final class EnvironmentModel {
  private final MuranoChecks checks;
  private final DraftEditor drafts;

  EnvironmentModel(MuranoChecks checks, DraftEditor drafts) {
    this.checks = checks;
    this.drafts = drafts;
  }

  /** check_env, then the session's draft (while usable) or the deployed model, at {@code path}; bare 404 if none. */
  Future<ModelPart> show(ShowModel command) {
    return checks.checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> checks.readingSession(command.environmentId(), command.sessionId())
        .compose(session -> {
          JsonObject description = snapshot.description(session);
          Object[] found = new Object[1];
          if (description == null || !traverse(command.path() == null ? "" : command.path(), description, found)) {
            return Future.failedFuture(MuranoFaults.bareNotFound());
          }
          return Future.succeededFuture(new ModelPart(found[0]));
        }));
  }

  /**
   * The deserializer's checks first (as Murano reads the body before the controller runs), then check_env,
   * then Murano's empty-body 400, then the session as for any draft change (the gateway requires one: Murano
   * fails without it); the patch is applied to the draft and the new model answered.
   */
  Future<ModelPart> patch(PatchModel command) {
    List<ModelPatch.Change> changes;
    try {
      changes = ModelPatch.parse(command.patch());
    } catch (ApiError refused) {
      return Future.failedFuture(refused);
    }
    return checks.checkEnvironment(command.caller(), command.environmentId())
      .compose(snapshot -> changes.isEmpty()
        ? Future.failedFuture(MuranoFaults.emptyModelPatch())
        : drafts.change(command.caller(), command.environmentId(), command.sessionId(),
          draft -> ModelPatch.apply(changes, draft)))
      .map(ModelPart::new);
  }

  /**
   * TraverseHelper.get: each token selects a member, or in a list the item whose {@code ?.id} it is (else
   * the item at that index); a scalar met on the way is the answer. False when the path leads nowhere.
   */
  private static boolean traverse(String path, Object source, Object[] found) {
    Object at = source;
    for (String token : path.split("/")) {
      if (token.isEmpty()) {
        continue;
      }
      if (at instanceof JsonArray list) {
        Object item = null;
        for (Object candidate : list) {
          if (candidate instanceof JsonObject object && object.getValue("?") instanceof JsonObject meta
            && token.equals(meta.getValue("id"))) {
            item = candidate;
            break;
          }
        }
        if (item == null && token.chars().allMatch(Character::isDigit) && token.length() < 9) {
          int index = Integer.parseInt(token);
          if (index >= list.size()) {
            return false;
          }
          item = list.getValue(index);
        }
        at = item;
      } else if (at instanceof JsonObject object) {
        if (!object.containsKey(token)) {
          return false;
        }
        at = object.getValue(token);
      } else if (at instanceof String || at instanceof Number || at instanceof Boolean) {
        break;
      } else {
        return false;
      }
    }
    found[0] = at;
    return true;
  }
}
