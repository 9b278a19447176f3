package io.sessiongate.core.slice;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;

import java.util.function.Supplier;

/** A verticle a slice owns, deployed once with {@code options} (one deployment per shard-owning instance, say). */
public record SliceVerticle(Supplier<? extends Deployable> verticle, DeploymentOptions options) {
  public static SliceVerticle of(Supplier<? extends Deployable> verticle) {
    return new SliceVerticle(verticle, new DeploymentOptions());
  }
}
