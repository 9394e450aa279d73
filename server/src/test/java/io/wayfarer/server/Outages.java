package io.wayfarer.server;

import static java.lang.ProcessBuilder.Redirect.DISCARD;

import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ways for tests to make PostgreSQL and Redis fail as they do in life: stalled, killed, or slow to
 * commit.
 */
final class Outages {
  private Outages() {}

  /**
   * The postmaster of the embedded PostgreSQL under {@code dataDir} and every process it started.
   */
  static List<ProcessHandle> postgres(Path dataDir) {
    ProcessHandle postmaster = process(dataDir.resolve("pg/postmaster.pid"));
    List<ProcessHandle> all = new ArrayList<>();
    all.add(postmaster);
    postmaster.descendants().forEach(all::add);
    return all;
  }

  static ProcessHandle postmaster(Path dataDir) {
    return process(dataDir.resolve("pg/postmaster.pid"));
  }

  static ProcessHandle redis(Path dataDir) {
    return process(dataDir.resolve("redis/redis.pid"));
  }

  private static ProcessHandle process(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      return ProcessHandle.of(pid)
          .orElseThrow(() -> new AssertionError("no process " + pid + " from " + pidFile));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + pidFile, e);
    }
  }

  /**
   * Sends a signal ({@code STOP}, {@code CONT}) to processes: a stalled server keeps its
   * connections and answers nothing. A backend that ended after it was listed (a pool closing its
   * connections) is no failure; a process still alive that {@code kill} could not reach is.
   */
  static void signal(String signal, List<ProcessHandle> processes) {
    for (ProcessHandle p : processes) {
      List<String> command = List.of("kill", "-" + signal, Long.toString(p.pid()));
      try {
        Process kill =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(DISCARD).start();
        if (kill.waitFor() != 0 && p.isAlive()) {
          throw new AssertionError(String.join(" ", command) + " failed");
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Makes every COMMIT of a transaction that recorded a trade take {@code seconds}: a deferred
   * trigger sleeps at commit time, as a disk or a replica too slow to acknowledge would. The trade
   * commits in the end.
   */
  static void slowCommits(Pool pool, double seconds) {
    pool.query(
            "CREATE OR REPLACE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep("
                + seconds
                + "); RETURN NULL; END $$")
        .execute()
        .await();
    pool.query("DROP TRIGGER IF EXISTS test_slow_commit ON market_trades").execute().await();
    pool.query(
            "CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON market_trades DEFERRABLE INITIALLY DEFERRED"
                + " FOR EACH ROW EXECUTE FUNCTION test_slow_commit()")
        .execute()
        .await();
  }

  static void normalCommits(Pool pool) {
    pool.query("DROP TRIGGER IF EXISTS test_slow_commit ON market_trades").execute().await();
  }
}
