package io.wayfarer.bench;

import com.sun.management.OperatingSystemMXBean;
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
import io.wayfarer.shared.infra.EmbeddedServers;
import io.wayfarer.shared.social.SocialContract;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Chat fan-out in one town: {@code listeners} signed-in SockJS WebSocket clients listen to {@code
 * town.redhaven.chat} while a player says {@code lines} lines over HTTP, one after another (each
 * once every listener heard the last). The peer, in the same run and to the same sockets: the same
 * lines' bytes published straight on the bus from inside the server, which is what delivery costs
 * without the command (HTTP, session, limits, the insert). Reports lines per second, delivery p50
 * and p99 from the send to each listener, and the process's CPU per delivered line, for both, and
 * their ratios. The clients run in this process too, alike in both phases.
 *
 * <p>Run with {@code scripts/bench chat [lines] [listeners]}. Everything listens on 127.0.0.1 and
 * stops at the end.
 */
public final class ChatBench {
  private static final String PASSWORD = "a perfectly fine passphrase";
  private static final long LOST_AFTER_SECONDS = 10;
  private static final String TOWN = "redhaven";

  public static void main(String[] args) throws Exception {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int listeners = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Path data = BenchConfig.scratch("wayfarer-bench");
    try (EmbeddedServers servers = EmbeddedServers.start(data, false)) {
      int port = AuthBench.freePort();
      JsonObject config =
          BenchConfig.on(
              servers,
              port,
              // The speaker is a benchmark, not a flooder: its limits are out of the way.
              new JsonObject()
                  .put(
                      "social",
                      new JsonObject().put("chatBurst", 100).put("chatPerSecond", 100.0)));
      Wayfarer server =
          Wayfarer.start(
              new LaunchOptions(List.of("clock", "player", "social", "gateway"), false, null),
              config);
      Vertx vertx = Vertx.vertx();
      try {
        WebClient http =
            WebClient.create(
                vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        String origin = "http://127.0.0.1:" + port;
        String speaker = signedInCharacter(http, origin, "speaker", "Speaker");
        // Every listening socket is signed in as one listener: the town's chat is for players.
        String listener = signedInCharacter(http, origin, "listener", "Listener");

        Map<String, long[]> atListeners = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> heard = new ConcurrentHashMap<>();
        WebSocketClient sockets =
            vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(listeners));
        String address = SocialContract.CHAT.address(TOWN);
        List<Future<?>> opened = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
          int index = i;
          opened.add(
              sockets
                  .connect(
                      new WebSocketConnectOptions()
                          .setHost("127.0.0.1")
                          .setPort(port)
                          .setURI("/eventbus/websocket")
                          .addHeader("Cookie", listener)
                          .addHeader("Origin", origin))
                  .compose(
                      ws -> {
                        ws.handler(
                            buf -> {
                              long now = System.nanoTime();
                              JsonObject body = buf.toJsonObject().getJsonObject("body");
                              String text = body == null ? null : body.getString("text");
                              long[] times = text == null ? null : atListeners.get(text);
                              CountDownLatch latch = text == null ? null : heard.get(text);
                              if (times != null && latch != null && times[index] == 0) {
                                times[index] = now;
                                latch.countDown();
                              }
                            });
                        return ws.writeTextMessage(
                            new JsonObject()
                                .put("type", "register")
                                .put("address", address)
                                .encode());
                      }));
        }
        Future.all(opened).await();

        Consumer<String> say =
            text -> {
              var res =
                  http.post("/api/chat")
                      .putHeader("Cookie", speaker)
                      .putHeader("Origin", origin)
                      .sendJsonObject(new JsonObject().put("text", text))
                      .await();
              if (res.statusCode() != 200) {
                throw new IllegalStateException(
                    "saying a line answered " + res.statusCode() + ": " + res.bodyAsString());
              }
            };
        Consumer<String> publish =
            text ->
                server
                    .vertx()
                    .eventBus()
                    .publish(
                        address,
                        new SocialContract.Line(
                                1, "town", TOWN, 1, "Speaker", text, false, "2026-12-02T00:00:00Z")
                            .toJson());

        // Warm up until every listener hears a line (all registered, the JIT awake), both ways.
        for (int w = 0; !send(say, "warm-up " + w, listeners, atListeners, heard, 5); w++) {
          if (w == 10) {
            throw new IllegalStateException("some listeners never heard a line: refused?");
          }
        }
        for (int w = 0; w < 30; w++) {
          send(say, "warm-up said " + w, listeners, atListeners, heard, LOST_AFTER_SECONDS);
          send(
              publish, "warm-up published " + w, listeners, atListeners, heard, LOST_AFTER_SECONDS);
        }

        Phase said = phase("said", say, lines, listeners, atListeners, heard);
        Phase published = phase("published", publish, lines, listeners, atListeners, heard);
        // Closed only now: Vert.x closes a client nothing reaches, and its sockets, at a GC.
        sockets.close().await();
        System.out.println();
        System.out.printf(
            "%d lines one after another to %d signed-in SockJS WebSocket listeners on %s%n",
            lines, listeners, address);
        System.out.printf(
            "%-34s %10s %10s %10s %14s %6s%n",
            "", "lines/s", "p50 ms", "p99 ms", "CPU µs/deliv.", "lost");
        said.print("said (POST /api/chat)");
        published.print("published on the bus (the peer)");
        System.out.printf(
            "ratio said / published: lines/s %.2f, p50 %.2f, p99 %.2f, CPU per delivery %.2f%n",
            said.linesPerSecond() / published.linesPerSecond(),
            said.p50() / published.p50(),
            said.p99() / published.p99(),
            said.cpuMicrosPerDelivery() / published.cpuMicrosPerDelivery());
      } finally {
        vertx.close().await();
        server.close();
      }
    }
  }

  record Phase(
      double linesPerSecond, double p50, double p99, double cpuMicrosPerDelivery, int lost) {
    void print(String name) {
      System.out.printf(
          "%-34s %10.1f %10.2f %10.2f %14.2f %6d%n",
          name, linesPerSecond, p50, p99, cpuMicrosPerDelivery, lost);
    }
  }

  private static Phase phase(
      String name,
      Consumer<String> send,
      int lines,
      int listeners,
      Map<String, long[]> atListeners,
      Map<String, CountDownLatch> heard)
      throws InterruptedException {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] each = new long[lines * listeners];
    int n = 0;
    int lost = 0;
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    for (int l = 0; l < lines; l++) {
      String text = name + " line " + l;
      long sent = System.nanoTime();
      if (!send(send, text, listeners, atListeners, heard, LOST_AFTER_SECONDS)) {
        lost++;
      }
      for (long at : atListeners.remove(text)) {
        each[n++] = at == 0 ? Long.MAX_VALUE : at - sent;
      }
      heard.remove(text);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu = os.getProcessCpuTime() - cpu0;
    return new Phase(
        lines / seconds,
        percentile(each, 0.5),
        percentile(each, 0.99),
        cpu / 1e3 / ((double) lines * listeners),
        lost);
  }

  private static boolean send(
      Consumer<String> send,
      String text,
      int listeners,
      Map<String, long[]> atListeners,
      Map<String, CountDownLatch> heard,
      long seconds)
      throws InterruptedException {
    atListeners.put(text, new long[listeners]);
    CountDownLatch latch = new CountDownLatch(listeners);
    heard.put(text, latch);
    send.accept(text);
    return latch.await(seconds, TimeUnit.SECONDS);
  }

  /** Signs up and in, creates a character in the start town; the session cookie. */
  static String signedInCharacter(WebClient http, String origin, String name, String character) {
    JsonObject account = new JsonObject().put("username", name).put("password", PASSWORD);
    http.post("/api/auth/register").putHeader("Origin", origin).sendJsonObject(account).await();
    String cookie = login(http, origin, name, PASSWORD);
    var created =
        http.post("/api/characters")
            .putHeader("Cookie", cookie)
            .putHeader("Origin", origin)
            .sendJsonObject(new JsonObject().put("name", character).put("class", "bard"))
            .await();
    if (created.statusCode() != 201) {
      throw new IllegalStateException(
          "character answered " + created.statusCode() + ": " + created.bodyAsString());
    }
    return cookie;
  }

  /** Signs in; returns the session cookie ({@code wf_session=…}). */
  static String login(WebClient http, String origin, String name, String password) {
    var login =
        http.post("/api/auth/login")
            .putHeader("Origin", origin)
            .sendJsonObject(new JsonObject().put("username", name).put("password", password))
            .await();
    if (login.statusCode() != 200) {
      throw new IllegalStateException(
          "login of " + name + " answered " + login.statusCode() + ": " + login.bodyAsString());
    }
    return login.cookies().get(0).split(";")[0];
  }

  /** The q-quantile in milliseconds; an arrival that never came counts as infinitely late. */
  private static double percentile(long[] nanos, double q) {
    long[] sorted = Arrays.copyOf(nanos, nanos.length);
    Arrays.sort(sorted);
    long v = sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
  }
}
