package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.murano.MuranoCommand.AddTemplateServices;
import io.sessiongate.murano.MuranoCommand.ReadTemplateServices;
import io.sessiongate.murano.MuranoCommand.RemoveTemplateService;
import io.sessiongate.murano.MuranoCommand.ReplaceTemplateService;
import io.sessiongate.murano.MuranoReply.ModelPart;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.UnaryOperator;

/**
 * An environment template's applications (murano/api/v1/template_applications.py, core_services.py), changed
 * through the template's guarded change ({@link EnvironmentTemplates#change}); verify_env_template: the
 * template's own tenant only.
 */
final class TemplateApplications {
  private final TemplateStore templates;
  private final EnvironmentTemplates owner;

  TemplateApplications(TemplateStore templates, EnvironmentTemplates owner) {
    this.templates = templates;
    this.owner = owner;
  }

  Future<ModelPart> read(ReadTemplateServices command) {
    return ofTenant(command.caller(), command.templateId()).compose(template -> {
      JsonArray services = template.services();
      if (services == null) {
        return Future.succeededFuture(new ModelPart(new JsonArray()));
      }
      if (command.serviceId() == null) {
        return Future.succeededFuture(new ModelPart(services));
      }
      int index = MuranoChecks.indexOf(services, command.serviceId());
      return index < 0 ? Future.failedFuture(MuranoFaults.templateServiceNotFound(command.templateId()))
        : Future.succeededFuture(new ModelPart(services.getValue(index)));
    });
  }

  /** One application or a list of them, added (Murano answers the body sent). */
  Future<Void> add(AddTemplateServices command) {
    return ofTenant(command.caller(), command.templateId())
      .compose(template -> changeServices(command.caller(), command.templateId(), services -> {
        if (command.services() instanceof JsonArray many) {
          many.forEach(services::add);
        } else {
          services.add(command.services());
        }
        return services;
      }))
      .mapEmpty();
  }

  /**
   * Replaces the application with that id (Murano means to, but always replaces the first one); an unknown
   * id is Murano's 404 for a failed traversal.
   */
  Future<Void> replace(ReplaceTemplateService command) {
    return ofTenant(command.caller(), command.templateId())
      .compose(template -> changeServices(command.caller(), command.templateId(), services -> {
        services.set(existingIndex(services, command.serviceId(), command.templateId()), command.service());
        return services;
      }))
      .mapEmpty();
  }

  /** Answers the template after the removal (Murano answers its description). */
  Future<EnvironmentTemplate> remove(RemoveTemplateService command) {
    return ofTenant(command.caller(), command.templateId())
      .compose(template -> changeServices(command.caller(), command.templateId(), services -> {
        services.remove(existingIndex(services, command.serviceId(), command.templateId()));
        return services;
      }));
  }

  /** Where the application is; Murano's 404 for a failed traversal when it is not there. */
  private static int existingIndex(JsonArray services, String serviceId, String templateId) {
    int index = MuranoChecks.indexOf(services, serviceId);
    if (index < 0) {
      throw MuranoFaults.templateDoesNotExist(templateId);
    }
    return index;
  }

  private Future<EnvironmentTemplate> changeServices(Principal caller, String templateId, UnaryOperator<JsonArray> edit) {
    return owner.change(caller, templateId, current -> {
      JsonObject description = current.description();
      JsonArray services = description.getValue("services") instanceof JsonArray list ? list : new JsonArray();
      description.put("services", edit.apply(services));
      return current.with(current.name(), current.isPublic(), current.descriptionText(), description,
        MuranoChecks.now());
    });
  }

  /** verify_env_template: 404 with its own message, then the template's tenant only (no admin, no public). */
  private Future<EnvironmentTemplate> ofTenant(Principal caller, String templateId) {
    return templates.template(templateId).compose(template -> template == null
      ? Future.failedFuture(MuranoFaults.templateWithIdNotFound(templateId))
      : template.tenantId().equals(caller.tenant()) ? Future.succeededFuture(template)
      : Future.failedFuture(MuranoFaults.templateOtherTenant()));
  }
}
