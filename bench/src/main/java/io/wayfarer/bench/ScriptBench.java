package io.wayfarer.bench;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.wayfarer.scripts.ScriptSandbox;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.infra.EmbeddedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.graalvm.polyglot.Engine;

/**
 * What a world script costs. Calls per second into a sandboxed script (interpreted GraalJS, with
 * its limits watched) for a trivial handler and for a quest-like step, against the same logic
 * written in Java in the same run; and how late the clock's ticks come while a script spends its
 * whole statement budget on every event, against the same server with no busy script.
 *
 * <p>Run with {@code scripts/bench scripts [seconds per phase] [rounds]}.
 */
public final class ScriptBench {
  private ScriptBench() {}

  static final String TRIVIAL = "world.on('event', (e) => {});";

  /** A quest's step: is this the festival in Redhaven, how long is left, say so. */
  static final String STEP =
      """
      world.on('event', (e) => {
        if (e.type !== 'festival' || e.town !== 'redhaven') return;
        const left = e.endsAt - world.time().gameMinutes;
        if (left > 60) world.noticeTown(e.town, 'Bring the grain to the baker within ' + Math.floor(left / 60) + ' hours');
      });
      """;

  static final Function<JsonObject, List<JsonObject>> TRIVIAL_JAVA = e -> List.of();

  static final JsonObject NOW = new JsonObject().put("gameMinutes", 1000);

  static final Function<JsonObject, List<JsonObject>> STEP_JAVA =
      e -> {
        if (!"festival".equals(e.getString("type")) || !"redhaven".equals(e.getString("town"))) {
          return List.of();
        }
        long left = e.getLong("endsAt") - NOW.getLong("gameMinutes");
        if (left <= 60) {
          return List.of();
        }
        return List.of(
            new JsonObject()
                .put("town", e.getString("town"))
                .put("text", "Bring the grain to the baker within " + left / 60 + " hours")
                .put("action", "noticeTown"));
      };

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    JsonObject festival =
        new JsonObject()
            .put("type", "festival")
            .put("town", "redhaven")
            .put("startsAt", 900)
            .put("endsAt", 1600);
    Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    ScriptSandbox.Limits limits = new ScriptSandbox.Limits(200_000, 1000, 64L << 20);
    List<double[]> trivial = new ArrayList<>();
    List<double[]> step = new ArrayList<>();
    try (ScriptSandbox t =
            new ScriptSandbox(engine, "trivial.js", TRIVIAL, 1247, limits, watchdog, () -> NOW);
        ScriptSandbox s =
            new ScriptSandbox(engine, "step.js", STEP, 1247, limits, watchdog, () -> NOW)) {
      // The same answers from both, before any is timed.
      if (!s.call("event", festival).equals(STEP_JAVA.apply(festival))) {
        throw new IllegalStateException("the script and the Java step disagree");
      }
      for (int r = 1; r <= rounds; r++) {
        trivial.add(
            new double[] {
              perSecond(seconds, () -> t.call("event", festival)),
              perSecond(seconds, () -> TRIVIAL_JAVA.apply(festival))
            });
        step.add(
            new double[] {
              perSecond(seconds, () -> s.call("event", festival)),
              perSecond(seconds, () -> STEP_JAVA.apply(festival))
            });
        System.out.printf(
            "round %d: trivial %.0f/s (Java %.0f/s), quest step %.0f/s (Java %.0f/s)%n",
            r,
            trivial.get(r - 1)[0],
            trivial.get(r - 1)[1],
            step.get(r - 1)[0],
            step.get(r - 1)[1]);
      }
    } finally {
      watchdog.shutdownNow();
      engine.close();
    }
    double[] tm = {median(trivial, 0), median(trivial, 1)};
    double[] sm = {median(step, 0), median(step, 1)};
    System.out.println();
    System.out.printf(
        "%-12s %14s %14s %8s%n", "handler", "script calls/s", "Java calls/s", "Java/JS");
    System.out.printf("%-12s %14.0f %14.0f %8.0f%n", "trivial", tm[0], tm[1], tm[1] / tm[0]);
    System.out.printf("%-12s %14.0f %14.0f %8.0f%n", "quest step", sm[0], sm[1], sm[1] / sm[0]);

    tickDelay(seconds * 2);
  }

  private interface Call {
    Object run() throws Exception;
  }

  /** Calls {@code call} for {@code seconds} after as long a warm-up; calls per second. */
  private static double perSecond(int seconds, Call call) throws Exception {
    long warm = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < warm) {
      call.run();
    }
    long n = 0;
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    Object sink = null;
    while (System.nanoTime() < end) {
      sink = call.run();
      n++;
    }
    if (sink == null) {
      throw new IllegalStateException("no answer");
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * The clock at 10 ticks a second beside the scripts verticle, first with a script that does
   * nothing, then with one that spends its whole statement budget on every event while events are
   * raised ten times a second: how late each tick comes after the one before, p50 and p99.
   */
  private static void tickDelay(int seconds) throws Exception {
    System.out.println();
    System.out.println(
        "ticks at 10 a second; events raised 10 a second; lateness of each tick after the one before");
    for (String script :
        List.of(
            "world.on('event', (e) => {});",
            "world.on('event', (e) => { let n = 0; while (true) { n++; } });")) {
      Path data = BenchConfig.scratch("wayfarer-bench");
      Path dir = Files.createDirectories(data.resolve("scripts"));
      Files.writeString(dir.resolve("busy.js"), script);
      try (EmbeddedServers servers = EmbeddedServers.start(data.resolve("db"), false)) {
        JsonObject config =
            BenchConfig.on(
                servers,
                AuthBench.freePort(),
                new JsonObject()
                    .put("clock", new JsonObject().put("secondsPerGameHour", 6.0))
                    .put("events", new JsonObject().put("randomEvents", false))
                    .put(
                        "scripts",
                        new JsonObject()
                            .put("dir", dir.toString())
                            // Never disabled: it keeps spending its budget the whole run.
                            .put("maxFaults", 1000)));
        Wayfarer server =
            Wayfarer.start(
                new LaunchOptions(List.of("clock", "events", "scripts"), false, null), config);
        Vertx vertx = server.vertx();
        List<Long> gaps = Collections.synchronizedList(new ArrayList<>());
        long[] last = {0};
        MessageConsumer<JsonObject> ticks =
            ClockContract.CLOCK.consumer(
                vertx.eventBus(),
                t -> {
                  long now = System.nanoTime();
                  if (last[0] != 0) {
                    gaps.add((now - last[0]) / 1000);
                  }
                  last[0] = now;
                });
        ticks.completion().await();
        long raiser =
            vertx.setPeriodic(
                100,
                id ->
                    EventsContract.RAISE
                        .request(
                            vertx,
                            new EventsContract.Raise("market_day", "redhaven", 1, 1, null, "bench"),
                            5_000)
                        .onFailure(err -> System.err.println("raise: " + err.getMessage())));
        Thread.sleep(seconds * 1000L);
        vertx.cancelTimer(raiser);
        ticks.unregister().await();
        server.close();
        long[] sorted;
        synchronized (gaps) {
          sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        System.out.printf(
            "%-40s ticks %4d, gap p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms%n",
            script.contains("while") ? "a script spending its budget per event" : "an idle script",
            sorted.length,
            sorted[sorted.length / 2] / 1000.0,
            sorted[(int) (sorted.length * 0.99)] / 1000.0,
            sorted[sorted.length - 1] / 1000.0);
      }
    }
  }
}
