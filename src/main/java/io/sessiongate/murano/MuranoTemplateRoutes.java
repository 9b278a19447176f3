package io.sessiongate.murano;

import io.sessiongate.core.auth.Access;
import io.sessiongate.core.bus.BusEndpoint;
import io.sessiongate.core.http.Replies;
import io.sessiongate.core.http.SliceRoutes;
import io.sessiongate.murano.MuranoCommand.AddTemplateServices;
import io.sessiongate.murano.MuranoCommand.CloneTemplate;
import io.sessiongate.murano.MuranoCommand.CreateEnvironmentFromTemplate;
import io.sessiongate.murano.MuranoCommand.CreateTemplate;
import io.sessiongate.murano.MuranoCommand.DeleteTemplate;
import io.sessiongate.murano.MuranoCommand.ListTemplates;
import io.sessiongate.murano.MuranoCommand.ReadTemplateServices;
import io.sessiongate.murano.MuranoCommand.RemoveTemplateService;
import io.sessiongate.murano.MuranoCommand.ReplaceTemplateService;
import io.sessiongate.murano.MuranoCommand.ShowTemplate;
import io.sessiongate.murano.MuranoCommand.UpdateTemplate;
import io.sessiongate.murano.MuranoReply.ModelPart;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The routes of Murano's environment templates and their applications (templates.py, template_applications.py). */
final class MuranoTemplateRoutes {
  private static final String APPLICATIONS_REFUSED =
    "The request body must be an application object or an array of them.";

  private final Access anyUser;

  MuranoTemplateRoutes(Access anyUser) {
    this.anyUser = anyUser;
  }

  void bind(SliceRoutes routes) {
    routes
      .on("listTemplates", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::templates,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.LIST_TEMPLATES,
          new ListTemplates(Access.principal(ctx), ctx.queryParams().get("is_public")))))
      .on("createTemplate", anyUser, ctx -> MuranoAnswers.answer(ctx,
        (EnvironmentTemplate created) -> MuranoDocuments.created(created, Replies.body(ctx)),
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.CREATE_TEMPLATE,
          new CreateTemplate(Access.principal(ctx), Replies.body(ctx)))))
      .on("showTemplate", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::template,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.SHOW_TEMPLATE,
          new ShowTemplate(Access.principal(ctx), templateId(ctx)))))
      .on("updateTemplate", anyUser, ctx -> MuranoAnswers.answer(ctx, EnvironmentTemplate::toDict,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.UPDATE_TEMPLATE,
          new UpdateTemplate(Access.principal(ctx), templateId(ctx), Replies.body(ctx)))))
      .on("deleteTemplate", anyUser, ctx -> MuranoAnswers.done(ctx,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.DELETE_TEMPLATE,
          new DeleteTemplate(Access.principal(ctx), templateId(ctx)))))
      .on("cloneTemplate", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::clone,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.CLONE_TEMPLATE,
          new CloneTemplate(Access.principal(ctx), templateId(ctx), Replies.body(ctx)))))
      .on("createEnvironmentFromTemplate", anyUser, ctx -> MuranoAnswers.answer(ctx, MuranoDocuments::fromTemplate,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.CREATE_ENVIRONMENT_FROM_TEMPLATE,
          new CreateEnvironmentFromTemplate(Access.principal(ctx), templateId(ctx), Replies.body(ctx)))));
    bindApplications(routes);
  }

  /** Murano answers an added or replaced application with the body sent, a removal with the description. */
  private void bindApplications(SliceRoutes routes) {
    routes
      .on("listTemplateServices", anyUser, ctx -> MuranoAnswers.answer(ctx, ModelPart::value,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.READ_TEMPLATE_SERVICES,
          new ReadTemplateServices(Access.principal(ctx), templateId(ctx), null))))
      .on("getTemplateService", anyUser, ctx -> MuranoAnswers.answer(ctx, ModelPart::value,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.READ_TEMPLATE_SERVICES,
          new ReadTemplateServices(Access.principal(ctx), templateId(ctx), ctx.pathParam("service_id")))))
      .on("addTemplateServices", anyUser, ctx -> MuranoAnswers.withServices(ctx, APPLICATIONS_REFUSED, services -> MuranoAnswers.answer(ctx,
        done -> services, BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.ADD_TEMPLATE_SERVICES,
          new AddTemplateServices(Access.principal(ctx), templateId(ctx), services)))))
      .on("replaceTemplateService", anyUser, ctx -> {
        JsonObject service = Replies.body(ctx);
        MuranoAnswers.answer(ctx, done -> service, BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.REPLACE_TEMPLATE_SERVICE,
          new ReplaceTemplateService(Access.principal(ctx), templateId(ctx), ctx.pathParam("service_id"), service)));
      })
      .on("deleteTemplateService", anyUser, ctx -> MuranoAnswers.answer(ctx, EnvironmentTemplate::description,
        BusEndpoint.ask(ctx.vertx(), MuranoSessionVerticle.REMOVE_TEMPLATE_SERVICE,
          new RemoveTemplateService(Access.principal(ctx), templateId(ctx), ctx.pathParam("service_id")))));
  }

  private static String templateId(RoutingContext ctx) {
    return ctx.pathParam("env_template_id");
  }
}
