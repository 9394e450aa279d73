package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.test.TestInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as an operator meets it: a separate JVM on the embedded default with its own data
 * directory, stopped with SIGTERM, started again, killed with SIGKILL and started again. The world
 * time never goes back.
 */
class LauncherProcessTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path work;

  Process launch(Path dataDir, int port, Map<String, String> env, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=" + TestInfra.root().resolve("conf/logback.xml"),
                "io.wayfarer.server.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()));
    // Only what this test sets: an operator's WAYFARER_PG_URI must not turn off the embedded
    // default here.
    pb.environment().keySet().removeIf(k -> k.startsWith("WAYFARER_"));
    pb.environment().put("WAYFARER_DATA_DIR", dataDir.toString());
    pb.environment().put("WAYFARER_HTTP_PORT", Integer.toString(port));
    pb.environment().putAll(env);
    return pb.start();
  }

  static JsonObject world(int port, Process process, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the server exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> res =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/world"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 200) {
          return new JsonObject(res.body());
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no answer from /api/world within " + within);
  }

  /** The process a pid file names, if it is still alive. */
  static java.util.Optional<ProcessHandle> stillRunning(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return java.util.Optional.empty();
    }
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    return first.isEmpty()
        ? java.util.Optional.empty()
        : ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
  }

  String log() throws IOException {
    Path file = work.resolve("server.log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void stopStartAndKillResumeTheSameWorldTime() throws Exception {
    Path data = work.resolve("data");
    int port = TestInfra.freePort();
    Map<String, String> fast = Map.of("WAYFARER_CLOCK_SECONDSPERGAMEHOUR", "0.6");

    Process first = launch(data, port, fast);
    long t1 = world(port, first, Duration.ofSeconds(120)).getLong("gameMinutes");
    Thread.sleep(500);
    first.destroy(); // SIGTERM
    assertTrue(first.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the server");
    assertTrue(log().contains("Wayfarer stopped"), log());
    assertTrue(
        Files.exists(data.resolve("pg/PG_VERSION")) && Files.isDirectory(data.resolve("redis")),
        "data lives under data.dir");
    String logFile = Files.readString(data.resolve("logs/wayfarer.log"));
    assertTrue(
        logFile.contains("Wayfarer started") && logFile.contains("Wayfarer stopped"),
        "the log is kept under data.dir too: " + logFile);
    // A stop is not a death: the supervisor leaves alone the servers the stop takes down, and
    // nothing outlives the JVM.
    assertFalse(log().contains("starting it again"), log());
    assertTrue(
        stillRunning(data.resolve("redis/redis.pid")).isEmpty()
            && stillRunning(data.resolve("pg/postmaster.pid")).isEmpty(),
        "no embedded server outlives a stopped server");
    int stoppedAt = log().length();

    Process second = launch(data, port, fast);
    long t2 = world(port, second, Duration.ofSeconds(60)).getLong("gameMinutes");
    assertFalse(
        log().substring(stoppedAt).contains("left running by an earlier run"),
        "a clean stop leaves nothing to clean up");
    assertTrue(t2 >= t1 + 20, "the time reached before the stop was kept: " + t1 + " then " + t2);
    // Listen to the clock as a browser would, to know the last minutes announced before the kill.
    List<Long> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.core.Vertx listener = io.vertx.core.Vertx.vertx();
    try {
      io.wayfarer.shared.test.BridgeClient ws =
          io.wayfarer.shared.test.BridgeClient.connect(listener, port).await();
      ws.onFrame(
          f -> {
            if ("rec".equals(f.getString("type"))) {
              heard.add(f.getJsonObject("body").getLong("gameMinutes"));
            }
          });
      ws.register(io.wayfarer.shared.clock.ClockContract.TICKS).await();
      long deadline = System.currentTimeMillis() + 30_000;
      while (heard.size() < 50 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(heard.size() >= 50, "the clock was heard ticking: " + heard.size());
      second.destroyForcibly(); // SIGKILL: PostgreSQL and Redis are orphaned, still on the data
      // directory
      assertTrue(second.waitFor(30, TimeUnit.SECONDS));
    } finally {
      listener.close().await();
    }
    long lastHeard = heard.stream().mapToLong(Long::longValue).max().orElseThrow();

    Process third = launch(data, port, fast);
    try {
      world(port, third, Duration.ofSeconds(90));
      // The clock resumes at the last minute it announced (it saves each before announcing it), so
      // its next minute is
      // new: no minute is announced twice after a kill.
      java.util.regex.Matcher resumed =
          java.util.regex.Pattern.compile("Clock at \\{\"gameMinutes\":(\\d+)").matcher(log());
      long resumedAt = -1;
      while (resumed.find()) {
        resumedAt = Long.parseLong(resumed.group(1));
      }
      assertTrue(
          resumedAt >= lastHeard,
          "after a kill the clock resumed at "
              + resumedAt
              + ", before minute "
              + lastHeard
              + " that had been announced already");
      assertTrue(
          log().contains("left running by an earlier run"),
          "the stale servers were found and stopped");
    } finally {
      third.destroy();
      assertTrue(third.waitFor(60, TimeUnit.SECONDS));
    }
    assertTrue(log().contains("Embedded PostgreSQL and Redis stopped"));
  }

  @Test
  void badConfigurationStopsTheStartNamingTheKey() throws Exception {
    Process p =
        launch(work.resolve("data"), TestInfra.freePort(), Map.of("WAYFARER_HTTP_PORT", "eighty"));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    assertTrue(log().contains("WAYFARER_HTTP_PORT") && log().contains("http.port"), log());

    Process q =
        launch(
            work.resolve("data"),
            TestInfra.freePort(),
            Map.of("WAYFARER_CLOCK_SECONDSPERGAMEHOUR", "0"));
    assertTrue(q.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, q.exitValue());
    assertTrue(log().contains("clock.secondsPerGameHour"), log());
  }

  @Test
  void aBadAdminPasswordStopsTheStartBeforePostgresStarts() throws Exception {
    Path data = work.resolve("data");
    Process p =
        launch(
            data,
            TestInfra.freePort(),
            Map.of("WAYFARER_ADMIN_USERNAME", "warden", "WAYFARER_ADMIN_PASSWORD", "password1"));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    assertTrue(log().contains("admin.password") && log().contains("too common"), log());
    assertTrue(
        !Files.exists(data.resolve("pg")), "nothing slow was started: no PostgreSQL was unpacked");

    Process q = launch(data, TestInfra.freePort(), Map.of("WAYFARER_ADMIN_USERNAME", "warden"));
    assertTrue(q.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, q.exitValue());
    assertTrue(log().contains("admin.password must be set"), log());
    assertTrue(!Files.exists(data.resolve("pg")));
  }

  @Test
  void unknownArgumentsAreAUsageError() throws Exception {
    Process p = launch(work.resolve("data"), TestInfra.freePort(), Map.of(), "--only", "dragons");
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a usage error exits at once");
    } finally {
      p.destroyForcibly();
    }
    assertEquals(2, p.exitValue());
    assertTrue(log().contains("unknown verticle 'dragons'"), log());
  }
}
