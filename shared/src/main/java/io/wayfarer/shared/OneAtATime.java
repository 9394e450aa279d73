package io.wayfarer.shared;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recomputations of something that is then published, such as a market's board or a town's
 * presence, run one at a time per key. Two run side by side on two PostgreSQL connections may
 * finish in either order, and the older answer published last would stay on every page until the
 * next change. Here a call while one runs joins the single run queued behind it, which starts when
 * the running one ends and so sees everything committed before any of its callers asked: a burst of
 * changes costs at most two runs, and what is published last is the newest.
 *
 * <p>Confined to one verticle's event loop, like the state it guards.
 */
public final class OneAtATime<K, T> {
  private final Map<K, Future<T>> running = new HashMap<>();
  private final Map<K, Future<T>> queued = new HashMap<>();

  /**
   * Runs {@code work} for {@code key} now, or after the run under way; completes with the run that
   * covers this call.
   */
  public Future<T> run(K key, Supplier<Future<T>> work) {
    Future<T> next = queued.get(key);
    if (next != null) {
      return next;
    }
    Future<T> current = running.get(key);
    if (current == null) {
      return start(key, work);
    }
    next =
        current.transform(
            previous -> {
              queued.remove(key);
              return start(key, work);
            });
    queued.put(key, next);
    return next;
  }

  private Future<T> start(K key, Supplier<Future<T>> work) {
    Future<T> run;
    try {
      run = work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    running.put(key, run);
    run.onComplete(done -> running.remove(key, run));
    return run;
  }
}
