package io.wayfarer.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneAtATimeTest {
  final OneAtATime<String, Integer> boards = new OneAtATime<>();
  final List<Promise<Integer>> started = new ArrayList<>();

  Future<Integer> work() {
    Promise<Integer> p = Promise.promise();
    started.add(p);
    return p.future();
  }

  @Test
  void aCallDuringARunWaitsForItAndLaterCallsJoinTheQueuedRun() {
    Future<Integer> first = boards.run("oakhollow", this::work);
    Future<Integer> second = boards.run("oakhollow", this::work);
    Future<Integer> third = boards.run("oakhollow", this::work);
    assertEquals(1, started.size(), "the second run waits for the first");
    assertSame(second, third, "a call while one is queued joins it");

    started.get(0).complete(1);
    assertTrue(first.succeeded());
    assertEquals(2, started.size(), "the queued run starts when the first ends");
    assertTrue(!second.isComplete());
    started.get(1).complete(2);
    assertEquals(2, third.result());

    boards.run("oakhollow", this::work);
    assertEquals(3, started.size(), "with nothing running, a call runs at once");
  }

  @Test
  void keysDoNotWaitForEachOther() {
    boards.run("oakhollow", this::work);
    boards.run("saltmere", this::work);
    assertEquals(2, started.size());
  }

  @Test
  void aFailedRunDoesNotStopTheNext() {
    Future<Integer> first = boards.run("oakhollow", this::work);
    Future<Integer> second = boards.run("oakhollow", this::work);
    started.get(0).fail(new IllegalStateException("PostgreSQL went away"));
    assertTrue(first.failed());
    started.get(1).complete(5);
    assertEquals(5, second.result());
  }

  @Test
  void workThatThrowsFailsItsCallAndLeavesNothingRunning() {
    Future<Integer> broken =
        boards.run(
            "oakhollow",
            () -> {
              throw new IllegalArgumentException("no such town");
            });
    assertTrue(broken.failed());
    boards.run("oakhollow", this::work);
    assertEquals(1, started.size(), "the next call runs at once");
  }
}
