package io.wayfarer.shared;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Failure codes carried by {@code msg.fail(code, text)} on the bus (ARCHITECTURE.md rule 5). They
 * are HTTP-like on purpose: the gateway maps a bus failure to the same HTTP status without a
 * translation table.
 */
public final class Failures {
  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int TOO_MANY = 429;
  public static final int INTERNAL = 500;

  /** Nothing was done: the database or the owning verticle is away. Try again in a moment. */
  public static final int UNAVAILABLE = 503;

  /**
   * On the bus only: a command may or may not have been applied (its COMMIT went unanswered). The
   * gateway answers it as HTTP 503 with the reason {@code outcome_unknown} and the request id to
   * retry with; never as a failure.
   */
  public static final int OUTCOME_UNKNOWN = 504;

  public static final String NOTHING_CHANGED =
      "the database is not answering right now; nothing was changed, try again in a moment";
  public static final String TRY_AGAIN =
      "the database is not answering right now; try again in a moment";
  public static final String UNKNOWN_OUTCOME =
      "the database did not confirm this in time: it may or may not have happened; send it again with the same request id to find out";

  private Failures() {}

  /**
   * For a step whose failure must not fail what it serves (refreshing a cache, announcing a
   * change): the failure is logged as a warning with {@code what} did not happen, and the chain
   * goes on with null. Never swallow one silently.
   */
  public static <T> Function<Throwable, T> logged(Logger log, String what) {
    return err -> {
      log.warn("{}: {}", what, String.valueOf(err));
      return null;
    };
  }

  /**
   * The HTTP status for a failed bus request: the verticle's own code when it set one, 503 when
   * nobody is there to answer (no handler, timeout), 500 otherwise.
   */
  public static int httpStatus(Throwable failure) {
    if (failure instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS
          || re.failureType() == ReplyFailure.TIMEOUT) {
        return UNAVAILABLE;
      }
      int code = re.failureCode();
      if (code == OUTCOME_UNKNOWN) {
        return UNAVAILABLE;
      }
      return code >= 400 && code <= 599 ? code : INTERNAL;
    }
    return INTERNAL;
  }

  /**
   * Whether a failed request to change the world may have been applied anyway: the owner said so,
   * or it never answered (the request reached it and its answer was lost). A request nobody
   * received ({@code NO_HANDLERS}) changed nothing.
   */
  public static boolean outcomeUnknown(Throwable failure) {
    return failure instanceof ReplyException re
        && (re.failureCode() == OUTCOME_UNKNOWN || re.failureType() == ReplyFailure.TIMEOUT);
  }
}
