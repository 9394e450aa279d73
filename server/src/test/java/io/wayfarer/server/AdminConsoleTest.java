package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.test.TestInfra;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console's routes: every admin route (read from the API's own description) refuses a
 * player with 403 and a stranger with 401; the clock's controls work; every action is in the
 * append-only audit with who, what, why and its answer.
 */
@ExtendWith(VertxExtension.class)
class AdminConsoleTest {
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    server = InProcess.start(TestInfra.config(InProcess.withAdmin(new JsonObject())));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  /** Every admin route in the API's description: {method, path}. */
  static List<String[]> adminRoutes(Browser b) {
    JsonObject paths =
        expect(200, b.get("/api/openapi.json")).bodyAsJsonObject().getJsonObject("paths");
    List<String[]> out = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      if (path.startsWith("/api/admin/") || path.equals("/metrics")) {
        for (String method : paths.getJsonObject(path).fieldNames()) {
          out.add(new String[] {method, path.replaceAll("\\{[a-zA-Z]+}", "x")});
        }
      }
    }
    return out;
  }

  static int call(Browser b, String[] route) {
    return "get".equalsIgnoreCase(route[0])
        ? b.get(route[1]).statusCode()
        : b.post(route[1], new JsonObject()).statusCode();
  }

  @Test
  void onlyAdminsReachTheConsoleAndEveryActionIsAudited(Vertx vertx) {
    Browser stranger = new Browser(vertx, port);
    Browser player = new Browser(vertx, port);
    player.newCharacter("pim" + System.nanoTime() % 100000, "Pim", "rogue");
    List<String[]> routes = adminRoutes(stranger);
    assertTrue(routes.size() >= 9, routes.size() + " admin routes");
    for (String[] route : routes) {
      assertEquals(401, call(stranger, route), route[0] + " " + route[1] + " for a stranger");
      assertEquals(403, call(player, route), route[0] + " " + route[1] + " for a player");
    }

    Browser admin = new Browser(vertx, port);
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    JsonObject paused =
        expect(
                200,
                admin.post(
                    "/api/admin/clock/pause", new JsonObject().put("reason", "a quiet test")))
            .bodyAsJsonObject();
    assertTrue(paused.getBoolean("paused"), paused.encode());
    JsonObject later =
        expect(200, admin.post("/api/admin/clock/advance", new JsonObject().put("minutes", 90)))
            .bodyAsJsonObject();
    assertEquals(paused.getLong("gameMinutes") + 90, later.getLong("gameMinutes"));
    expect(400, admin.post("/api/admin/clock/advance", new JsonObject().put("minutes", 0)));
    JsonObject scaled =
        expect(
                200,
                admin.post(
                    "/api/admin/clock/scale", new JsonObject().put("millisPerGameHour", 30_000)))
            .bodyAsJsonObject();
    assertEquals(30.0, scaled.getDouble("secondsPerGameHour"));
    assertTrue(
        !expect(200, admin.post("/api/admin/clock/resume", new JsonObject()))
            .bodyAsJsonObject()
            .getBoolean("paused"));
    // An event's end moved: to three game hours from now, published again with it.
    JsonObject raised =
        expect(
                201,
                admin.post(
                    "/api/admin/events",
                    new JsonObject()
                        .put("type", "storm")
                        .put("town", "oakhollow")
                        .put("hours", 12)))
            .bodyAsJsonObject();
    JsonObject moved =
        expect(
                200,
                admin.post(
                    "/api/admin/events/reschedule",
                    new JsonObject()
                        .put("id", raised.getLong("id"))
                        .put("hours", 3)
                        .put("reason", "a shorter storm")))
            .bodyAsJsonObject();
    // The clock runs: three hours from whenever the request arrived, sooner than the twelve.
    assertTrue(
        moved.getLong("endsAt") >= raised.getLong("startsAt") + 180
            && moved.getLong("endsAt") < raised.getLong("endsAt"),
        moved.encode());
    expect(
        404,
        admin.post(
            "/api/admin/events/reschedule", new JsonObject().put("id", 999_999).put("hours", 3)));
    // An action the owner refuses is audited with its answer too.
    expect(
        404,
        admin.post(
            "/api/admin/events/end", new JsonObject().put("id", 999_999).put("reason", "typo")));

    JsonArray actions =
        expect(200, admin.get("/api/admin/audit")).bodyAsJsonObject().getJsonArray("actions");
    List<String> seen = new ArrayList<>();
    actions.forEach(a -> seen.add(((JsonObject) a).getString("action")));
    assertEquals(
        List.of(
            "POST /api/admin/events/end",
            "POST /api/admin/events/reschedule",
            "POST /api/admin/events/reschedule",
            "POST /api/admin/events",
            "POST /api/admin/clock/resume",
            "POST /api/admin/clock/scale",
            "POST /api/admin/clock/advance",
            "POST /api/admin/clock/pause"),
        seen.subList(0, 8),
        actions.encode());
    assertEquals("a shorter storm", actions.getJsonObject(2).getString("reason"));
    JsonObject pause = actions.getJsonObject(7);
    assertEquals(InProcess.ADMIN, pause.getString("admin"));
    assertEquals("a quiet test", pause.getString("reason"));
    assertEquals(200, pause.getInteger("status"));
    assertEquals(404, actions.getJsonObject(0).getInteger("status"));
    assertEquals("typo", actions.getJsonObject(0).getString("reason"));

    // Append-only: the database itself refuses to change or remove a row.
    Pool pool = Clients.pgPool(server.vertx(), server.config());
    try {
      assertThrows(
          Exception.class,
          () -> pool.query("UPDATE admin_audit SET reason = 'nothing happened'").execute().await());
      assertThrows(Exception.class, () -> pool.query("DELETE FROM admin_audit").execute().await());
    } finally {
      pool.close().await();
    }
  }

  /** Every admin command any contract declares. */
  static List<String> adminAddresses() throws IllegalAccessException {
    List<String> out = new ArrayList<>();
    for (Class<?> contract :
        List.of(
            io.wayfarer.shared.clock.ClockContract.class,
            io.wayfarer.shared.events.EventsContract.class,
            io.wayfarer.shared.market.MarketContract.class,
            io.wayfarer.shared.player.PlayerContract.class,
            io.wayfarer.shared.player.ModerationContract.class,
            io.wayfarer.shared.social.SocialContract.class,
            io.wayfarer.shared.town.TownContract.class,
            io.wayfarer.shared.estate.EstateContract.class,
            io.wayfarer.shared.ops.OpsContract.class)) {
      for (java.lang.reflect.Field f : contract.getFields()) {
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers())
            && f.get(null) instanceof io.wayfarer.shared.bus.Command<?, ?> c
            && c.address().startsWith("admin.")) {
          out.add(c.address());
        }
      }
    }
    return out;
  }

  @Test
  void noSocketReachesAnAdminAddressNotEvenAnAdmins(Vertx vertx) throws Exception {
    List<String> addresses = adminAddresses();
    assertTrue(addresses.size() >= 20, addresses.toString());
    Browser player = new Browser(vertx, port);
    player.newCharacter("pip" + System.nanoTime() % 100000, "Pip", "rogue");
    Browser admin = new Browser(vertx, port);
    expect(200, admin.login(InProcess.ADMIN, InProcess.ADMIN_PASSWORD));
    for (Browser who : List.of(player, admin)) {
      io.wayfarer.shared.test.BridgeClient ws =
          io.wayfarer.shared.test.BridgeClient.fromPage(vertx, port, who.token()).await();
      for (String address : addresses) {
        ws.send(address, new JsonObject().put("minutes", 60), new JsonObject()).await();
        ws.register(address).await();
      }
      InProcess.until(
          () ->
              ws.frames().stream().filter(f -> "err".equals(f.getString("type"))).count()
                  >= 2L * addresses.size(),
          "a refusal for every send and register");
      assertTrue(
          ws.frames().stream().noneMatch(f -> "rec".equals(f.getString("type"))),
          ws.frames().toString());
      ws.close();
    }
    // Nothing was done: the pause among those frames did not pause the clock.
    assertFalse(
        expect(200, admin.get("/api/world")).bodyAsJsonObject().getBoolean("paused"),
        "the clock runs");
  }
}
