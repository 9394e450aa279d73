package io.wayfarer.shared;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Work a verticle starts on its own after an event, not to answer a request (a player's quests
 * checked after a deed, a script's call and what it asks for, notices sent on): counted, so that a
 * stepped clock's job can wait until it has all settled before it says it is done with a minute
 * ({@link KeepNewest#alsoAwaits}). A simulation's players then never act on a world still catching
 * up with the minutes before, and one seed makes one world. Confined to the verticle's event loop.
 */
public final class Settling {
  private int running;
  private final List<Promise<Void>> waiting = new ArrayList<>();

  /** Counts {@code work} until it ends, however it ends; returns it. */
  public <T> Future<T> track(Future<T> work) {
    running++;
    return work.andThen(
        ar -> {
          running--;
          if (running == 0) {
            List<Promise<Void>> ready = List.copyOf(waiting);
            waiting.clear();
            ready.forEach(Promise::complete);
          }
        });
  }

  /** Completes (never fails) once no tracked work is under way. */
  public Future<Void> settled() {
    if (running == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    waiting.add(p);
    return p.future();
  }
}
