package io.wayfarer.shared;

import io.vertx.core.Future;
import io.wayfarer.shared.clock.ClockContract;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;

/**
 * Runs a job for a moment of game time (an hour to settle, a minute's due activities), one run at a
 * time, each moment at most once and never one older than the last: a moment that arrives while a
 * run is under way is kept, only the newest of them, and run as soon as that run ends. A fast or
 * advanced clock therefore never queues up a backlog and never leaves a job behind. Every hourly
 * job in the world uses this one rule.
 *
 * <p>Its runs are tracked by the verticle's {@link Replies}, so a stop waits for the one under way.
 * Confined to the verticle's event loop.
 */
public final class KeepNewest<T> {
  private final String what;
  private final Logger log;
  private final Replies replies;
  private final ToLongFunction<T> moment;
  private final Function<T, Future<?>> job;
  private long last = Long.MIN_VALUE;
  private boolean running;
  private T pending;

  /** The newest tick's minute offered, which a stepped clock is told of once it is done. */
  private long heardThrough = Long.MIN_VALUE;

  /** What a stepped clock is told of only once it has settled too (null: nothing). */
  private Supplier<Future<Void>> settledToo;

  /**
   * @param what the job, for the log and a stepped clock (one of {@link ClockContract.Jobs})
   * @param moment the moment a value stands for (its game hour or minute), which orders the values
   */
  public KeepNewest(
      String what,
      Logger log,
      Replies replies,
      ToLongFunction<T> moment,
      Function<T, Future<?>> job) {
    this.what = what;
    this.log = log;
    this.replies = replies;
    this.moment = moment;
    this.job = job;
  }

  /**
   * A stepped clock is told this job is done with a minute only once {@code settled} completes as
   * well: work the verticle started on its own around this job (see {@link Settling}).
   */
  public KeepNewest<T> alsoAwaits(Supplier<Future<Void>> settled) {
    this.settledToo = settled;
    return this;
  }

  /** The moment already done (restored at a start): nothing up to it runs again. */
  public void doneUpTo(long moment) {
    last = Math.max(last, moment);
  }

  public long last() {
    return last;
  }

  /** {@link #offer(Object, long)} for a value that no tick brought (nothing to tell a clock). */
  public void offer(T value) {
    offer(value, Long.MIN_VALUE);
  }

  /**
   * Runs the job for {@code value}, which the tick of game minute {@code minute} brought, now, or
   * once the run under way ends if it is still the newest by then. When the clock is stepped
   * ({@code clock.stepped}), the clock is told once the job has done all that the ticks up to
   * {@code minute} asked: at once when there is nothing to run, after the run otherwise.
   */
  public void offer(T value, long minute) {
    heardThrough = Math.max(heardThrough, minute);
    long at = moment.applyAsLong(value);
    if (at <= last) {
      if (!running) {
        done();
      }
      return;
    }
    if (running) {
      if (pending == null || at > moment.applyAsLong(pending)) {
        pending = value;
      }
      return;
    }
    last = at;
    running = true;
    Future<?> run;
    try {
      run = job.apply(value);
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    replies
        .track(run)
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed()) {
                log.warn("{} {} failed: {}", what, at, ar.cause().getMessage());
              }
              T next = pending;
              pending = null;
              if (next != null) {
                offer(next, heardThrough);
              } else {
                done();
              }
            });
  }

  /** Tells a stepped clock this job is done with every tick it heard. */
  private void done() {
    if (replies.clockStepped() && heardThrough != Long.MIN_VALUE) {
      long through = heardThrough;
      Future<Void> settled = settledToo == null ? Future.succeededFuture() : settledToo.get();
      settled.onComplete(
          ar ->
              ClockContract.JOB_DONE.publish(
                  replies.vertx().eventBus(), new ClockContract.JobDone(what, through)));
    }
  }
}
