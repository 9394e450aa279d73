package io.wayfarer.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.EmbeddedServers;
import io.wayfarer.shared.ledger.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

/**
 * Trades per second through HTTP (gateway → bus → market → one PostgreSQL transaction) against
 * pgbench running the identical SQL of a one-unit buy at the same concurrency, in the same run:
 * with the good chosen uniformly among twelve, and with everyone buying one hot good. pgbench runs
 * the script twice: one statement at a time, as it does by default, and with the same pipelining
 * the server uses. After the run the books must balance and the number of trade rows must match the
 * receipts each side reported.
 *
 * <p>Both loads come from C clients on their own process: wrk for HTTP, pgbench for SQL. A last
 * short run driven from Java sees every answer and checks that each receipt is exactly one trade
 * row.
 *
 * <p>Run with {@code scripts/bench trade [seconds] [clients] [rounds] [durable]}; needs {@code
 * pgbench} (Debian: postgresql-client) and {@code wrk} (Debian: wrk).
 */
public final class TradeBench {
  static final String[] GOODS = NpcTickBench.GOODS.toArray(String[]::new);

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    // "durable": PostgreSQL with fsync and synchronous commit, as the server runs; by default
    // without, as the tests.
    boolean durable = args.length > 3 && args[3].equals("durable");
    Path dir = BenchConfig.scratch("wayfarer-trade-bench");
    writeWorld(dir);
    try (EmbeddedServers servers = EmbeddedServers.start(dir.resolve("data"), durable)) {
      int port = AuthBench.freePort();
      JsonObject config =
          BenchConfig.on(
              servers,
              port,
              new JsonObject()
                  .put("pg", new JsonObject().put("poolSize", clients))
                  .put("market", new JsonObject().put("driftRate", 0.0))
                  .put(
                      "world",
                      new JsonObject()
                          .put("towns", dir.resolve("towns.json").toString())
                          .put("goods", dir.resolve("goods.json").toString()))
                  .put(
                      "player",
                      new JsonObject()
                          .put("registrationsPerAddressPerHour", 100_000)
                          .put("hashQueue", 1024)));
      Wayfarer server =
          Wayfarer.start(
              new LaunchOptions(List.of("clock", "player", "market", "gateway"), false, null),
              config);
      Vertx vertx = Vertx.vertx();
      Pool pool = Clients.pgPool(vertx, server.config());
      try {
        WebClient http =
            WebClient.create(
                vertx,
                new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(clients));
        List<String> cookies = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          String user = "buyer" + i;
          http.post("/api/auth/register")
              .sendJsonObject(
                  new JsonObject().put("username", user).put("password", "a bench of buyers"))
              .await();
          var login =
              http.post("/api/auth/login")
                  .sendJsonObject(
                      new JsonObject().put("username", user).put("password", "a bench of buyers"))
                  .await();
          String cookie = login.cookies().get(0).split(";")[0];
          cookies.add(cookie);
          http.post("/api/characters")
              .putHeader("Cookie", cookie)
              .sendJsonObject(
                  new JsonObject().put("name", "Buyer " + (char) ('A' + i)).put("class", "fighter"))
              .await();
          long id = login.bodyAsJsonObject().getLong("playerId");
          ids.add(id);
          pool.withTransaction(
                  tx ->
                      Ledger.transfer(
                          tx,
                          Ledger.WORLD,
                          Ledger.player(id),
                          Ledger.COIN,
                          100_000_000_000L,
                          "bench purse"))
              .await();
        }
        PgConnectOptions pg = PgConnectOptions.fromUri(servers.endpoints().pgUri());
        List<String[]> rows = new ArrayList<>();
        long httpOk = 0;
        long pgbenchTx = 0;
        long errors = 0;
        Path cookieFile = dir.resolve("cookies.txt");
        Files.write(cookieFile, cookies);
        Path lua = dir.resolve("trade.lua");
        try (var in = TradeBench.class.getResourceAsStream("/trade.lua")) {
          Files.copy(in, lua);
        }
        // Warm-up, not counted: the JIT compiles the trade path and the pools fill, as on a server
        // that has been up a
        // while. C2 on two shared cores takes about a minute under this load, so both modes run for
        // that long first.
        // PostgreSQL's caches warm up with it, for both sides.
        for (int i = 0; i < 3; i++) {
          wrk(lua, port, cookieFile, true, clients, Math.max(10, seconds));
          wrk(lua, port, cookieFile, false, clients, Math.max(10, seconds));
        }
        for (boolean hot : new boolean[] {false, true}) {
          // Uniform: one script per good, equal weights; hot: bread only. Each as pgbench runs a
          // script by default,
          // one statement at a time, and with the server's own pipelining (the ledger write and the
          // trade row together).
          List<List<Path>> scripts = new ArrayList<>();
          for (boolean pipelined : new boolean[] {false, true}) {
            List<Path> files = new ArrayList<>();
            for (String g : hot ? new String[] {"bread"} : GOODS) {
              Path file = dir.resolve("trade-" + g + (pipelined ? "-pipelined" : "") + ".sql");
              Files.writeString(
                  file, pgbenchScript(g, ids.get(0), ids.get(ids.size() - 1), pipelined));
              files.add(file);
            }
            scripts.add(files);
          }
          // Rounds of HTTP, pgbench and pipelined pgbench in turn, so that the machine's slow
          // swings fall on all three;
          // the medians are compared. The load comes from wrk, a C client like pgbench, so neither
          // side's load
          // generator eats the other's CPU.
          List<AuthBench.Result> https = new ArrayList<>();
          List<PgbenchResult> plain = new ArrayList<>();
          List<PgbenchResult> piped = new ArrayList<>();
          List<Double> ratios = new ArrayList<>();
          for (int round = 0; round < rounds; round++) {
            AuthBench.Result h = wrk(lua, port, cookieFile, hot, clients, seconds);
            PgbenchResult p = pgbench(pg, scripts.get(0), clients, seconds);
            PgbenchResult q = pgbench(pg, scripts.get(1), clients, seconds);
            https.add(h);
            plain.add(p);
            piped.add(q);
            ratios.add(h.perSecond() / p.tps());
            pgbenchTx += p.transactions() + q.transactions();
            errors += h.errors();
          }
          double httpTps = median(https.stream().mapToDouble(AuthBench.Result::perSecond));
          double tps = median(plain.stream().mapToDouble(PgbenchResult::tps));
          double tpsPiped = median(piped.stream().mapToDouble(PgbenchResult::tps));
          String mode = hot ? "one hot good" : "uniform over 12 goods";
          rows.add(
              new String[] {
                mode,
                String.format("%.0f", httpTps),
                String.format(
                    "%.1f / %.1f",
                    median(https.stream().mapToDouble(AuthBench.Result::p50)),
                    median(https.stream().mapToDouble(AuthBench.Result::p99))),
                String.format("%.0f", tps),
                String.format("%.1f", median(plain.stream().mapToDouble(PgbenchResult::latencyMs))),
                String.format("%.2f", httpTps / tps),
                String.format(
                    "%.2f–%.2f",
                    ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                String.format("%.0f", tpsPiped),
                String.format("%.2f", httpTps / tpsPiped)
              });
        }
        // Exactness: a short run whose every answer we see; each receipt must be one trade row, no
        // more, no less.
        long before =
            pool.query("SELECT count(*) FROM market_trades WHERE request_id LIKE 'chk-%'")
                .execute()
                .await()
                .iterator()
                .next()
                .getLong(0);
        AuthBench.Result check =
            AuthBench.drive(
                vertx,
                http,
                Math.max(2, seconds / 4),
                clients,
                i ->
                    http.post("/api/market/redhaven/buy")
                        .putHeader("Cookie", cookies.get(i % clients))
                        .putHeader("Origin", "http://127.0.0.1:" + port)
                        .sendJsonObject(
                            new JsonObject()
                                .put(
                                    "good",
                                    GOODS[ThreadLocalRandom.current().nextInt(GOODS.length)])
                                .put("qty", 1)
                                .put("maxUnitPrice", 100_000)
                                .put("requestId", "chk-" + UUID.randomUUID()))
                        .map(r -> r.statusCode() == 200));
        httpOk = check.count() - check.errors();
        Map<String, Long> imbalances = Ledger.imbalances(pool).await();
        long httpRows =
            pool.query("SELECT count(*) FROM market_trades WHERE request_id LIKE 'chk-%'")
                    .execute()
                    .await()
                    .iterator()
                    .next()
                    .getLong(0)
                - before;
        long pgbRows =
            pool.query("SELECT count(*) FROM market_trades WHERE request_id LIKE 'pgb-%'")
                .execute()
                .await()
                .iterator()
                .next()
                .getLong(0);
        System.out.println();
        System.out.printf(
            "One-unit buys in Redhaven, %d clients; medians of %d rounds of %d s each; PostgreSQL %s (2 cores shared by everything)%n",
            clients,
            rounds,
            seconds,
            durable ? "durable (fsync, synchronous commit)" : "without fsync");
        String format = "%-22s %13s %14s %12s %15s %6s %12s %18s %6s%n";
        System.out.printf(
            format,
            "mode",
            "HTTP trades/s",
            "p50 / p99 ms",
            "pgbench tps",
            "pgbench avg ms",
            "ratio",
            "round ratios",
            "pipelined pgbench",
            "ratio");
        for (String[] r : rows) {
          System.out.printf(format, (Object[]) r);
        }
        System.out.printf("HTTP errors: %d%n", errors);
        System.out.printf(
            "conservation: %s; check run: HTTP receipts %d = trade rows %d: %s; pgbench transactions %d = rows %d: %s%n",
            imbalances.isEmpty() ? "holds" : "BROKEN " + imbalances,
            httpOk,
            httpRows,
            httpOk == httpRows,
            pgbenchTx,
            pgbRows,
            pgbenchTx == pgbRows);
      } finally {
        pool.close().await();
        vertx.close().await();
        server.close();
      }
    }
  }

  record PgbenchResult(double tps, double latencyMs, long transactions) {}

  static double median(DoubleStream values) {
    double[] v = values.sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static AuthBench.Result wrk(
      Path lua, int port, Path cookies, boolean hot, int connections, int seconds)
      throws Exception {
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t",
                "2",
                "-c",
                Integer.toString(connections),
                "-d",
                seconds + "s",
                "--timeout",
                "10s",
                "-s",
                lua.toString(),
                "http://127.0.0.1:" + port,
                "--",
                cookies.toString(),
                hot ? "hot" : "uniform",
                "http://127.0.0.1:" + port)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("wrk failed:\n" + out);
    }
    long requests = (long) number(out, "WRK requests=([0-9]+)");
    return new AuthBench.Result(
        requests / number(out, "seconds=([0-9.]+)"),
        number(out, "p50us=([0-9]+)") / 1000,
        number(out, "p99us=([0-9]+)") / 1000,
        (long) number(out, "failed=([0-9]+)"),
        requests);
  }

  static PgbenchResult pgbench(PgConnectOptions pg, List<Path> scripts, int clients, int seconds)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "pgbench",
                "-n",
                "-M",
                "prepared",
                "-c",
                Integer.toString(clients),
                "-j",
                "2",
                "-T",
                Integer.toString(seconds)));
    for (Path script : scripts) {
      command.add("-f");
      command.add(script + "@1");
    }
    command.addAll(
        List.of(
            "-h",
            pg.getHost(),
            "-p",
            Integer.toString(pg.getPort()),
            "-U",
            pg.getUser(),
            pg.getDatabase()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("pgbench failed:\n" + out);
    }
    return new PgbenchResult(
        number(out, "tps = ([0-9.]+)"),
        number(out, "latency average = ([0-9.]+) ms"),
        (long) number(out, "number of transactions actually processed: ([0-9]+)"));
  }

  static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no '" + regex + "' in pgbench output:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  /**
   * The statements a one-unit buy runs, in order (Trading and Ledger): request id, location lock,
   * the ledger's lock of the five rows, the ledger's one write of the three moves (coin to the
   * market, tax to the town, the good to the player: three entries and five rows changed by their
   * net amounts), then the trade row. The write is Ledger.WRITE itself, with its parameters as
   * array literals. Prices are constants: pricing is Java arithmetic, not SQL. Holder names are
   * built with chr(58) for the colon, because pgbench reads ":name" even inside string literals as
   * a variable. After the warm-up every row exists, so, as in the server, all five are updates.
   * {@code pipelined}: the write and the trade row go out together, as Trading sends them.
   */
  static String pgbenchScript(String goodId, long firstPlayer, long lastPlayer, boolean pipelined) {
    String good = "'" + goodId + "'";
    String market = "('market' || chr(58) || 'redhaven')";
    String player = "('player' || chr(58) || (:pid)::text)";
    String town = "('town' || chr(58) || 'redhaven')";
    StringBuilder s = new StringBuilder();
    s.append("\\set pid random(").append(firstPlayer).append(", ").append(lastPlayer).append(")\n");
    s.append("\\set rid random(1, 2000000000)\n");
    s.append("BEGIN;\n");
    s.append(
        "SELECT * FROM market_trades WHERE player_id = :pid AND request_id = 'pgb-' || (:rid)::text || '-' || (:client_id)::text;\n");
    s.append("SELECT town FROM character_locations WHERE player_id = :pid FOR SHARE;\n");
    // Ledger.lock: the five rows at once, in (holder, asset) order.
    s.append(
            Ledger.LOCK
                .replace("$1::text[]", array("text", market, market, player, player, town))
                .replace("$2::text[]", array("text", good, "'coin'", good, "'coin'", "'coin'")))
        .append(";\n");
    // Ledger.write: three moves; five existing rows by their net amounts; no new rows.
    String write = Ledger.WRITE;
    String[] args = {
      array("text", player, player, market),
      array("text", market, town, player),
      array("text", "'coin'", "'coin'", good),
      array("bigint", "40", "2", "1"),
      array(
          "text",
          "'bought 1 " + goodId + " in redhaven'",
          "'sales tax in redhaven'",
          "'sold to a player in redhaven'"),
      array("text", market, market, player, player, town),
      array("text", good, "'coin'", good, "'coin'", "'coin'"),
      array("bigint", "-1", "40", "1", "-42", "2"),
      "ARRAY[]::text[]",
      "ARRAY[]::text[]",
      "ARRAY[]::bigint[]"
    };
    // From the highest number down, so that $1 does not match the start of $10 and $11.
    for (int i = args.length; i >= 1; i--) {
      String type = args[i - 1].endsWith("bigint[]") ? "bigint" : "text";
      write = write.replace("$" + i + "::" + type + "[]", args[i - 1]);
    }
    if (pipelined) {
      s.append("\\startpipeline\n");
    }
    s.append(write).append(";\n");
    s.append(
            "INSERT INTO market_trades (player_id, request_id, side, town, good, qty, player_coin, market_coin, tax_coin, stock_after, game_minutes)"
                + " VALUES ((:pid)::bigint, 'pgb-' || (:rid)::text || '-' || (:client_id)::text, 'buy', 'redhaven', ")
        .append(good)
        .append(
            ", 1, 42, 40, 2, 0, 0) ON CONFLICT (player_id, request_id) DO NOTHING RETURNING id, created_at;\n");
    if (pipelined) {
      s.append("\\endpipeline\n");
    }
    s.append("END;\n");
    if (s.indexOf("$") >= 0) {
      throw new IllegalStateException("a parameter was left unbound in the pgbench script:\n" + s);
    }
    return s.toString();
  }

  private static String array(String type, String... elements) {
    return "ARRAY[" + String.join(", ", elements) + "]::" + type + "[]";
  }

  /** A world where Redhaven holds plenty of everything at a price with a whole coin of tax. */
  static void writeWorld(Path dir) throws Exception {
    JsonObject towns = new JsonObject(Files.readString(Path.of("conf/world/towns.json")));
    for (Object o : towns.getJsonArray("towns")) {
      JsonObject t = (JsonObject) o;
      JsonObject market = new JsonObject();
      for (String g : GOODS) {
        market.put(g, new JsonObject().put("stock", 50_000_000).put("need", 50_000_000));
      }
      t.put("market", market).put("salesTax", 0.05);
    }
    Files.writeString(dir.resolve("towns.json"), towns.encodePrettily());
    JsonArray goods = new JsonArray();
    for (String g : GOODS) {
      goods.add(
          new JsonObject()
              .put("id", g)
              .put("name", g)
              .put("unit", "unit")
              .put("basePrice", 36.0)
              .put("seasons", new JsonObject()));
    }
    Files.writeString(
        dir.resolve("goods.json"), new JsonObject().put("goods", goods).encodePrettily());
  }
}
