package io.wayfarer.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.infra.EmbeddedServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long an admin's world event takes to reach the players' pages: the admin raises events over
 * HTTP one after another while {@code listeners} SockJS WebSocket clients listen to {@code
 * world.events} through the bridge. The peer, measured on the same events in the same run, is a
 * consumer of {@code world.events} inside the server: the time the event needs to exist on the bus
 * at all. The bridge's share is the difference; the goal (an event on every page within a second)
 * is checked against the slowest listener of each event.
 *
 * <p>Run with {@code scripts/bench events [events] [listeners]}. Everything listens on 127.0.0.1
 * and stops at the end.
 */
public final class EventBench {
  private static final String ADMIN = "benchadmin";
  private static final String PASSWORD = "a perfectly fine passphrase";
  private static final long GOAL_MILLIS = 1000;
  private static final long LOST_AFTER_SECONDS = 10;

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int listeners = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    Path data = BenchConfig.scratch("wayfarer-bench");
    try (EmbeddedServers servers = EmbeddedServers.start(data, false)) {
      int port = AuthBench.freePort();
      JsonObject config =
          BenchConfig.on(
              servers,
              port,
              new JsonObject()
                  .put("admin", new JsonObject().put("username", ADMIN).put("password", PASSWORD)));
      Wayfarer server =
          Wayfarer.start(
              new LaunchOptions(
                  List.of("clock", "player", "market", "events", "npc", "gateway"), false, null),
              config);
      Vertx vertx = Vertx.vertx();
      try {
        WebClient http =
            WebClient.create(
                vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        var login =
            http.post("/api/auth/login")
                .sendJsonObject(new JsonObject().put("username", ADMIN).put("password", PASSWORD))
                .await();
        if (login.statusCode() != 200) {
          throw new IllegalStateException(
              "admin login answered " + login.statusCode() + ": " + login.bodyAsString());
        }
        String cookie = login.cookies().get(0).split(";")[0];

        // Arrival times by event text: inside the server, and at each listener.
        Map<String, Long> onBus = new ConcurrentHashMap<>();
        Map<String, long[]> atListeners = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> heard = new ConcurrentHashMap<>();
        server
            .vertx()
            .eventBus()
            .<JsonObject>consumer(
                EventsContract.EVENTS,
                m -> {
                  if (!m.body().getBoolean("ended", false)) {
                    onBus.putIfAbsent(m.body().getString("text"), System.nanoTime());
                  }
                });
        WebSocketClient sockets =
            vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(listeners));
        List<Future<?>> opened = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
          int listener = i;
          opened.add(
              sockets
                  .connect(
                      new WebSocketConnectOptions()
                          .setHost("127.0.0.1")
                          .setPort(port)
                          .setURI("/eventbus/websocket"))
                  .compose(
                      ws -> {
                        ws.handler(
                            buf -> {
                              long now = System.nanoTime();
                              JsonObject frame = buf.toJsonObject();
                              JsonObject body = frame.getJsonObject("body");
                              if ("rec".equals(frame.getString("type"))
                                  && body != null
                                  && !body.getBoolean("ended", false)) {
                                String text = body.getString("text");
                                long[] times = atListeners.get(text);
                                CountDownLatch latch = heard.get(text);
                                if (times != null && latch != null && times[listener] == 0) {
                                  times[listener] = now;
                                  latch.countDown();
                                }
                              }
                            });
                        return ws.writeTextMessage(
                            new JsonObject()
                                .put("type", "register")
                                .put("address", EventsContract.EVENTS)
                                .encode());
                      }));
        }
        Future.all(opened).await();

        // Warm up until every listener hears an event: then all of them are registered, and the JIT
        // has run.
        for (int w = 0;
            !raise(http, cookie, "warm-up " + w, listeners, atListeners, heard, 5);
            w++) {
          if (w == 10) {
            throw new IllegalStateException(
                "some listeners never heard an event: is the bridge refusing them?");
          }
        }
        for (int w = 0; w < 20; w++) {
          raise(
              http,
              cookie,
              "warm-up again " + w,
              listeners,
              atListeners,
              heard,
              LOST_AFTER_SECONDS);
        }

        long[] answered = new long[events];
        long[] bus = new long[events];
        long[] slowest = new long[events];
        long[] each = new long[events * listeners];
        int lost = 0;
        int n = 0;
        long overGoal = 0;
        for (int e = 0; e < events; e++) {
          String text = "bench event " + e;
          long t0 = System.nanoTime();
          Sent sent = raiseTimed(http, cookie, text, listeners, atListeners, heard);
          if (!sent.allHeard()) {
            lost++;
          }
          answered[e] = sent.answeredAt() - t0;
          // The server's own consumer runs on another event loop than the bridge's: it may come a
          // moment later.
          long busDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOST_AFTER_SECONDS);
          while (!onBus.containsKey(text) && System.nanoTime() < busDeadline) {
            Thread.onSpinWait();
          }
          Long b = onBus.get(text);
          bus[e] = b == null ? Long.MAX_VALUE : b - t0;
          long max = 0;
          for (long at : atListeners.get(text)) {
            long latency = at == 0 ? Long.MAX_VALUE : at - t0;
            each[n++] = latency;
            max = Math.max(max, latency);
          }
          slowest[e] = max;
          if (max > GOAL_MILLIS * 1_000_000) {
            overGoal++;
          }
        }
        // Closed only now: Vert.x closes a client nothing reaches, and its sockets, at a GC.
        sockets.close().await();

        double busP50 = percentile(bus, 0.5);
        double pageP50 = percentile(each, 0.5);
        System.out.println();
        System.out.printf(
            "%d events raised one after another, %d SockJS WebSocket listeners on world.events%n",
            events, listeners);
        System.out.printf(
            "admin's POST answered           p50 %7.2f ms  p99 %7.2f ms%n",
            percentile(answered, 0.5), percentile(answered, 0.99));
        System.out.printf(
            "on the bus, inside the server   p50 %7.2f ms  p99 %7.2f ms   (the peer)%n",
            busP50, percentile(bus, 0.99));
        System.out.printf(
            "on a page, each listener        p50 %7.2f ms  p99 %7.2f ms%n",
            pageP50, percentile(each, 0.99));
        System.out.printf(
            "on every page (slowest)         p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n",
            percentile(slowest, 0.5), percentile(slowest, 0.99), percentile(slowest, 1.0));
        System.out.printf("bridge's share of a page's p50  %7.2f ms%n", pageP50 - busP50);
        System.out.printf(
            "ratio slowest p99 / goal        %7.2f     (goal %d ms: at most 1.00)%n",
            percentile(slowest, 0.99) / GOAL_MILLIS, GOAL_MILLIS);
        System.out.printf(
            "events over the goal %d, events some listener never heard within %d s: %d%n",
            overGoal, LOST_AFTER_SECONDS, lost);
      } finally {
        vertx.close().await();
        server.close();
      }
    }
  }

  record Sent(long answeredAt, boolean allHeard) {}

  private static boolean raise(
      WebClient http,
      String cookie,
      String text,
      int listeners,
      Map<String, long[]> atListeners,
      Map<String, CountDownLatch> heard,
      long seconds)
      throws InterruptedException {
    atListeners.put(text, new long[listeners]);
    CountDownLatch latch = new CountDownLatch(listeners);
    heard.put(text, latch);
    post(http, cookie, text);
    return latch.await(seconds, TimeUnit.SECONDS);
  }

  private static Sent raiseTimed(
      WebClient http,
      String cookie,
      String text,
      int listeners,
      Map<String, long[]> atListeners,
      Map<String, CountDownLatch> heard)
      throws InterruptedException {
    atListeners.put(text, new long[listeners]);
    CountDownLatch latch = new CountDownLatch(listeners);
    heard.put(text, latch);
    post(http, cookie, text);
    long answeredAt = System.nanoTime();
    return new Sent(answeredAt, latch.await(LOST_AFTER_SECONDS, TimeUnit.SECONDS));
  }

  private static void post(WebClient http, String cookie, String text) {
    var res =
        http.post("/api/admin/events")
            .putHeader("Cookie", cookie)
            .sendJsonObject(
                new JsonObject()
                    .put("type", "festival")
                    .put("town", "redhaven")
                    .put("severity", 1)
                    .put("hours", 1)
                    .put("text", text))
            .await();
    if (res.statusCode() != 201) {
      throw new IllegalStateException(
          "raising an event answered " + res.statusCode() + ": " + res.bodyAsString());
    }
  }

  /** The q-quantile in milliseconds; an arrival that never came counts as infinitely late. */
  private static double percentile(long[] nanos, double q) {
    long[] sorted = Arrays.copyOf(nanos, nanos.length);
    Arrays.sort(sorted);
    long v = sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
  }
}
