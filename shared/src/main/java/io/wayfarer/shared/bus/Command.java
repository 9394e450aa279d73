package io.wayfarer.shared.bus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.input.Form;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One request/reply on the bus, declared once in its owner's contract (ARCHITECTURE.md,
 * "Contracts"): its address, whether it changes the world, how its request is read and checked
 * ({@code fromJson}, refusing bad bodies in plain words), which of its fields a client types
 * ({@link #form}, the source of every limit the gateway, the verticle and the browser apply), and
 * how its reply is read. The sender calls {@link #request}; the owner {@link #serve}s it.
 *
 * @param form the fields a client may send (null when no client sends this command); the rest of
 *     the request, such as the player id, is attached by the gateway from the session and the path
 * @param patienceMillis how long a sender waits at least (0: the sender's usual bus timeout), for
 *     the few commands that take long on purpose, such as a redeploy
 */
public record Command<Q extends Body, R extends Body>(
    String address,
    boolean changes,
    Function<JsonObject, Q> request,
    Function<JsonObject, R> reply,
    Form form,
    String summary,
    long patienceMillis) {

  /** A request that changes nothing: a failure means "try again". */
  public static <Q extends Body, R extends Body> Command<Q, R> read(
      String address,
      Function<JsonObject, Q> request,
      Function<JsonObject, R> reply,
      Form form,
      String summary) {
    return new Command<>(address, false, request, reply, form, summary, 0);
  }

  /**
   * A request that changes the world: an unanswered one may have happened ({@code
   * outcome_unknown}).
   */
  public static <Q extends Body, R extends Body> Command<Q, R> change(
      String address,
      Function<JsonObject, Q> request,
      Function<JsonObject, R> reply,
      Form form,
      String summary) {
    return new Command<>(address, true, request, reply, form, summary, 0);
  }

  /** The same command, its senders waiting at least {@code millis} for the answer. */
  public Command<Q, R> patient(long millis) {
    return new Command<>(address, changes, request, reply, form, summary, millis);
  }

  /** Sends {@code body} and reads the reply. */
  public Future<R> request(Vertx vertx, Q body, long timeoutMillis) {
    return requestJson(vertx, body.toJson(), timeoutMillis).map(reply);
  }

  /**
   * Checks {@code body} by this command's own rules (a {@link Refusal} of 400 when it breaks one)
   * and sends it; the reply comes back as JSON, for a gateway that passes it on without reading it.
   */
  public Future<JsonObject> requestJson(Vertx vertx, JsonObject body, long timeoutMillis) {
    Q checked;
    try {
      checked = request.apply(body);
    } catch (Refusal r) {
      return Future.failedFuture(r);
    }
    long timeout = Math.max(timeoutMillis, patienceMillis);
    long deadline = System.nanoTime() + Math.min(GAP_WAIT_MILLIS, timeout) * 1_000_000;
    return send(vertx, checked.toJson(), new DeliveryOptions().setSendTimeout(timeout), deadline);
  }

  /**
   * How long a request waits for an owner that has no handler on the bus (it is being redeployed,
   * or its process restarts) before it fails with {@code NO_HANDLERS}. Asking again is safe: a
   * request nobody received changed nothing.
   */
  public static final long GAP_WAIT_MILLIS = 5000;

  private static final long GAP_RETRY_MILLIS = 100;

  private Future<JsonObject> send(
      Vertx vertx, JsonObject body, DeliveryOptions options, long deadline) {
    Promise<JsonObject> answered = Promise.promise();
    attempt(vertx, body, options, deadline, answered);
    return answered.future();
  }

  /** One attempt; a {@code NO_HANDLERS} before the deadline tries again, into the same promise. */
  private void attempt(
      Vertx vertx,
      JsonObject body,
      DeliveryOptions options,
      long deadline,
      Promise<JsonObject> answered) {
    vertx
        .eventBus()
        .<JsonObject>request(address, body, options)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                answered.complete(ar.result().body());
              } else if (ar.cause() instanceof ReplyException re
                  && re.failureType() == ReplyFailure.NO_HANDLERS
                  && System.nanoTime() - deadline < 0) {
                vertx.setTimer(
                    GAP_RETRY_MILLIS, id -> attempt(vertx, body, options, deadline, answered));
              } else {
                answered.fail(ar.cause());
              }
            });
  }

  /**
   * Serves this command until {@code replies} stops: each body is read and checked (a bad one is
   * refused with 400 and its reason, and the handler never sees it), the handler's reply is written
   * as JSON, and its failures are told as {@link Replies} tells them.
   */
  public MessageConsumer<JsonObject> serve(Replies replies, Function<Q, Future<R>> handler) {
    return serve(
        replies,
        handler,
        (msg, result) -> {
          if (changes) {
            replies.command(msg, result);
          } else {
            replies.read(msg, result);
          }
        });
  }

  /**
   * As {@link #serve}, for a read that waits on purpose ({@code extraMillis} longer), such as a
   * held-back login.
   */
  public MessageConsumer<JsonObject> serveWaiting(
      Replies replies, Function<Q, Future<R>> handler, long extraMillis) {
    return serve(replies, handler, (msg, result) -> replies.readWaiting(msg, result, extraMillis));
  }

  private MessageConsumer<JsonObject> serve(
      Replies replies,
      Function<Q, Future<R>> handler,
      BiConsumer<Message<JsonObject>, Future<JsonObject>> answer) {
    return replies.serve(
        address,
        msg -> {
          Future<JsonObject> result;
          try {
            result =
                handler
                    .apply(request.apply(msg.body() == null ? new JsonObject() : msg.body()))
                    .map(Body::toJson);
          } catch (Refusal r) {
            result = Future.failedFuture(r);
          }
          answer.accept(msg, result);
        });
  }
}
