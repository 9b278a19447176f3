package io.sessiongate.core.storage;

import io.sessiongate.core.api.ApiError;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The one place that tells a store outage from a bug: a failure of the PostgreSQL pool that means "the store
 * cannot answer now" becomes {@link ApiError#storeUnavailable} (503 + Retry-After in every API's format); any
 * other failure (a constraint violation a store maps itself, a bad statement) passes through unchanged.
 */
public final class StoreFailures {
  /** A store outage is usually seconds long (a restart, a fail-over): try again soon. */
  public static final int RETRY_AFTER_SECONDS = 1;

  /** What is known of a change when the store failed. */
  public enum Outcome {
    /** Nothing reached PostgreSQL (refused, no connection from the pool in time): nothing was changed. */
    NOT_SENT,
    /** The statement was sent and no answer came back (connection lost, deadline passed): it may have run. */
    UNKNOWN,
    /** PostgreSQL answered with an error (cancelled at its statement_timeout, shutting down): nothing was changed. */
    REFUSED
  }

  private StoreFailures() {
  }

  /** {@code failure} as the 503 of a store outage, or {@code failure} itself when it is not one. */
  public static Throwable translate(Throwable failure) {
    if (failure instanceof ApiError) {
      return failure;
    }
    Outcome outcome = outcome(failure);
    return outcome == null ? failure : unavailable(outcome, describe(failure));
  }

  /** The 503 for a store outage of this kind; {@code cause} is for the logs (never shown to clients). */
  public static ApiError unavailable(Outcome outcome, String cause) {
    String message = switch (outcome) {
      case NOT_SENT, REFUSED -> "The session store is unavailable; nothing was changed. Retry later.";
      case UNKNOWN -> "The session store stopped answering; a change this request asked for may or may not have "
        + "been made. Retry later (read the resource first, or repeat the request when it is safe to repeat).";
    };
    return ApiError.storeUnavailable(message, RETRY_AFTER_SECONDS);
  }

  /** How far a failed pool call got, or null when the failure is not a store outage. */
  public static Outcome outcome(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof PgException pg) {
        return serverSideOutage(pg.getSqlState()) ? Outcome.REFUSED : null;
      }
      if (cause instanceof StatementDeadline) {
        return Outcome.UNKNOWN;
      }
      if (cause instanceof ClosedConnectionException) {
        return Outcome.UNKNOWN;
      }
      if (cause instanceof java.net.ConnectException) {
        return Outcome.NOT_SENT;
      }
      if (cause instanceof TimeoutException || isAcquireTimeout(cause)) {
        // The pool's own: no connection was free within pg.acquire-timeout-ms.
        return Outcome.NOT_SENT;
      }
      if (cause instanceof IOException) {
        return Outcome.UNKNOWN;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** The SQL client's pool has no type for it: a VertxException with this message (vertx-sql-client 5.0). */
  private static boolean isAcquireTimeout(Throwable failure) {
    return failure instanceof VertxException && failure.getMessage() != null
      && failure.getMessage().startsWith("Timeout waiting for connection");
  }

  /**
   * SQLSTATEs of a server that cannot serve now: connection exceptions (class 08), too many connections, a
   * statement cancelled at statement_timeout (57014), shutting down or starting up (57P01..57P03), and a
   * read-only standby during a fail-over (25006).
   */
  private static boolean serverSideOutage(String sqlState) {
    if (sqlState == null) {
      return false;
    }
    return sqlState.startsWith("08") || sqlState.equals("53300") || sqlState.equals("57014")
      || sqlState.startsWith("57P") || sqlState.equals("25006");
  }

  /** One line for the logs: the failure's type and message, not a stack trace. */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** The client-side statement deadline passed: the server may be stopped (SIGSTOP) or cut off. */
  static final class StatementDeadline extends TimeoutException {
    StatementDeadline(long millis) {
      super("no answer from PostgreSQL within " + millis + " ms");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
