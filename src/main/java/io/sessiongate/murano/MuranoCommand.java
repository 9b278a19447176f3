package io.sessiongate.murano;

import io.sessiongate.core.auth.Principal;
import io.sessiongate.core.bus.LocalMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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

  /** {@code sessionId} is the X-Configuration-Session header, or null. */
  record ShowEnvironment(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  record RenameEnvironment(Principal caller, String environmentId, JsonObject body) implements MuranoCommand {
  }

  record DeleteEnvironment(Principal caller, String environmentId, boolean abandon) implements MuranoCommand {
  }

  // --- address SESSIONS

  record Configure(Principal caller, String environmentId) implements MuranoCommand {
  }

  record ShowSession(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  record DeleteSession(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
  }

  record DeploySession(Principal caller, String environmentId, String sessionId) implements MuranoCommand {
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
}
