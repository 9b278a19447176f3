package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.ApiError;
import io.sessiongate.murano.MuranoCommand.CloneTemplate;
import io.sessiongate.murano.MuranoCommand.CreateEnvironmentFromTemplate;
import io.sessiongate.murano.MuranoCommand.CreateTemplate;
import io.sessiongate.murano.MuranoCommand.DeleteTemplate;
import io.sessiongate.murano.MuranoCommand.ListTemplates;
import io.sessiongate.murano.MuranoCommand.ShowTemplate;
import io.sessiongate.murano.MuranoCommand.UpdateTemplate;
import io.sessiongate.murano.MuranoReply.EnvironmentFromTemplate;
import io.sessiongate.murano.MuranoReply.TemplateList;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.UnaryOperator;

/**
 * Murano's environment templates, with Murano's checks and messages (murano/api/v1/templates.py,
 * murano/db/services/environment_templates.py): a template is its tenant's, or anyone's to read, clone and
 * instantiate when public. Its applications are {@link TemplateApplications}'.
 */
final class EnvironmentTemplates {
  private static final int CHANGE_ATTEMPTS = 5;

  private final TemplateStore templates;
  private final MuranoStore environments;

  EnvironmentTemplates(TemplateStore templates, MuranoStore environments) {
    this.templates = templates;
    this.environments = environments;
  }

  /** is_public given (any non-empty value): true lists every public template, else the tenant's private ones. */
  Future<TemplateList> list(ListTemplates command) {
    Boolean isPublic = command.isPublic() == null || command.isPublic().isEmpty() ? null
      : command.isPublic().equalsIgnoreCase("true");
    return templates.list(isPublic, command.caller().tenant()).map(TemplateList::new);
  }

  /** The body (with id and tenant) is the template's description. */
  Future<EnvironmentTemplate> create(CreateTemplate command) {
    JsonObject body = command.body();
    ApiError badName = badName(body);
    if (badName != null) {
      return Future.failedFuture(badName);
    }
    long now = MuranoChecks.now();
    String id = MuranoChecks.newId();
    JsonObject description = body.copy().put("id", id).put("tenant_id", command.caller().tenant());
    EnvironmentTemplate template = new EnvironmentTemplate(id, body.getString("name"), command.caller().tenant(),
      body.getValue("description_text") instanceof String text ? text : "", 0, description,
      Boolean.TRUE.equals(body.getValue("is_public")), now, now);
    return templates.insert(template).compose(inserted -> inserted
      ? Future.succeededFuture(template)
      : Future.failedFuture(MuranoFaults.templateNameTaken()));
  }

  Future<EnvironmentTemplate> show(ShowTemplate command) {
    return readable(command.caller(), command.templateId());
  }

  /**
   * Any failure to read a name that is not blank is Murano's "EnvTemplate body is incorrect". The template's
   * own tenant (or an admin) may change it: unlike Murano, which lets anyone change a public one.
   */
  Future<EnvironmentTemplate> update(UpdateTemplate command) {
    return owned(command.caller(), command.templateId()).compose(template -> {
      JsonObject body = command.body();
      if (!(body.getValue("name") instanceof String name) || name.isBlank()) {
        return Future.failedFuture(MuranoFaults.templateBodyIncorrect());
      }
      return change(command.caller(), command.templateId(), CHANGE_ATTEMPTS, current -> current.with(name,
        body.getValue("is_public") instanceof Boolean flag ? flag : current.isPublic(),
        body.getValue("description_text") instanceof String text ? text : current.descriptionText(),
        current.description(), MuranoChecks.now()));
    });
  }

  Future<Void> delete(DeleteTemplate command) {
    return owned(command.caller(), command.templateId())
      .compose(template -> templates.delete(template.id()))
      .mapEmpty();
  }

  /** Only a public template can be cloned (into the caller's tenant, private unless the body says otherwise). */
  Future<EnvironmentTemplate> cloneTemplate(CloneTemplate command) {
    return existing(command.templateId()).compose(original -> {
      if (!original.isPublic()) {
        return Future.failedFuture(MuranoFaults.templateNoAccess());
      }
      ApiError badName = badName(command.body());
      if (badName != null) {
        return Future.failedFuture(badName);
      }
      long now = MuranoChecks.now();
      String id = MuranoChecks.newId();
      String name = command.body().getString("name");
      boolean isPublic = Boolean.TRUE.equals(command.body().getValue("is_public"));
      JsonObject description = original.toDict().put("id", id).put("tenant_id", command.caller().tenant())
        .put("name", name).put("is_public", isPublic);
      if (original.services() != null) {
        description.put("services", original.services());
      }
      EnvironmentTemplate clone = new EnvironmentTemplate(id, name, command.caller().tenant(),
        original.descriptionText(), original.version(), description, isPublic, now, now);
      return templates.insert(clone).compose(inserted -> inserted
        ? Future.succeededFuture(clone)
        : Future.failedFuture(MuranoFaults.cloneNameTaken()));
    });
  }

  /**
   * An environment (named by the body, with the template's name rules) and a session opened on it whose
   * draft holds the template's applications; the environment itself has none until that session deploys.
   */
  Future<EnvironmentFromTemplate> createEnvironment(CreateEnvironmentFromTemplate command) {
    return readable(command.caller(), command.templateId()).compose(template -> {
      JsonObject body = command.body();
      ApiError badName = badName(body);
      if (badName != null) {
        return Future.failedFuture(badName);
      }
      long now = MuranoChecks.now();
      Principal caller = command.caller();
      JsonObject model = Environment.initialModel(body);
      Environment environment = new Environment(MuranoChecks.newId(), body.getString("name"), caller.tenant(), "", 0,
        model, null, now, now);
      JsonObject draft = model.copy();
      if (template.services() != null && !template.services().isEmpty()) {
        draft.put("services", template.services());
      }
      return environments.insertEnvironment(environment)
        .compose(v -> environments.insertSession(new ConfigurationSession(MuranoChecks.newId(), environment.id(),
          caller.login(), SessionState.OPENED, 0, draft, 0, 0, now, now)))
        .map(session -> new EnvironmentFromTemplate(environment.id(), session.id()));
    });
  }

  /** Applies {@code edit} (it may throw an ApiError) if nobody changed the template meanwhile, else again. */
  Future<EnvironmentTemplate> change(Principal caller, String templateId, UnaryOperator<EnvironmentTemplate> edit) {
    return change(caller, templateId, CHANGE_ATTEMPTS, edit);
  }

  private Future<EnvironmentTemplate> change(Principal caller, String templateId, int attempts,
                                             UnaryOperator<EnvironmentTemplate> edit) {
    return templates.template(templateId).compose(current -> {
      if (current == null) {
        return Future.failedFuture(MuranoFaults.templateNotFound(templateId));
      }
      EnvironmentTemplate changed;
      try {
        changed = edit.apply(current);
      } catch (ApiError refused) {
        return Future.failedFuture(refused);
      }
      return templates.replace(changed, current.description()).compose(stored -> stored
        ? Future.succeededFuture(changed)
        : attempts > 1 ? change(caller, templateId, attempts - 1, edit)
        : Future.failedFuture(ApiError.conflict("The template " + templateId + " is being changed by other requests; "
          + "try again.")));
    });
  }

  // --- Murano's checks

  /** _validate_body_name. */
  private static ApiError badName(JsonObject body) {
    if (!(body.getValue("name") instanceof String name) || name.isBlank()) {
      return MuranoFaults.templateNameMissing();
    }
    return name.codePointCount(0, name.length()) > MuranoChecks.MAX_NAME_LENGTH
      ? MuranoFaults.templateNameTooLong() : null;
  }

  /** _validate_exists. */
  private Future<EnvironmentTemplate> existing(String templateId) {
    return templates.template(templateId).compose(template -> template == null
      ? Future.failedFuture(MuranoFaults.templateNotFound(templateId)) : Future.succeededFuture(template));
  }

  /** _validate_request: public, or the caller's tenant's, or the caller an admin. */
  private Future<EnvironmentTemplate> readable(Principal caller, String templateId) {
    return existing(templateId).compose(template -> template.isPublic() || caller.isAdmin()
      || template.tenantId().equals(caller.tenant())
      ? Future.succeededFuture(template) : Future.failedFuture(MuranoFaults.templateNoAccess()));
  }

  /** _validate_request for a change: the caller's tenant's, or the caller an admin. */
  private Future<EnvironmentTemplate> owned(Principal caller, String templateId) {
    return existing(templateId).compose(template -> caller.isAdmin() || template.tenantId().equals(caller.tenant())
      ? Future.succeededFuture(template) : Future.failedFuture(MuranoFaults.templateNoAccess()));
  }
}
