package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.test.TestInfra;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The process's metrics as a Prometheus server reads them: served to admins only at {@code
 * /metrics} and on the loopback management port, valid text format (read by Prometheus's own
 * parser, from Debian's python3-prometheus-client), Vert.x's meters and the game's, and label sets
 * that stay bounded however many players the bus has addressed.
 */
@ExtendWith(VertxExtension.class)
class MetricsTest {
  static Wayfarer server;
  static int port;
  static int management;

  /** Prints each family as JSON: {name: {type, samples: [{name, labels, value}]}}. */
  static final String PARSE =
      "import sys, json\n"
          + "from prometheus_client.parser import text_string_to_metric_families\n"
          + "out = {}\n"
          + "for f in text_string_to_metric_families(sys.stdin.read()):\n"
          + "  out[f.name] = {'type': f.type, 'samples': [{'name': s.name, 'labels': s.labels,"
          + " 'value': s.value} for s in f.samples]}\n"
          + "print(json.dumps(out))\n";

  @BeforeAll
  static void start() {
    management = TestInfra.freePort();
    server =
        InProcess.start(
            TestInfra.config(
                InProcess.withAdmin(
                    new JsonObject()
                        .put(
                            "metrics",
                            new JsonObject()
                                .put("port", management)
                                .put("ledgerCheckSeconds", 5)))));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  /** The text parsed by Prometheus's parser; a text it cannot read fails the test. */
  static JsonObject parse(String text) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("/usr/bin/python3", "-c", PARSE).redirectErrorStream(false).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the parser finished");
    assertEquals(0, p.exitValue(), "Prometheus's parser read the text: " + errors);
    return new JsonObject(out.toString(StandardCharsets.UTF_8));
  }

  static double value(JsonObject families, String family, String sample, String label, String is) {
    JsonObject f = families.getJsonObject(family);
    assertTrue(f != null, family + " is scraped: " + families.fieldNames());
    return f.getJsonArray("samples").stream()
        .map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals(sample))
        .filter(s -> label == null || is.equals(s.getJsonObject("labels").getString(label)))
        .mapToDouble(s -> s.getDouble("value"))
        .sum();
  }

  static Browser admin(Vertx vertx) {
    Browser b = new Browser(vertx, port);
    expect(200, b.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    return b;
  }

  @Test
  void adminsAndTheManagementPortGetBoundedMetricsPrometheusCanRead(Vertx vertx) throws Exception {
    Browser anyone = new Browser(vertx, port);
    expect(401, anyone.get("/metrics"));
    Browser player = new Browser(vertx, port);
    player.newCharacter("ada" + System.nanoTime() % 100000, "Ada", "fighter");
    expect(403, player.get("/metrics"));

    // A trade and a login to count; a thousand players' inboxes addressed on the bus.
    expect(
        200,
        player.post(
            "/api/market/redhaven/buy",
            new JsonObject()
                .put("good", "bread")
                .put("qty", 1)
                .put("maxUnitPrice", 100_000)
                .put("requestId", "metrics-test-buy-1")));
    for (int id = 1; id <= 1000; id++) {
      server.vertx().eventBus().publish("player." + id + ".inbox", new JsonObject().put("n", id));
    }
    // An hour passes: the NPCs tick and the market settles it.
    server
        .vertx()
        .eventBus()
        .request(ClockContract.ADMIN_ADVANCE, new JsonObject().put("minutes", 60))
        .await();

    Browser admin = admin(vertx);
    JsonObject families = null;
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      var res = expect(200, admin.get("/metrics"));
      assertTrue(
          res.getHeader("content-type").startsWith("text/plain"), res.getHeader("content-type"));
      families = parse(res.bodyAsString());
      if (families.containsKey("wayfarer_npc_tick_seconds")
          && families.containsKey("wayfarer_market_hour_seconds")
          && value(
                  families,
                  "wayfarer_ledger_imbalanced_assets",
                  "wayfarer_ledger_imbalanced_assets",
                  null,
                  null)
              >= 0) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals(
        1.0, value(families, "wayfarer_trades", "wayfarer_trades_total", "side", "buy"), "one buy");
    assertTrue(
        value(families, "wayfarer_logins", "wayfarer_logins_total", "outcome", "ok") >= 2,
        "logins");
    assertEquals(
        0.0,
        value(
            families,
            "wayfarer_ledger_imbalanced_assets",
            "wayfarer_ledger_imbalanced_assets",
            null,
            null),
        "the ledger balances");
    assertTrue(families.containsKey("wayfarer_npc_tick_seconds"), families.fieldNames().toString());
    assertTrue(families.containsKey("wayfarer_market_hour_seconds"));
    assertTrue(
        families.fieldNames().stream().anyMatch(n -> n.startsWith("vertx_http_server")),
        "HTTP server");
    assertTrue(families.fieldNames().stream().anyMatch(n -> n.startsWith("vertx_pool")), "pools");
    assertTrue(
        families.fieldNames().stream().anyMatch(n -> n.startsWith("vertx_eventbus")), "event bus");

    // Bounded labels: every player's inbox is one label, every reply address one more.
    Set<String> addresses = new TreeSet<>();
    Pattern perPlayer = Pattern.compile("player\\.[0-9]+\\.inbox");
    for (String name : families.fieldNames()) {
      for (Object o : families.getJsonObject(name).getJsonArray("samples")) {
        String a = ((JsonObject) o).getJsonObject("labels").getString("address");
        if (a != null) {
          addresses.add(a);
        }
      }
    }
    assertTrue(addresses.contains("player.*.inbox"), addresses.toString());
    assertFalse(
        addresses.stream().anyMatch(a -> perPlayer.matcher(a).matches()), addresses.toString());
    assertTrue(addresses.size() < 150, addresses.size() + " addresses: " + addresses);

    // The management port serves the same to a scraper without a session, on loopback only.
    String scraped =
        WebClient.create(vertx)
            .get(management, "127.0.0.1", "/metrics")
            .send()
            .await()
            .bodyAsString();
    assertTrue(
        parse(scraped).containsKey("wayfarer_trades"), "the management port serves the metrics");
  }
}
