package io.wayfarer.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.server.simulation.Simulation;
import io.wayfarer.shared.infra.EmbeddedServers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server side of {@link FanoutBench}, run as its own process (pinned to a core by the bench):
 * {@code bridge} runs Wayfarer's clock and gateway, the clock ticking {@code hz} times a second;
 * {@code plain} is the peer, a bare Vert.x WebSocket server sending the same bytes, a tick frame as
 * the bridge writes it, to every socket with {@code writeTextMessage} {@code hz} times a second;
 * {@code plainsockjs} is that peer sending the tick in SockJS's frame, the bytes the bridge sends
 * to SockJS's WebSocket transport. Both answer {@code GET /heap} on {@code port + 1} with the heap
 * in use after a collection. Prints {@code READY <pid>} when it listens.
 */
public final class FanoutServer {
  private FanoutServer() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int port = Integer.parseInt(args[1]);
    double hz = Double.parseDouble(args[2]);
    Vertx admin = Vertx.vertx();
    admin
        .createHttpServer()
        .requestHandler(
            req -> {
              System.gc();
              Runtime r = Runtime.getRuntime();
              req.response().end(String.valueOf(r.totalMemory() - r.freeMemory()));
            })
        .listen(port + 1, "127.0.0.1")
        .await();
    // "beside": the bridge's whole server runs (its gateway on port + 2, no clients) and the plain
    // peer serves the clients in the same process, to tell what the process costs from what the
    // bridge does per socket.
    if (mode.equals("bridge") || mode.equals("beside")) {
      Path data = Files.createTempDirectory("wayfarer-fanout");
      EmbeddedServers servers = EmbeddedServers.start(data, false);
      JsonObject config =
          BenchConfig.on(
              servers,
              mode.equals("beside") ? port + 2 : port,
              new JsonObject()
                  // A game minute a tick: hz ticks a second.
                  .put("clock", new JsonObject().put("secondsPerGameHour", 60.0 / hz))
                  .put("metrics", new JsonObject().put("enabled", false))
                  // One core, one gateway instance (two would take turns on it).
                  .put("instances", new JsonObject().put("gateway", 1))
                  .put("log", new JsonObject().put("requests", false))
                  .put(
                      "bridge",
                      new JsonObject()
                          .put("maxWaitingFrames", 1000)
                          .put("pingTimeoutMillis", 600_000)));
      Wayfarer wayfarer =
          Wayfarer.start(new LaunchOptions(List.of("clock", "gateway"), false, null), config);
      // The bench stops this process with SIGTERM: the embedded servers (daemons of their own) go
      // too, and then their data (not BenchConfig.scratch: shutdown hooks run in no set order).
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    wayfarer.close();
                    servers.close();
                    Simulation.wipe(data);
                  }));
    }
    if (!mode.equals("bridge")) {
      plain(port, hz, mode.equals("plainsockjs"));
    }
    System.out.println(
        "READY "
            + ProcessHandle.current().pid()
            + " "
            + ManagementFactory.getRuntimeMXBean().getName());
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * The peer: the same bytes to every socket, one {@code writeTextMessage} each; with {@code
   * sockJsFramed}, the bytes of the tick in SockJS's frame, as the bridge sends them to SockJS's
   * WebSocket transport.
   */
  static void plain(int port, double hz, boolean sockJsFramed) {
    // The transport Wayfarer prefers (epoll here), so the two differ only in what they do per
    // socket.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    List<ServerWebSocket> sockets = new ArrayList<>();
    long[] minute = {1_000_000};
    vertx
        // No idle timeout, as a plain server has by default: nor do the bridge's sockets, which its
        // pings keep alive (BusBridge.pingsKeepAlive).
        .createHttpServer(new HttpServerOptions().setPerMessageWebSocketCompressionSupported(false))
        .webSocketHandler(
            ws -> {
              sockets.add(ws);
              ws.closeHandler(v -> sockets.remove(ws));
              ws.handler(b -> {});
            })
        .listen(port, "127.0.0.1")
        .await();
    vertx.setPeriodic(
        Math.max(1, Math.round(1000 / hz)),
        id -> {
          String tick = tickFrame(minute[0]++).toString();
          // a["…"]: for a tick (ASCII only) Jackson escapes as SockJS's servers do.
          String frame = sockJsFramed ? "a" + new JsonArray().add(tick).encode() : tick;
          for (ServerWebSocket ws : sockets) {
            if (!ws.writeQueueFull()) {
              ws.writeTextMessage(frame);
            }
          }
        });
  }

  /** A tick as the bridge sends it: the envelope and a world time of the usual size. */
  static Buffer tickFrame(long gameMinutes) {
    JsonObject time =
        new JsonObject()
            .put("gameMinutes", gameMinutes)
            .put("year", 1247)
            .put("month", 3)
            .put("monthName", "Greenfall")
            .put("day", 14)
            .put("weekday", "Thornday")
            .put("hour", 9)
            .put("minute", (int) (gameMinutes % 60))
            .put("season", "spring")
            .put("phase", "day")
            .put("weather", "clear")
            .put("dawnHour", 6)
            .put("duskHour", 19)
            .put("secondsPerGameHour", 6.0)
            .put("paused", false);
    return new JsonObject()
        .put("type", "rec")
        .put("address", "world.clock")
        .put("body", time)
        .toBuffer();
  }
}
