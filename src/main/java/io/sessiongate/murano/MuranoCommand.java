package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The messages {@link MuranoApi} sends to {@link MuranoSessionVerticle}; each carries the caller, whose
 * tenant and login Murano's checks need. Bodies are handed over and no longer touched by the sender.
 * The verticle answers each with a {@link Reply}.
 */
public sealed interface MuranoCommand extends LocalMessage {
  Principal caller();

  /** The JSON body of the 200 answer: a JsonObject, a JsonArray, or null for an empty body. */
  record Reply(Object body) implements LocalMessage {
  }

  // --- address ENVIRONMENTS

  /** {@code allTenants} and {@code tenant} are the raw query values (or null). */
  record ListEnvironments(Principal caller, String allTenants, String tenant) implements MuranoCommand {
  }

  record CreateEnvironment(Principal caller, JsonObject body) implements MuranoCommand {
  }

  /** {@code sessionId} is the X-Configuration-Session header (or the session_id query parameter), or null. */
  record ShowEnvironment(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  record RenameEnvironment(Principal caller, String environmentId, JsonObject body) implements MuranoCommand {
  }

  /** {@code reportBase}: where the deployer reaches this API (MuranoSettings.ReportBase), for its report URL. */
  record DeleteEnvironment(Principal caller, String environmentId, boolean abandon, String reportBase)
    implements MuranoCommand {
  }

  // --- address SESSIONS

  record Configure(Principal caller, String environmentId) implements MuranoCommand {
  }

  record ShowSession(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  record DeleteSession(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  record DeploySession(Principal caller, String environmentId, String sessionId, String reportBase)
    implements MuranoCommand {
  }

  // --- address SERVICES (sessionId: the X-Configuration-Session header, or null)

  /** One service ({@code serviceId}) or, when it is null, all of them. */
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

  // --- address DEPLOYMENTS

  /** One environment's deployments, or ({@code environmentId} null) the tenant's; {@code allTenants} raw. */
  record ListDeployments(Principal caller, String environmentId, String allTenants) implements MuranoCommand {
  }

  /** {@code serviceIds}: the service_id query values (none: every report). */
  record ShowReports(Principal caller, String environmentId, String deploymentId, List<String> serviceIds)
    implements MuranoCommand {
    public ShowReports {
      serviceIds = List.copyOf(serviceIds);
    }
  }

  record ShowLastStatus(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  /** From the deployer: no caller; {@code secret} (the X-Report-Secret header) authenticates it. */
  record PostReport(Principal caller, String deploymentId, String secret, JsonObject body) implements MuranoCommand {
  }

  // --- address MODEL

  record ShowModel(Principal caller, String environmentId, String sessionId, String path) implements MuranoCommand {
  }

  /** {@code patch}: the parsed body as sent (Murano checks it is a list of changes), or null. */
  record PatchModel(Principal caller, String environmentId, String sessionId, Object patch) implements MuranoCommand {
  }

  // --- address TEMPLATES

  /** {@code isPublic}: the raw is_public query value, or null. */
  record ListTemplates(Principal caller, String isPublic) implements MuranoCommand {
  }

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

  record CreateEnvironmentFromTemplate(Principal caller, String templateId, JsonObject body) implements MuranoCommand {
  }

  /** One service ({@code serviceId}) or, when it is null, all of them. */
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
