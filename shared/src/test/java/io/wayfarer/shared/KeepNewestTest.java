package io.wayfarer.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.ClockContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class KeepNewestTest {
  final Vertx vertx = Vertx.vertx();
  final Replies replies = new Replies(vertx, "test", new JsonObject().put("pg", new JsonObject()));
  final List<Long> ran = new ArrayList<>();
  final List<Promise<Void>> runs = new ArrayList<>();
  final KeepNewest<Long> hours =
      new KeepNewest<>(
          "test hour",
          LoggerFactory.getLogger(KeepNewestTest.class),
          replies,
          h -> h,
          h -> {
            ran.add(h);
            Promise<Void> p = Promise.promise();
            runs.add(p);
            return p.future();
          });

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void oneRunAtATimeAndOfTheMomentsThatCameMeanwhileOnlyTheNewest() {
    hours.offer(10L);
    hours.offer(11L);
    hours.offer(13L);
    hours.offer(12L);
    assertEquals(List.of(10L), ran, "one run at a time");
    runs.get(0).complete();
    assertEquals(
        List.of(10L, 13L), ran, "then the newest that came meanwhile; 11 and 12 are covered by it");
    hours.offer(13L);
    hours.offer(9L);
    runs.get(1).complete();
    assertEquals(List.of(10L, 13L), ran, "a moment already done or older never runs again");
    hours.offer(14L);
    assertEquals(List.of(10L, 13L, 14L), ran);
    assertEquals(1, replies.inFlight(), "the run under way is tracked, so a stop waits for it");
  }

  @Test
  void aSteppedClockHearsOfAMinuteOnlyOnceWhatTheJobAlsoAwaitsHasSettled() {
    Replies stepped =
        new Replies(
            vertx,
            "test",
            new JsonObject()
                .put("pg", new JsonObject())
                .put("clock", new JsonObject().put("stepped", true)));
    Settling settling = new Settling();
    Promise<Void> scriptCall = Promise.promise();
    settling.track(scriptCall.future());
    boolean[] settled = {false};
    List<Boolean> heardAfterSettling = new CopyOnWriteArrayList<>();
    Promise<Void> heard = Promise.promise();
    // Seen as it is sent, on the sender's thread: what had settled by then.
    vertx
        .eventBus()
        .addOutboundInterceptor(
            ctx -> {
              if (ctx.message().address().equals(ClockContract.JOB_DONE.address())) {
                heardAfterSettling.add(settled[0]);
                heard.tryComplete();
              }
              ctx.next();
            });
    KeepNewest<Long> quests =
        new KeepNewest<Long>(
                "test quests",
                LoggerFactory.getLogger(KeepNewestTest.class),
                stepped,
                h -> h,
                h -> Future.succeededFuture())
            .alsoAwaits(settling::settled);
    // The hour's own run ends at once; a script's call it caused is still under way.
    quests.offer(10L, 600L);
    settled[0] = true;
    scriptCall.complete();
    heard.future().await();
    assertEquals(List.of(true), heardAfterSettling, "told only after the call settled");
    assertTrue(settling.settled().isComplete(), "nothing left under way");
  }

  @Test
  void aFailedRunIsLoggedAndTheNextMomentStillRuns() {
    hours.doneUpTo(20L);
    hours.offer(20L);
    assertEquals(List.of(), ran, "restored as done: not run again");
    hours.offer(21L);
    hours.offer(22L);
    runs.get(0).fail(new IllegalStateException("PostgreSQL went away"));
    assertEquals(List.of(21L, 22L), ran);
  }
}
