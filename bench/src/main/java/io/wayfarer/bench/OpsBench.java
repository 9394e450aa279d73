package io.wayfarer.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.shared.infra.EmbeddedServers;
import io.wayfarer.shared.market.MarketContract;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What operating costs (issue 14): trades per second and bridge deliveries per CPU-second with
 * metrics off, with metrics on, and with metrics on and an admin's bus inspector watching a pattern
 * nothing matches (its interceptor installed, sampling nothing), in the same run, alternating, on
 * one embedded PostgreSQL and Redis. In each phase {@code traders} HTTP clients buy and sell bread
 * in Redhaven one order at a time while {@code listeners} SockJS WebSocket clients hear Redhaven's
 * board, which every trade publishes. The clients run in this process, alike in every phase, so the
 * CPU figures include them.
 *
 * <p>Run with {@code scripts/bench ops [seconds per phase] [traders] [listeners] [rounds]}.
 */
public final class OpsBench {
  private static final String PASSWORD = "a perfectly fine passphrase";
  private static final String TOWN = "redhaven";
  private static final String ADMIN = "warden";
  private static final String ADMIN_PASSWORD = "the keys of the keep";

  enum Mode {
    OFF("metrics off"),
    METRICS("metrics on"),
    INSPECTED("metrics on, inspector idle");

    final String words;

    Mode(String words) {
      this.words = words;
    }
  }

  /** One phase: trades and deliveries counted over {@code elapsed} seconds of wall and CPU time. */
  record Result(long trades, long deliveries, double elapsed, double cpuSeconds) {
    double tradesPerSecond() {
      return trades / elapsed;
    }

    double deliveriesPerSecond() {
      return deliveries / elapsed;
    }

    double tradesPerCpuSecond() {
      return trades / cpuSeconds;
    }

    double deliveriesPerCpuSecond() {
      return deliveries / cpuSeconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int traders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int listeners = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    Path data = BenchConfig.scratch("wayfarer-bench");
    List<List<Result>> results = new ArrayList<>();
    for (int m = 0; m < Mode.values().length; m++) {
      results.add(new ArrayList<>());
    }
    try (EmbeddedServers servers = EmbeddedServers.start(data, false)) {
      for (int r = 0; r < rounds; r++) {
        for (Mode mode : Mode.values()) {
          Result result =
              phase(servers, mode, seconds, traders, listeners, r == 0 && mode == Mode.OFF);
          results.get(mode.ordinal()).add(result);
          System.out.printf(
              "round %d, %-28s %8.1f trades/s %10.0f deliveries/s %8.1f CPU s%n",
              r + 1,
              mode.words,
              result.tradesPerSecond(),
              result.deliveriesPerSecond(),
              result.cpuSeconds());
        }
      }
    }
    System.out.println();
    System.out.printf(
        "%d s per phase, %d traders, %d listeners on %s, %d rounds (medians)%n",
        seconds, traders, listeners, MarketContract.BOARD.address(TOWN), rounds);
    System.out.printf(
        "%-30s %10s %14s %14s %16s %10s %10s%n",
        "", "trades/s", "deliveries/s", "trades/CPU-s", "deliveries/CPU-s", "ratio t", "ratio d");
    Result off = median(results.get(0));
    for (Mode mode : Mode.values()) {
      Result x = median(results.get(mode.ordinal()));
      System.out.printf(
          "%-30s %10.1f %14.0f %14.1f %16.0f %10.2f %10.2f%n",
          mode.words,
          x.tradesPerSecond(),
          x.deliveriesPerSecond(),
          x.tradesPerCpuSecond(),
          x.deliveriesPerCpuSecond(),
          x.tradesPerCpuSecond() / off.tradesPerCpuSecond(),
          x.deliveriesPerCpuSecond() / off.deliveriesPerCpuSecond());
    }
  }

  private static Result median(List<Result> list) {
    List<Result> sorted = new ArrayList<>(list);
    sorted.sort((a, b) -> Double.compare(a.tradesPerCpuSecond(), b.tradesPerCpuSecond()));
    return sorted.get(sorted.size() / 2);
  }

  private static Result phase(
      EmbeddedServers servers, Mode mode, int seconds, int traders, int listeners, boolean first)
      throws Exception {
    int port = AuthBench.freePort();
    JsonObject config =
        BenchConfig.on(
            servers,
            port,
            new JsonObject()
                .put("metrics", new JsonObject().put("enabled", mode != Mode.OFF))
                .put(
                    "admin",
                    new JsonObject().put("username", ADMIN).put("password", ADMIN_PASSWORD))
                .put(
                    "player",
                    new JsonObject()
                        .put("registrationsPerAddressPerHour", 1000)
                        .put("hashQueue", 256)));
    Wayfarer server =
        Wayfarer.start(
            new LaunchOptions(List.of("clock", "player", "market", "gateway"), false, null),
            config);
    Vertx vertx = Vertx.vertx();
    try {
      WebClient http =
          WebClient.create(
              vertx,
              new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
              new PoolOptions().setHttp1MaxSize(traders));
      String origin = "http://127.0.0.1:" + port;
      List<String> cookies = new ArrayList<>();
      for (int i = 0; i < traders; i++) {
        String name = "ops" + i;
        cookies.add(
            first
                ? ChatBench.signedInCharacter(http, origin, name, "Ops " + (char) ('a' + i))
                : ChatBench.login(http, origin, name, PASSWORD));
      }
      // Each round trip costs the traders the spread and the tax: the admin tops their purses up
      // through the ledger before each phase, so every phase trades from the same footing.
      String admin = ChatBench.login(http, origin, ADMIN, ADMIN_PASSWORD);
      for (String cookie : cookies) {
        long account =
            http.get("/api/me")
                .putHeader("Cookie", cookie)
                .send()
                .await()
                .bodyAsJsonObject()
                .getJsonObject("account")
                .getLong("id");
        var granted =
            http.post("/api/admin/players/grant")
                .putHeader("Cookie", admin)
                .putHeader("Origin", origin)
                .sendJsonObject(
                    new JsonObject()
                        .put("account", account)
                        .put("asset", "coin")
                        .put("amount", 10_000_000)
                        .put("reason", "benchmark purse")
                        .put("requestId", UUID.randomUUID().toString()))
                .await();
        if (granted.statusCode() != 200) {
          throw new IllegalStateException("the grant answered " + granted.bodyAsString());
        }
      }
      AtomicLong deliveries = new AtomicLong();
      WebSocketClient sockets =
          vertx.createWebSocketClient(
              new WebSocketClientOptions().setMaxConnections(listeners + 1));
      List<Future<WebSocket>> opened = new ArrayList<>();
      for (int i = 0; i < listeners; i++) {
        opened.add(
            socket(sockets, port, origin, null)
                .compose(
                    ws -> {
                      ws.handler(buf -> deliveries.incrementAndGet());
                      return ws.writeTextMessage(
                              new JsonObject()
                                  .put("type", "register")
                                  .put("address", MarketContract.BOARD.address(TOWN))
                                  .encode())
                          .map(ws);
                    }));
      }
      Future.all(opened).await();
      if (mode == Mode.INSPECTED) {
        WebSocket ws = socket(sockets, port, origin, admin).await();
        ws.writeTextMessage(
                new JsonObject().put("type", "inspect").put("pattern", "nothing.*").encode())
            .await();
      }
      // Warm-up, then the measured run.
      run(vertx, http, origin, cookies, 5);
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long d0 = deliveries.get();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long trades = run(vertx, http, origin, cookies, seconds);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      // Closed only now: Vert.x closes a client nothing reaches, and its sockets, at a GC.
      sockets.close().await();
      return new Result(trades, deliveries.get() - d0, elapsed, cpu);
    } finally {
      vertx.close().await();
      server.close();
    }
  }

  private static Future<WebSocket> socket(
      WebSocketClient sockets, int port, String origin, String cookie) {
    WebSocketConnectOptions o =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/eventbus/websocket")
            .addHeader("Origin", origin);
    if (cookie != null) {
      o.addHeader("Cookie", cookie);
    }
    return sockets.connect(o);
  }

  /** Each trader buys and sells a loaf in turn, one order at a time, for {@code seconds}. */
  private static long run(
      Vertx vertx, WebClient http, String origin, List<String> cookies, int seconds) {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < cookies.size(); i++) {
      Promise<Void> lane = Promise.promise();
      lanes.add(lane.future());
      String cookie = cookies.get(i);
      vertx.runOnContext(v -> order(http, origin, cookie, 0, stop, done, lane));
    }
    vertx.setTimer(seconds * 1000L, id -> stop.set(true));
    Future.all(lanes).await();
    return done.get();
  }

  private static void order(
      WebClient http,
      String origin,
      String cookie,
      int n,
      AtomicBoolean stop,
      AtomicLong done,
      Promise<Void> lane) {
    if (stop.get()) {
      lane.complete();
      return;
    }
    boolean buy = n % 2 == 0;
    http.post("/api/market/" + TOWN + "/" + (buy ? "buy" : "sell"))
        .putHeader("Cookie", cookie)
        .putHeader("Origin", origin)
        .sendJsonObject(
            new JsonObject()
                .put("good", "bread")
                .put("qty", 1)
                .put(buy ? "maxUnitPrice" : "minUnitPrice", buy ? 1_000_000 : 1)
                .put("requestId", UUID.randomUUID().toString()))
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result().statusCode() == 200) {
                done.incrementAndGet();
              } else if (ar.failed() || ar.result().statusCode() != 409 || n < 2) {
                System.err.println(
                    "an order failed: "
                        + (ar.failed()
                            ? ar.cause()
                            : ar.result().statusCode() + " " + ar.result().bodyAsString()));
              }
              order(http, origin, cookie, n + 1, stop, done, lane);
            });
  }
}
