package io.sessiongate.testing;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Blocks a test thread (never an event loop) on a Vert.x future, with a bound so no test can hang. */
public final class Await {
  private Await() {
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("timed out or interrupted waiting for a future", e);
    }
  }

  public static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException("timed out or interrupted waiting for a future", e);
    }
    throw new AssertionError("expected the future to fail, it succeeded");
  }

  /** Sleeps on a test thread (never an event loop), for tests that poll what a process outside Vert.x writes. */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
