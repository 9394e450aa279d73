package io.wayfarer.shared;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a verticle serves requests on the bus, one per verticle instance (rules 5 and 12 in
 * ARCHITECTURE.md):
 *
 * <ul>
 *   <li>every answer comes in bounded time: what waits on PostgreSQL longer than the pool's
 *       patience is answered 503 rather than left to the gateway's timeout;
 *   <li>every failure is told as what it is: a refusal with its own code and words; "unavailable,
 *       nothing was changed" (503) when nothing can have changed; "outcome unknown" ({@link
 *       Failures#OUTCOME_UNKNOWN}) when a command may have committed; anything else is a logged
 *       500;
 *   <li>a stop stops taking requests first, lets those in flight finish ({@link #stop}), and only
 *       then may the verticle close its pools; background work it started ({@link #track}) is
 *       waited for too.
 * </ul>
 *
 * Confined to its verticle's event loop.
 */
public final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  /** The most a stop waits for work in flight before it lets the pools close anyway. */
  public static final long DRAIN_MILLIS = 10_000;

  private final Vertx vertx;
  private final String who;
  private final boolean clockStepped;
  private final long readPatienceMillis;
  private final long commandPatienceMillis;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private int inFlight;
  private Promise<Void> drained;

  /**
   * @param who the verticle, for the log
   */
  public Replies(Vertx vertx, String who, JsonObject config) {
    this.vertx = vertx;
    this.who = who;
    this.clockStepped =
        config.getJsonObject("clock", new JsonObject()).getBoolean("stepped", false);
    // A read leaves nothing half-done, so it gives up as soon as a query would (a stalled
    // connection included). A
    // command waits a little longer than Db's own bound, so Db's more precise answer comes first
    // when both apply.
    this.readPatienceMillis =
        config.getJsonObject("pg").getInteger("queryTimeoutMillis", 1500) + 250;
    this.commandPatienceMillis = Clients.pgPatienceMillis(config) + 250;
  }

  /** Serves {@code address} until {@link #stop}. */
  public <T> MessageConsumer<T> serve(String address, Handler<Message<T>> handler) {
    MessageConsumer<T> consumer = vertx.eventBus().consumer(address, handler);
    consumers.add(consumer);
    return consumer;
  }

  /** Completes when every address served so far is registered. */
  public Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /**
   * Answers a request that changes nothing (a read): a failure that is not a refusal means "try
   * again".
   */
  public void read(Message<?> msg, Future<JsonObject> result) {
    answer(msg, result, false, readPatienceMillis);
  }

  /**
   * As {@link #read}, for a request that waits on purpose ({@code extraMillis} more), such as a
   * held-back login.
   */
  public void readWaiting(Message<?> msg, Future<JsonObject> result, long extraMillis) {
    answer(msg, result, false, commandPatienceMillis + extraMillis);
  }

  /**
   * Answers a command: a failure that is not a refusal and not known to have changed nothing may
   * have been applied, and is answered as {@link Failures#OUTCOME_UNKNOWN}.
   */
  public void command(Message<?> msg, Future<JsonObject> result) {
    answer(msg, result, true, commandPatienceMillis);
  }

  /**
   * Counts background work (an hour's settling, a receipt on its way) as in flight, so a stop waits
   * for it.
   */
  public <T> Future<T> track(Future<T> work) {
    inFlight++;
    return work.andThen(ar -> finished());
  }

  private void answer(
      Message<?> msg, Future<JsonObject> result, boolean command, long patienceMillis) {
    inFlight++;
    result
        .timeout(patienceMillis, TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              finished();
              if (ar.succeeded()) {
                msg.reply(ar.result());
                return;
              }
              Throwable err = ar.cause();
              if (err instanceof Refusal r) {
                msg.fail(r.code(), r.getMessage());
              } else if (err instanceof Db.Unavailable
                  || (!command
                      && (Db.isConnectionFailure(err) || err instanceof Db.OutcomeUnknown))) {
                LOG.warn("{}: {} answered 'unavailable': {}", who, msg.address(), err.getMessage());
                msg.fail(
                    Failures.UNAVAILABLE, command ? Failures.NOTHING_CHANGED : Failures.TRY_AGAIN);
              } else if (err instanceof Db.OutcomeUnknown
                  || (command && Db.isConnectionFailure(err))) {
                LOG.warn(
                    "{}: {} answered 'outcome unknown': {}", who, msg.address(), err.getMessage());
                msg.fail(Failures.OUTCOME_UNKNOWN, Failures.UNKNOWN_OUTCOME);
              } else {
                LOG.error("{}: request to {} failed", who, msg.address(), err);
                msg.fail(Failures.INTERNAL, "internal error");
              }
            });
  }

  private void finished() {
    inFlight--;
    if (inFlight == 0 && drained != null) {
      drained.tryComplete();
    }
  }

  /**
   * Stops taking requests, then waits (up to {@link #DRAIN_MILLIS}) for those in flight and tracked
   * work to finish. The verticle closes its pools after this.
   */
  public Future<Void> stop() {
    Future<Void> unregistered =
        Future.join(consumers.stream().map(MessageConsumer::unregister).toList())
            .<Void>mapEmpty()
            .otherwise(Failures.logged(LOG, who + ": not every consumer unregistered cleanly"));
    return unregistered.compose(
        v -> {
          if (inFlight == 0) {
            return Future.succeededFuture();
          }
          LOG.info("{}: finishing {} requests in flight before stopping", who, inFlight);
          drained = Promise.promise();
          return drained
              .future()
              .timeout(DRAIN_MILLIS, TimeUnit.MILLISECONDS)
              .otherwise(
                  err -> {
                    LOG.warn(
                        "{}: {} requests still in flight after {} ms; stopping anyway",
                        who,
                        inFlight,
                        DRAIN_MILLIS);
                    return null;
                  });
        });
  }

  public int inFlight() {
    return inFlight;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Whether the world's clock is stepped ({@code clock.stepped}): its clock-driven jobs then say
   * when they are done with each tick ({@link KeepNewest}).
   */
  public boolean clockStepped() {
    return clockStepped;
  }
}
