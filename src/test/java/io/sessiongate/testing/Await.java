package io.sessiongate.testing;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocks a test thread (never an event loop) on a Vert.x future, with a bound so no test can hang. */
public final class Await {
  private static final long POLL_MILLIS = 10;

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

  /**
   * Polls {@code condition} on the test thread until it holds, for what happens in its own time (a message
   * across nodes, a write-behind, a process); fails with {@code what} after the bound {@link #await} has.
   */
  public static void until(String what, BooleanSupplier condition) {
    until(what, Duration.ofSeconds(30), condition);
  }

  /** {@link #until(String, BooleanSupplier)} where the bound is part of what the test asserts. */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not " + what + " within " + within.toMillis() + " ms");
      }
      pause(POLL_MILLIS);
    }
  }

  /** Sleeps on a test thread (never an event loop), for tests that poll what a process outside Vert.x writes. */
  public static void pause(long millis) {
    try {
      // The one sleep behind every poll: the test thread waits while the gateway's event loops work.
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
