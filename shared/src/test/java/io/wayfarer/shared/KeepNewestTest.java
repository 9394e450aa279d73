package io.wayfarer.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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
