package io.wayfarer.shared;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request refused for a reason the player should hear: bad input (400), not allowed (403), not
 * found (404), a conflict with the world's state such as "not enough gold" (409), too many attempts
 * (429), or a service that is away (503). It travels the bus as {@code msg.fail(code, message)}
 * (ARCHITECTURE.md rule 5).
 */
public class Refusal extends RuntimeException {
  private static final Logger LOG = LoggerFactory.getLogger(Refusal.class);
  private final int code;

  public Refusal(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Refusal badInput(String message) {
    return new Refusal(Failures.BAD_REQUEST, message);
  }

  public static Refusal conflict(String message) {
    return new Refusal(Failures.CONFLICT, message);
  }

  public static Refusal notFound(String message) {
    return new Refusal(Failures.NOT_FOUND, message);
  }

  public static <T> Future<T> fail(int code, String message) {
    return Future.failedFuture(new Refusal(code, message));
  }

  /**
   * Replies with the result, or fails the message with the refusal's code; anything else is a
   * logged 500.
   */
  public static void reply(Message<?> msg, Future<JsonObject> result) {
    result.onComplete(
        ar -> {
          if (ar.succeeded()) {
            msg.reply(ar.result());
          } else if (ar.cause() instanceof Refusal r) {
            msg.fail(r.code(), r.getMessage());
          } else {
            LOG.error("Request to {} failed", msg.address(), ar.cause());
            msg.fail(Failures.INTERNAL, "internal error");
          }
        });
  }
}
