package io.sessiongate.murano;

import io.sessiongate.core.api.LocalMessage;
import io.vertx.core.json.JsonArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link MuranoSessionVerticle} answers where no domain record ({@link Environment},
 * {@link ConfigurationSession}, {@link DeploymentReport}, {@link EnvironmentTemplate}) is the answer.
 * {@link MuranoApi} renders them as Murano's JSON.
 */
public sealed interface MuranoReply extends LocalMessage {
  /** The environments a list shows, each with its sessions (for its status). */
  record EnvironmentList(List<EnvironmentSnapshot> snapshots) implements MuranoReply {
    public EnvironmentList {
      snapshots = List.copyOf(snapshots);
    }
  }

  /** An environment with the services of the model shown (the session's draft or the deployed model). */
  record ShownEnvironment(EnvironmentSnapshot snapshot, JsonArray services) implements MuranoReply {
  }

  /**
   * A value found in an object model or a template: an object, an array, a scalar (a path may end on one)
   * or null; the model is JSON by nature, so it stays JSON.
   */
  record ModelPart(Object value) implements MuranoReply {
  }

  record DeploymentList(List<Deployment> deployments) implements MuranoReply {
    public DeploymentList {
      deployments = List.copyOf(deployments);
    }
  }

  record ReportList(List<DeploymentReport> reports) implements MuranoReply {
    public ReportList {
      reports = List.copyOf(reports);
    }
  }

  /** Per service id of the model, in the model's order, its newest report or null. */
  record LastStatuses(Map<String, DeploymentReport> byService) implements MuranoReply {
    public LastStatuses {
      byService = Collections.unmodifiableMap(new LinkedHashMap<>(byService));
    }
  }

  record TemplateList(List<EnvironmentTemplate> templates) implements MuranoReply {
    public TemplateList {
      templates = List.copyOf(templates);
    }
  }

  /** The environment made from a template and the session whose draft holds the template's applications. */
  record EnvironmentFromTemplate(String environmentId, String sessionId) implements MuranoReply {
  }
}
