package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The clock and the gateway together in one process, reached only over HTTP and the bridge. */
@ExtendWith(VertxExtension.class)
class WorldIntegrationTest {
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    JsonObject config =
        TestInfra.config(
            new JsonObject().put("clock", new JsonObject().put("secondsPerGameHour", 0.6)));
    server = InProcess.start(config);
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Kept in a field: Vert.x 5 closes a client that becomes unreachable, even in the middle of a
   * request.
   */
  WebClient client;

  WebClient client(Vertx vertx) {
    if (client == null) {
      client =
          WebClient.create(
              vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }
    return client;
  }

  @Test
  void apiWorldAnswersTheClocksTime(Vertx vertx) {
    HttpResponse<Buffer> res = client(vertx).get("/api/world").send().await();
    assertEquals(200, res.statusCode());
    JsonObject body = res.bodyAsJsonObject();
    for (String field :
        List.of(
            "year",
            "month",
            "monthName",
            "day",
            "weekday",
            "hour",
            "minute",
            "season",
            "phase",
            "weather")) {
      assertTrue(body.containsKey(field), field + " missing from " + body);
    }
    WorldTime t = WorldTime.fromJson(body);
    assertEquals(1247, t.year());
    assertTrue(List.of("spring", "summer", "autumn", "winter").contains(t.season()));
    // The clock runs (a game hour each 0.6 s here): a later reading is later, not merely no
    // earlier.
    long deadline = System.currentTimeMillis() + 30_000;
    WorldTime later = t;
    while (later.gameMinutes() <= t.gameMinutes()) {
      assertTrue(
          System.currentTimeMillis() < deadline, "the clock stood still at " + t.toJson().encode());
      later = WorldTime.fromJson(client(vertx).get("/api/world").send().await().bodyAsJsonObject());
    }
    assertTrue(
        later.gameMinutes() - t.gameMinutes() < 24 * 60 * 365,
        "and not wildly later: " + later.toJson().encode());
  }

  /**
   * The API's description is generated from the route table the router is mounted from: it
   * validates as OpenAPI 3.1 with a real validator (which refuses a broken copy of it), and lists
   * every route players use.
   */
  @Test
  void theApiDescribesItselfAsValidOpenApi(Vertx vertx) {
    HttpResponse<Buffer> res = client(vertx).get("/api/openapi.json").send().await();
    assertEquals(200, res.statusCode());
    JsonObject doc = res.bodyAsJsonObject();
    assertEquals("3.1.0", doc.getString("openapi"));
    OpenAPIContract contract = OpenAPIContract.from(vertx, doc).await();
    assertTrue(contract.operation("postTravel") != null, "the travel command is described");
    JsonObject paths = doc.getJsonObject("paths");
    for (String path :
        List.of(
            "/api/me",
            "/api/travel",
            "/api/work",
            "/api/rest",
            "/api/characters",
            "/api/towns",
            "/api/auth/login",
            "/api/market/{town}",
            "/api/market/{town}/buy",
            "/api/admin/events",
            "/api/openapi.json")) {
      assertTrue(paths.containsKey(path), path + " is described");
    }
    // The limits in the description are the declarations' own.
    JsonObject hours =
        paths
            .getJsonObject("/api/work")
            .getJsonObject("post")
            .getJsonObject("requestBody")
            .getJsonObject("content")
            .getJsonObject("application/json")
            .getJsonObject("schema")
            .getJsonObject("properties")
            .getJsonObject("hours");
    assertEquals(PlayerContract.Inputs.HOURS.max(), hours.getLong("maximum"));
    // The validator is not a rubber stamp: responses that are not an object are refused.
    JsonObject broken = doc.copy();
    broken
        .getJsonObject("paths")
        .getJsonObject("/api/me")
        .getJsonObject("get")
        .put("responses", "none");
    assertTrue(
        OpenAPIContract.from(vertx, broken)
            .transform(ar -> Future.succeededFuture(ar.failed()))
            .await(),
        "a broken description is refused");
  }

  @Test
  void healthIsUpWithEverythingThere(Vertx vertx) {
    HttpResponse<Buffer> res = client(vertx).get("/health").send().await();
    assertEquals(200, res.statusCode(), res.bodyAsString());
    assertEquals("UP", res.bodyAsJsonObject().getString("outcome"));
  }

  @Test
  void theBrowserClientIsServed(Vertx vertx) {
    HttpResponse<Buffer> index = client(vertx).get("/").send().await();
    assertEquals(200, index.statusCode());
    assertTrue(index.bodyAsString().contains("<script type=\"module\" src=\"js/main.js\">"));
    assertEquals(200, client(vertx).get("/js/theme.js").send().await().statusCode());
    assertEquals(
        200,
        client(vertx)
            .get("/webjars/sockjs-client/1.6.1/dist/sockjs.min.js")
            .send()
            .await()
            .statusCode());
  }

  @Test
  void aBridgedSocketReceivesTicks(Vertx vertx, VertxTestContext ctx) {
    // Five ticks, each later in the game than the one before (a tick may repeat a minute; it never
    // goes back).
    Checkpoint ticks = ctx.laxCheckpoint(5);
    long[] last = {-1};
    BridgeClient.fromPage(vertx, port, null)
        .onComplete(
            ctx.succeeding(
                ws -> {
                  ws.onFrame(
                      frame ->
                          ctx.verify(
                              () -> {
                                assertEquals("rec", frame.getString("type"), frame.encode());
                                assertEquals(ClockContract.TICKS, frame.getString("address"));
                                long minutes =
                                    WorldTime.fromJson(frame.getJsonObject("body")).gameMinutes();
                                assertTrue(
                                    minutes >= last[0],
                                    "a tick went back from " + last[0] + " to " + minutes);
                                if (minutes > last[0]) {
                                  last[0] = minutes;
                                  ticks.flag();
                                }
                              }));
                  ws.register(ClockContract.TICKS);
                }));
  }

  @Test
  void phaseChangesReachTheBrowser(Vertx vertx, VertxTestContext ctx) {
    Checkpoint announced = ctx.laxCheckpoint();
    BridgeClient.connect(vertx, port)
        .onComplete(
            ctx.succeeding(
                ws -> {
                  ws.onFrame(
                      frame ->
                          ctx.verify(
                              () -> {
                                if ("rec".equals(frame.getString("type"))
                                    && ClockContract.PHASE_CHANGED.equals(
                                        frame.getString("address"))) {
                                  ClockContract.Change change =
                                      ClockContract.Change.fromJson(frame.getJsonObject("body"));
                                  assertTrue(!change.from().equals(change.to()));
                                  announced.flag();
                                }
                              }));
                  ws.register(ClockContract.PHASE_CHANGED)
                      .onComplete(
                          ctx.succeeding(
                              v ->
                                  // Give the registration a moment to reach the bus, then move time
                                  // across at least one phase.
                                  vertx.setTimer(
                                      200,
                                      id ->
                                          server
                                              .vertx()
                                              .eventBus()
                                              .request(
                                                  ClockContract.ADMIN_ADVANCE,
                                                  new JsonObject().put("minutes", 12 * 60)))));
                }));
  }
}
