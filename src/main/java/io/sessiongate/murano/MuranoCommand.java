package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The messages {@link MuranoApi} sends to {@link MuranoSessionVerticle}, one record per address (the
 * verticle's constants name them after the record); each carries the caller, whose tenant and login Murano's
 * checks need. Bodies are handed over and no longer touched by the sender. The verticle answers with the
 * record named on each (a domain record or a {@link MuranoReply}), or null for "done"; {@link MuranoApi}
 * renders it.
 */
public sealed interface MuranoCommand extends LocalMessage {
  Principal caller();

  // --- environments

  /** {@code allTenants}, {@code tenant}: the raw query values (or null); replies a {@link MuranoReply.EnvironmentList}. */
  record ListEnvironments(Principal caller, String allTenants, String tenant) implements MuranoCommand {
  }

  /** Replies the {@link Environment}. */
  record CreateEnvironment(Principal caller, JsonObject body) implements MuranoCommand {
  }

  /**
   * {@code sessionId} is the X-Configuration-Session header (or the session_id query parameter), or null;
   * replies a {@link MuranoReply.ShownEnvironment}.
   */
  record ShowEnvironment(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  /** Replies the renamed {@link Environment}. */
  record RenameEnvironment(Principal caller, String environmentId, JsonObject body) implements MuranoCommand {
  }

  /** {@code reportBase}: where the deployer reaches this API (MuranoSettings.ReportBase), for its report URL. */
  record DeleteEnvironment(Principal caller, String environmentId, boolean abandon, String reportBase)
    implements MuranoCommand {
  }

  // --- configuration sessions

  /** Replies the opened {@link ConfigurationSession}. */
  record Configure(Principal caller, String environmentId) implements MuranoCommand {
  }

  /** Replies the {@link ConfigurationSession}. */
  record ShowSession(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  record DeleteSession(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  record DeploySession(Principal caller, String environmentId, String sessionId, String reportBase)
    implements MuranoCommand {
  }

  // --- the services of a draft or model (sessionId: the X-Configuration-Session header, or null)

  /** One service ({@code serviceId}) or, when it is null, all of them; replies a {@link MuranoReply.ModelPart}. */
  record ReadServices(Principal caller, String environmentId, String sessionId, String serviceId)
    implements MuranoCommand {
  }

  /** {@code services}: one service object or an array of them, added to the draft. */
  record AddServices(Principal caller, String environmentId, String sessionId, Object services)
    implements MuranoCommand {
  }

  record ReplaceServices(Principal caller, String environmentId, String sessionId, JsonArray services)
    implements MuranoCommand {
  }

  record RemoveService(Principal caller, String environmentId, String sessionId, String serviceId)
    implements MuranoCommand {
  }

  // --- deployments

  /**
   * One environment's deployments, or ({@code environmentId} null) the tenant's; {@code allTenants} raw.
   * Replies a {@link MuranoReply.DeploymentList}.
   */
  record ListDeployments(Principal caller, String environmentId, String allTenants) implements MuranoCommand {
  }

  /** {@code serviceIds}: the service_id query values (none: every report); replies a {@link MuranoReply.ReportList}. */
  record ShowReports(Principal caller, String environmentId, String deploymentId, List<String> serviceIds)
    implements MuranoCommand {
    public ShowReports {
      serviceIds = List.copyOf(serviceIds);
    }
  }

  /** Replies the {@link MuranoReply.LastStatuses}. */
  record ShowLastStatus(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  /**
   * From the deployer: no caller; {@code secret} (the X-Report-Secret header) authenticates it. Replies the
   * stored {@link DeploymentReport}.
   */
  record PostReport(Principal caller, String deploymentId, String secret, JsonObject body) implements MuranoCommand {
  }

  // --- the object model

  /** Replies a {@link MuranoReply.ModelPart}. */
  record ShowModel(Principal caller, String environmentId, String sessionId, String path) implements MuranoCommand {
  }

  /**
   * {@code patch}: the parsed body as sent (Murano checks it is a list of changes), or null. Replies the draft
   * after the patch, a {@link MuranoReply.ModelPart}.
   */
  record PatchModel(Principal caller, String environmentId, String sessionId, Object patch) implements MuranoCommand {
  }

  // --- environment templates

  /** {@code isPublic}: the raw is_public query value, or null; replies a {@link MuranoReply.TemplateList}. */
  record ListTemplates(Principal caller, String isPublic) implements MuranoCommand {
  }

  /** The templates' replies are the {@link EnvironmentTemplate} (created, shown, changed, cloned) unless named. */
  record CreateTemplate(Principal caller, JsonObject body) implements MuranoCommand {
  }

  record ShowTemplate(Principal caller, String templateId) implements MuranoCommand {
  }

  record UpdateTemplate(Principal caller, String templateId, JsonObject body) implements MuranoCommand {
  }

  record DeleteTemplate(Principal caller, String templateId) implements MuranoCommand {
  }

  record CloneTemplate(Principal caller, String templateId, JsonObject body) implements MuranoCommand {
  }

  /** Replies the {@link MuranoReply.EnvironmentFromTemplate}. */
  record CreateEnvironmentFromTemplate(Principal caller, String templateId, JsonObject body) implements MuranoCommand {
  }

  /** One service ({@code serviceId}) or, when it is null, all of them; replies a {@link MuranoReply.ModelPart}. */
  record ReadTemplateServices(Principal caller, String templateId, String serviceId) implements MuranoCommand {
  }

  /** {@code services}: one service object or an array of them. */
  record AddTemplateServices(Principal caller, String templateId, Object services) implements MuranoCommand {
  }

  record ReplaceTemplateService(Principal caller, String templateId, String serviceId, JsonObject service)
    implements MuranoCommand {
  }

  record RemoveTemplateService(Principal caller, String templateId, String serviceId) implements MuranoCommand {
  }
}
