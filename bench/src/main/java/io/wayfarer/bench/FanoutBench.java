package io.wayfarer.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Live updates at scale (issue 15): {@code N} WebSocket clients in this process (pinned by {@code
 * scripts/bench fanout} to one core) listen to a tick {@code hz} times a second from a server
 * process pinned to the other core. Servers: {@code bridge}, Wayfarer's bridge on its raw endpoint
 * ({@code world.clock}, the clock ticking at {@code hz}); {@code sockjs}, the same bridge through
 * SockJS's WebSocket transport, as browsers use it; {@code plain}, the peer that sends the same
 * bytes with a bare Vert.x {@code writeTextMessage} per socket; {@code plainsockjs}, that peer
 * sending the bytes of SockJS's frame (the peer of {@code sockjs}); {@code beside}, that peer
 * serving the clients inside a process that also runs the bridge's server (what the process costs,
 * apart from what the bridge does per socket); {@code socketio}, Socket.IO 4 broadcasting the same
 * tick to a room. Per server and N: deliveries per second, the share delivered, the p50/p99 spread
 * of a tick's arrival across clients, the server's CPU µs per delivery (from {@code /proc}), heap
 * and RSS per client, and (the bridge) game minutes per real second against the configured pace.
 *
 * <p>Run with {@code scripts/bench fanout [N,N,...] [hz] [seconds] [servers] [rounds]}.
 */
public final class FanoutBench {
  private static final int CONNECT_AT_ONCE = 256;

  /** How long the load runs before the window: FANOUT_WARM_UP_SECONDS, 15 unless set. */
  private static final long WARM_UP_MILLIS =
      1000L * Integer.parseInt(System.getenv().getOrDefault("FANOUT_WARM_UP_SECONDS", "15"));

  private FanoutBench() {}

  record Row(
      String server,
      int clients,
      int connected,
      double deliveriesPerSecond,
      double share,
      double spreadP50,
      double spreadP99,
      double cpuMicrosPerDelivery,
      double jitMicrosPerDelivery,
      double heapBytesPerClient,
      double rssBytesPerClient,
      double minutesPerSecond) {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "1000,5000,10000,19000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    double hz = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    List<String> servers =
        List.of((args.length > 3 ? args[3] : "bridge,sockjs,plain,socketio").split(","));
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    long files = openFilesLimit();
    List<Row> rows = new ArrayList<>();
    // Which round each row ran in: a ratio is taken between rows of one round, which ran minutes
    // apart on the same machine, and the spread of those ratios says how far to trust the median.
    List<Integer> roundOf = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (int n : sizes) {
        // Each socket is a file on both ends: a process may not hold more than its limit.
        if (n + 500 > files) {
          System.out.printf(
              "N=%d skipped: a process here may open %d files (ulimit -n), and the server and these"
                  + " clients each need one per socket and a few hundred more%n",
              n, files);
          continue;
        }
        // Servers in turn, in another order each round, so no one always runs on a warmer machine.
        List<String> order = new ArrayList<>(servers);
        Collections.rotate(order, round - 1);
        for (String server : order) {
          Row row = run(server, n, hz, seconds);
          print(row);
          if (row.deliveriesPerSecond() == 0) {
            // Say so rather than let a row that measured nothing move a median.
            System.out.printf("  (%s N=%d heard nothing in its window: left out)%n", server, n);
            continue;
          }
          rows.add(row);
          roundOf.add(round);
        }
      }
    }
    System.out.println();
    System.out.printf(
        "%d Hz, %d s measured per row, %d round(s), medians; the server pinned to one core, these"
            + " clients to the other%n",
        (int) hz, seconds, rounds);
    System.out.printf(
        "%-11s %7s %9s %12s %7s %9s %9s %10s %9s %11s %11s %9s%n",
        "server",
        "N",
        "connected",
        "deliv./s",
        "share",
        "p50 ms",
        "p99 ms",
        "CPU µs/d",
        "JIT µs/d",
        "heap B/cl",
        "RSS B/cl",
        "min/s");
    for (int n : sizes) {
      for (String server : servers) {
        Row median = median(rows, server, n);
        if (median != null) {
          print(median);
        }
      }
    }
    // Each bridge against the peer that sends its bytes (SockJS's frames are longer), and against
    // the bare peer.
    List<List<String>> pairs =
        List.of(
            List.of("bridge", "plain"),
            List.of("sockjs", "plainsockjs"),
            List.of("sockjs", "plain"),
            List.of("beside", "plain"));
    for (int n : sizes) {
      Row sio = median(rows, "socketio", n);
      for (List<String> pair : pairs) {
        String bridge = pair.get(0);
        String peer = pair.get(1);
        Row b = median(rows, bridge, n);
        Row peerRow = median(rows, peer, n);
        if (b == null || (peerRow == null && !peer.equals("plain"))) {
          continue;
        }
        System.out.printf("N=%d %s:", n, bridge);
        if (peerRow != null) {
          System.out.printf(
              " CPU per delivery / %s's %.2f (net of JIT compiling %.2f)",
              peer,
              b.cpuMicrosPerDelivery() / peerRow.cpuMicrosPerDelivery(),
              netOfJit(b) / netOfJit(peerRow));
        }
        if (sio != null) {
          System.out.printf(
              ", deliveries per CPU-second / Socket.IO's %.2f",
              sio.cpuMicrosPerDelivery() / b.cpuMicrosPerDelivery());
        }
        if (peerRow != null && rounds > 1) {
          System.out.print("; round by round");
          for (int round = 1; round <= rounds; round++) {
            Row p = inRound(rows, roundOf, round, peer, n);
            Row r = inRound(rows, roundOf, round, bridge, n);
            if (p != null && r != null) {
              System.out.printf(" %.2f", r.cpuMicrosPerDelivery() / p.cpuMicrosPerDelivery());
            }
          }
          System.out.print(" (net of JIT compiling");
          for (int round = 1; round <= rounds; round++) {
            Row p = inRound(rows, roundOf, round, peer, n);
            Row r = inRound(rows, roundOf, round, bridge, n);
            if (p != null && r != null) {
              System.out.printf(" %.2f", netOfJit(r) / netOfJit(p));
            }
          }
          System.out.print(")");
        }
        System.out.println();
      }
    }
  }

  /** CPU per delivery without what the JIT's compiler threads spent meanwhile. */
  private static double netOfJit(Row r) {
    return r.cpuMicrosPerDelivery() - r.jitMicrosPerDelivery();
  }

  private static Row inRound(
      List<Row> rows, List<Integer> roundOf, int round, String server, int n) {
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (roundOf.get(i) == round && row.server().equals(server) && row.clients() == n) {
        return row;
      }
    }
    return null;
  }

  /** The median of each figure over the rounds of one server and N, or null if none ran. */
  private static Row median(List<Row> rows, String server, int n) {
    List<Row> of =
        rows.stream().filter(r -> r.server().equals(server) && r.clients() == n).toList();
    if (of.isEmpty()) {
      return null;
    }
    ToDoubleFunction<ToDoubleFunction<Row>> m =
        f -> {
          double[] v = of.stream().mapToDouble(f).sorted().toArray();
          return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        };
    return new Row(
        server,
        n,
        (int) m.applyAsDouble(Row::connected),
        m.applyAsDouble(Row::deliveriesPerSecond),
        m.applyAsDouble(Row::share),
        m.applyAsDouble(Row::spreadP50),
        m.applyAsDouble(Row::spreadP99),
        m.applyAsDouble(Row::cpuMicrosPerDelivery),
        m.applyAsDouble(Row::jitMicrosPerDelivery),
        m.applyAsDouble(Row::heapBytesPerClient),
        m.applyAsDouble(Row::rssBytesPerClient),
        m.applyAsDouble(Row::minutesPerSecond));
  }

  /** This process's limit on open files (the server's is the same: it inherits it). */
  private static long openFilesLimit() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
      }
    }
    return Long.MAX_VALUE;
  }

  private static void print(Row r) {
    System.out.printf(
        "%-11s %7d %9d %12.0f %7.3f %9.1f %9.1f %10.2f %9.2f %11.0f %11.0f %9s%n",
        r.server(),
        r.clients(),
        r.connected(),
        r.deliveriesPerSecond(),
        r.share(),
        r.spreadP50(),
        r.spreadP99(),
        r.cpuMicrosPerDelivery(),
        r.jitMicrosPerDelivery(),
        r.heapBytesPerClient(),
        r.rssBytesPerClient(),
        Double.isNaN(r.minutesPerSecond()) ? "" : String.format("%.2f", r.minutesPerSecond()));
  }

  /** When each client heard each tick, by the tick's game minute. */
  static final class Arrivals {
    final int clients;
    final Map<Long, long[]> byTick = new ConcurrentHashMap<>();
    final AtomicLong delivered = new AtomicLong();
    final AtomicInteger heardOnce = new AtomicInteger();
    final boolean[] heard;

    /** Sockets closed before the bench closed them, by close status (-1: none given). */
    final Map<Integer, AtomicInteger> closedBy = new ConcurrentHashMap<>();

    Arrivals(int clients) {
      this.clients = clients;
      this.heard = new boolean[clients];
    }

    void arrived(int client, long tick) {
      long now = System.nanoTime();
      byTick.computeIfAbsent(tick, k -> new long[clients])[client] = now;
      delivered.incrementAndGet();
      if (!heard[client]) {
        heard[client] = true;
        heardOnce.incrementAndGet();
      }
    }
  }

  /**
   * The tick's game minute in a frame, found without parsing the JSON (the clients must be cheap).
   */
  static long minuteOf(String text) {
    int i = text.indexOf("gameMinutes");
    if (i < 0) {
      return -1;
    }
    // Past the name's closing quote and the colon, escaped or not (a SockJS frame escapes them).
    i += 11;
    while (i < text.length() && !Character.isDigit(text.charAt(i))) {
      i++;
    }
    long v = 0;
    for (; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
      v = v * 10 + (text.charAt(i) - '0');
    }
    return v;
  }

  private static Row run(String server, int n, double hz, int seconds) throws Exception {
    int port = AuthBench.freePort();
    while (!free(port + 1) || !free(port + 2)) {
      port = AuthBench.freePort();
    }
    String cp = System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of("taskset", "-c", "1"));
    if (server.equals("socketio")) {
      command.addAll(
          List.of(
              "node",
              "--expose-gc",
              "bench/socketio/server.js",
              String.valueOf(port),
              String.valueOf(hz)));
    } else {
      command.addAll(List.of("java", "-Xmx2g", "-XX:ActiveProcessorCount=1"));
      // FANOUT_SERVER_OPTS: more options for the Java servers, e.g. a flight recording to see where
      // their time goes.
      String extra = System.getenv("FANOUT_SERVER_OPTS");
      if (extra != null && !extra.isBlank()) {
        command.addAll(List.of(extra.trim().split("\\s+")));
      }
      command.addAll(
          List.of(
              "-cp",
              cp,
              "-Dlogback.configurationFile=conf/logback-test.xml",
              "io.wayfarer.bench.FanoutServer",
              // The SockJS clients hear the same bridge server as the raw WebSocket ones.
              server.equals("sockjs") ? "bridge" : server,
              String.valueOf(port),
              String.valueOf(hz)));
    }
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    long pid = -1;
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("READY ")) {
        pid = Long.parseLong(line.split(" ")[1]);
        break;
      }
    }
    if (pid < 0) {
      throw new IllegalStateException(server + " did not start");
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                out.lines().forEach(l -> {});
              } catch (UncheckedIOException closed) {
                // The server was stopped: its output ends here.
              }
            });
    drain.setDaemon(true);
    drain.start();
    Vertx vertx = Vertx.vertx();
    int heapPort = server.equals("socketio") ? port : port + 1;
    WebClient web = WebClient.create(vertx);
    try {
      long heap0 = heap(web, heapPort);
      long rss0 = rss(pid);
      Arrivals arrivals = new Arrivals(n);
      WebSocketClient sockets =
          vertx.createWebSocketClient(
              new WebSocketClientOptions().setMaxConnections(n + 10).setConnectTimeout(60_000));
      List<WebSocket> open = new ArrayList<>();
      for (int from = 0; from < n; from += CONNECT_AT_ONCE) {
        List<Future<WebSocket>> batch = new ArrayList<>();
        for (int c = from; c < Math.min(n, from + CONNECT_AT_ONCE); c++) {
          batch.add(connect(sockets, server, port, c, arrivals));
        }
        Future.join(batch).await();
        batch.forEach(
            f -> {
              if (f.succeeded()) {
                open.add(f.result());
              }
            });
      }
      long deadline = System.currentTimeMillis() + 60_000;
      while (arrivals.heardOnce.get() < open.size() && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      int heardBeforeWarmUp = arrivals.heardOnce.get();
      // Warm up under the full load first: the JIT compiles the bridge's many classes for longer
      // than the bare peer's few, and compiling is not what a delivery costs.
      Thread.sleep(WARM_UP_MILLIS);
      long heapN = heap(web, heapPort);
      long rssN = rss(pid);

      long t0 = System.nanoTime();
      long cpu0 = cpuTicks(pid);
      long jit0 = jitTicks(pid);
      long frames0 = arrivals.delivered.get();
      Thread.sleep(seconds * 1000L);
      long t1 = System.nanoTime();
      long cpu1 = cpuTicks(pid);
      long jit1 = jitTicks(pid);
      long frames1 = arrivals.delivered.get();
      // What a row that measured little needs to be told apart: clients that never heard, that
      // heard and were then closed (by whom the status says), or that stopped hearing.
      System.out.printf(
          "  (%s N=%d: %.0f frames a second arrived in the window, repeats included; %d clients"
              + " had heard before the warm-up, %d frames came before the window; sockets closed"
              + " before the bench closed them, by status: %s)%n",
          server,
          n,
          (frames1 - frames0) / ((t1 - t0) / 1e9),
          heardBeforeWarmUp,
          frames0,
          arrivals.closedBy);
      // Ticks sent in the window may still be on their way: wait a moment before counting them.
      Thread.sleep(2000);

      long deliveredInWindow = 0;
      List<Long> spreads = new ArrayList<>();
      int ticks = 0;
      // Game minutes per real second: the slope of each tick's minute over when it first arrived.
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      for (Map.Entry<Long, long[]> e : arrivals.byTick.entrySet()) {
        long[] at = e.getValue();
        long first = Long.MAX_VALUE;
        for (long a : at) {
          if (a != 0 && a < first) {
            first = a;
          }
        }
        if (first < t0 || first > t1) {
          continue;
        }
        ticks++;
        double x = (first - t0) / 1e9;
        double y = e.getKey();
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        for (int c = 0; c < at.length; c++) {
          if (at[c] != 0) {
            deliveredInWindow++;
            if ((c & 7) == 0) {
              spreads.add(at[c] - first);
            }
          }
        }
      }
      long[] sorted = spreads.stream().mapToLong(Long::longValue).sorted().toArray();
      double windowSeconds = (t1 - t0) / 1e9;
      long clkTck = 100;
      double cpuMicros = (cpu1 - cpu0) * 1e6 / clkTck;
      // Closed only now: Vert.x closes a client nothing reaches, and its sockets, at a GC.
      sockets.close().await();
      return new Row(
          server,
          n,
          open.size(),
          deliveredInWindow / windowSeconds,
          ticks == 0 ? 0 : deliveredInWindow / ((double) ticks * n),
          percentile(sorted, 0.5),
          percentile(sorted, 0.99),
          deliveredInWindow == 0 ? Double.NaN : cpuMicros / deliveredInWindow,
          deliveredInWindow == 0 ? Double.NaN : (jit1 - jit0) * 1e6 / clkTck / deliveredInWindow,
          (heapN - heap0) / (double) n,
          (rssN - rss0) / (double) n,
          (server.equals("bridge") || server.equals("sockjs")) && ticks > 1
              ? (ticks * sxy - sx * sy) / (ticks * sxx - sx * sx)
              : Double.NaN);
    } finally {
      vertx.close().await();
      child.descendants().forEach(ProcessHandle::destroy);
      child.destroy();
      child.waitFor();
    }
  }

  private static Future<WebSocket> connect(
      WebSocketClient sockets, String server, int port, int client, Arrivals arrivals) {
    String uri =
        switch (server) {
          case "bridge" -> "/eventbus/websocket";
          case "sockjs" -> "/eventbus/000/c" + client + "/websocket";
          case "socketio" -> "/socket.io/?EIO=4&transport=websocket";
          default -> "/";
        };
    WebSocketConnectOptions o =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (server.equals("bridge") || server.equals("sockjs")) {
      o.addHeader("Origin", "http://127.0.0.1:" + port);
    }
    // Handlers before connecting: a server may speak first (SockJS's "o", Engine.IO's open).
    ClientWebSocket socket = sockets.webSocket();
    socket.textMessageHandler(text -> onText(server, socket, client, text, arrivals));
    socket.binaryMessageHandler(b -> onText(server, socket, client, b.toString(), arrivals));
    socket.closeHandler(
        v -> {
          Short status = socket.closeStatusCode();
          arrivals
              .closedBy
              .computeIfAbsent(status == null ? -1 : status.intValue(), k -> new AtomicInteger())
              .incrementAndGet();
        });
    return socket
        .connect(o)
        .compose(
            ws -> {
              if (server.equals("bridge")) {
                return ws.writeTextMessage(
                        new JsonObject()
                            .put("type", "register")
                            .put("address", "world.clock")
                            .encode())
                    .map(ws);
              }
              return Future.succeededFuture(ws);
            });
  }

  private static void onText(
      String server, WebSocket ws, int client, String text, Arrivals arrivals) {
    if (server.equals("sockjs")) {
      // SockJS: "o" open → register, in SockJS's array of messages; "h" a heartbeat; "a[…]"
      // messages.
      if (text.equals("o")) {
        ws.writeTextMessage(
            new JsonArray()
                .add(
                    new JsonObject().put("type", "register").put("address", "world.clock").encode())
                .encode());
        return;
      }
      if (!text.startsWith("a")) {
        return;
      }
    }
    if (server.equals("socketio")) {
      // Engine.IO 4: "0{…}" open → join the namespace; "2" ping → "3" pong; "42[…]" an event.
      if (text.startsWith("0")) {
        ws.writeTextMessage("40");
        return;
      }
      if (text.equals("2")) {
        ws.writeTextMessage("3");
        return;
      }
      if (!text.startsWith("42")) {
        return;
      }
    }
    long minute = minuteOf(text);
    if (minute >= 0) {
      arrivals.arrived(client, minute);
    }
  }

  private static double percentile(long[] sortedNanos, double q) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.floor(q * sortedNanos.length))]
        / 1e6;
  }

  private static long heap(WebClient web, int port) {
    return Long.parseLong(web.get(port, "127.0.0.1", "/heap").send().await().bodyAsString().trim());
  }

  /** Resident memory of the process, in bytes. */
  private static long rss(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  /** User and system CPU of the process and its threads, in clock ticks. */
  private static long cpuTicks(long pid) throws Exception {
    return userAndSystemTicks(Path.of("/proc/" + pid + "/stat"));
  }

  /** utime + stime of a {@code /proc} stat file (a process's or a thread's). */
  private static long userAndSystemTicks(Path statFile) throws IOException {
    String stat = Files.readString(statFile);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * Of {@link #cpuTicks}, what the JIT's compiler threads spent: compiling is a cost of warming up,
   * not of a delivery, and a server with more code (the bridge's) compiles for longer.
   */
  private static long jitTicks(long pid) throws Exception {
    long ticks = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          // HotSpot names them "C1 CompilerThread0", cut to 15 characters.
          if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            continue;
          }
          ticks += userAndSystemTicks(task.resolve("stat"));
        } catch (NoSuchFileException gone) {
          // A compiler thread that ended meanwhile: the process's total keeps its time, this sum
          // no longer does (HotSpot ends idle compiler threads; with one core it keeps one of
          // each).
        }
      }
    }
    return ticks;
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }
}
