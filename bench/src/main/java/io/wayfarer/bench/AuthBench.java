package io.wayfarer.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.wayfarer.player.PasswordHasher;
import io.wayfarer.server.LaunchOptions;
import io.wayfarer.server.Wayfarer;
import io.wayfarer.shared.infra.EmbeddedServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logins per second through HTTP against the raw Argon2id verify throughput of the same parameters
 * on the same number of threads, measured in the same run (before and after, averaged, because this
 * machine is shared and noisy); then session-authenticated {@code GET /api/me} per second with its
 * p50 and p99.
 *
 * <p>Run with {@code scripts/bench auth [seconds]}. Everything listens on 127.0.0.1 and stops at
 * the end.
 */
public final class AuthBench {
  private static final String PASSWORD = "a perfectly fine passphrase";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int hashWorkers = Runtime.getRuntime().availableProcessors();
    Path data = BenchConfig.scratch("wayfarer-bench");
    try (EmbeddedServers servers = EmbeddedServers.start(data, false)) {
      int port = freePort();
      JsonObject config =
          BenchConfig.on(
              servers,
              port,
              new JsonObject()
                  .put("pg", new JsonObject().put("poolSize", 16))
                  .put(
                      "player",
                      new JsonObject()
                          .put("hashWorkers", hashWorkers)
                          .put("hashQueue", 256)
                          .put("loginFailuresPerAddress", 1_000_000)
                          .put("registrationsPerAddressPerHour", 1_000_000)));
      Wayfarer server =
          Wayfarer.start(
              new LaunchOptions(List.of("clock", "player", "gateway"), false, null), config);
      Vertx vertx = Vertx.vertx();
      try {
        WebClient http =
            WebClient.create(
                vertx,
                new WebClientOptions()
                    .setDefaultHost("127.0.0.1")
                    .setDefaultPort(port)
                    .setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(64));
        int users = 64;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
          String name = "bench" + i;
          names.add(name);
          http.post("/api/auth/register")
              .sendJsonObject(new JsonObject().put("username", name).put("password", PASSWORD))
              .await();
        }
        String hash = PasswordHasher.hash(PASSWORD);
        double rawBefore = rawVerifies(hash, hashWorkers, seconds);
        Result logins =
            drive(
                vertx,
                http,
                seconds,
                2 * hashWorkers + 2,
                i ->
                    http.post("/api/auth/login")
                        .sendJsonObject(
                            new JsonObject()
                                .put("username", names.get(i % users))
                                .put("password", PASSWORD))
                        .map(r -> r.statusCode() == 200));
        double rawAfter = rawVerifies(hash, hashWorkers, seconds);
        double raw = (rawBefore + rawAfter) / 2;

        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          var res =
              http.post("/api/auth/login")
                  .sendJsonObject(
                      new JsonObject().put("username", names.get(i)).put("password", PASSWORD))
                  .await();
          cookies.add(res.cookies().get(0).split(";")[0]);
        }
        Result me =
            drive(
                vertx,
                http,
                seconds,
                32,
                i ->
                    http.get("/api/me")
                        .putHeader("Cookie", cookies.get(i % cookies.size()))
                        .send()
                        .map(r -> r.statusCode() == 200));

        System.out.println();
        System.out.printf(
            "Argon2id m=19456 KiB t=2 p=1, %d hashing threads, %d s per phase%n",
            hashWorkers, seconds);
        System.out.printf(
            "raw verify throughput        %8.1f /s   (before %.1f, after %.1f)%n",
            raw, rawBefore, rawAfter);
        System.out.printf(
            "logins through HTTP          %8.1f /s   p50 %6.1f ms  p99 %6.1f ms  errors %d%n",
            logins.perSecond(), logins.p50(), logins.p99(), logins.errors());
        System.out.printf(
            "ratio logins / raw           %8.2f     (target >= 0.80)%n", logins.perSecond() / raw);
        System.out.printf(
            "GET /api/me with a session   %8.1f /s   p50 %6.2f ms  p99 %6.2f ms  errors %d%n",
            me.perSecond(), me.p50(), me.p99(), me.errors());
      } finally {
        vertx.close().await();
        server.close();
      }
    }
  }

  record Result(double perSecond, double p50, double p99, long errors, long count) {}

  interface Request {
    Future<Boolean> send(int i);
  }

  /**
   * Keeps {@code concurrency} requests in flight for {@code seconds}; latencies in milliseconds.
   */
  static Result drive(Vertx vertx, WebClient http, int seconds, int concurrency, Request request)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long[] latencies = new long[4_000_000];
    AtomicLong count = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Promise<Void> done = Promise.promise();
    AtomicLong running = new AtomicLong(concurrency);
    long start = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      int lane = c;
      vertx.runOnContext(v -> loop(request, lane, end, latencies, count, errors, running, done));
    }
    done.future().await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    int n = (int) Math.min(count.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return new Result(
        count.get() / elapsed,
        sorted[n / 2] / 1e6,
        sorted[(int) Math.min(n - 1, n * 0.99)] / 1e6,
        errors.get(),
        count.get());
  }

  private static void loop(
      Request request,
      int i,
      long end,
      long[] latencies,
      AtomicLong count,
      AtomicLong errors,
      AtomicLong running,
      Promise<Void> done) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    long t0 = System.nanoTime();
    request
        .send(i)
        .onComplete(
            ar -> {
              long n = count.getAndIncrement();
              if (n < latencies.length) {
                latencies[(int) n] = System.nanoTime() - t0;
              }
              if (ar.failed() || !ar.result()) {
                errors.incrementAndGet();
              }
              loop(request, i + 1, end, latencies, count, errors, running, done);
            });
  }

  /** Verifies per second on {@code threads} plain threads: the ceiling the login path can reach. */
  static double rawVerifies(String hash, int threads, int seconds) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong verified = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pool.execute(
          () -> {
            while (System.nanoTime() < end) {
              if (PasswordHasher.verify(PASSWORD, hash)) {
                verified.incrementAndGet();
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
    return verified.get() / ((System.nanoTime() - start) / 1e9);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
