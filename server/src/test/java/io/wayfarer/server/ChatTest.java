package io.wayfarer.server;

import static io.wayfarer.server.BridgeSessionTest.awaitRegistered;
import static io.wayfarer.server.BridgeSessionTest.errors;
import static io.wayfarer.server.BridgeSessionTest.received;
import static io.wayfarer.server.BridgeSessionTest.until;
import static io.wayfarer.server.Browser.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Town chat through the whole server: lines said over HTTP are heard live on the bridge by the
 * town's signed-in sockets only, never by another town's or an anonymous one; no socket can speak
 * on the bridge; whispers reach the inbox; an admin's announcement reaches everyone.
 */
@ExtendWith(VertxExtension.class)
class ChatTest {
  static final String ADMIN_PASSWORD = "the keys of the keep";
  static final String REDHAVEN = SocialContract.CHAT.address("redhaven");
  static Wayfarer server;
  static int port;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            TestInfra.config(
                new JsonObject()
                    .put("clock", new JsonObject().put("secondsPerGameHour", 0.6))
                    .put(
                        "admin",
                        new JsonObject()
                            .put("username", "warden")
                            .put("password", ADMIN_PASSWORD))));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void stop() {
    InProcess.assertConserved(server);
    server.close();
  }

  BridgeClient socket(Vertx vertx, Browser as) {
    return BridgeClient.fromPage(vertx, port, as == null ? null : as.token()).await();
  }

  static Browser player(Vertx vertx, String name) {
    Browser b = new Browser(vertx, port);
    b.newCharacter(name.toLowerCase() + System.nanoTime() % 100000, name, "bard");
    return b;
  }

  static boolean heard(BridgeClient ws, String address, String text) {
    return received(ws, address).stream()
        .anyMatch(f -> text.equals(f.getJsonObject("body").getString("text")));
  }

  static String message(HttpResponse<Buffer> res) {
    return res.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  @Test
  void aTownHearsItsOwnLinesLiveAndNobodyElseDoes(Vertx vertx) throws Exception {
    Browser ada = player(vertx, "Ada");
    Browser bo = player(vertx, "Bo");
    Browser cy = player(vertx, "Cy");
    // Cy goes to Saltmere and waits there.
    expect(202, cy.post("/api/travel", new JsonObject().put("to", "saltmere")));
    until(
        () ->
            "saltmere"
                .equals(
                    cy.get("/api/me")
                        .bodyAsJsonObject()
                        .getJsonObject("character")
                        .getString("town")),
        "Cy's arrival in Saltmere");

    BridgeClient a = socket(vertx, ada);
    BridgeClient c = socket(vertx, cy);
    BridgeClient anonymous = socket(vertx, null);
    anonymous.register(REDHAVEN).await();
    until(() -> errors(anonymous).size() == 1, "the anonymous socket's refusal");
    assertEquals("access_denied", errors(anonymous).get(0).getString("body"));
    a.register(REDHAVEN).await();
    c.register(SocialContract.CHAT.address("saltmere")).await();
    awaitRegistered(server, a, REDHAVEN);
    awaitRegistered(server, c, SocialContract.CHAT.address("saltmere"));

    JsonObject line =
        expect(200, bo.post("/api/chat", new JsonObject().put("text", "<i>Fair winds</i>, Ada")))
            .bodyAsJsonObject();
    assertEquals("Bo", line.getString("name"));
    until(() -> heard(a, REDHAVEN, "<i>Fair winds</i>, Ada"), "Ada hears Bo");
    expect(200, cy.post("/api/chat", new JsonObject().put("text", "Quiet here")));
    until(
        () -> heard(c, SocialContract.CHAT.address("saltmere"), "Quiet here"), "Cy hears himself");
    assertTrue(!heard(a, REDHAVEN, "Quiet here"), "Saltmere's line stays in Saltmere");
    assertTrue(
        received(c, REDHAVEN).isEmpty() && received(anonymous, REDHAVEN).isEmpty(),
        "nobody outside Redhaven hears Redhaven");

    // History: each sees their own town's.
    JsonArray redhaven = expect(200, ada.get("/api/chat")).bodyAsJsonObject().getJsonArray("lines");
    assertTrue(redhaven.encode().contains("Fair winds") && !redhaven.encode().contains("Quiet"));
    JsonObject saltmere = expect(200, cy.get("/api/chat")).bodyAsJsonObject();
    assertEquals("saltmere", saltmere.getString("town"));

    // No socket speaks on the bridge: a published or sent line is refused and never stored.
    a.publish(REDHAVEN, new JsonObject().put("text", "forged")).await();
    a.send(SocialContract.SAY.address(), new JsonObject().put("text", "forged"), new JsonObject())
        .await();
    until(() -> errors(a).size() == 2, "both refused");
    assertTrue(
        !expect(200, ada.get("/api/chat")).bodyAsString().contains("forged"), "nothing stored");
    a.close().await();
    c.close().await();
    anonymous.close().await();
  }

  @Test
  void theEdgeRefusesBadLinesInWords(Vertx vertx) {
    Browser dee = player(vertx, "Dee");
    HttpResponse<Buffer> tooLong =
        dee.post("/api/chat", new JsonObject().put("text", "y".repeat(501)));
    assertEquals(400, tooLong.statusCode());
    assertEquals(SocialContract.Inputs.TEXT.rule(), message(tooLong));
    HttpResponse<Buffer> forged =
        dee.post("/api/chat", new JsonObject().put("text", "hi").put("playerId", 1));
    assertEquals(400, forged.statusCode());
    assertTrue(message(forged).startsWith("unknown field 'playerId'"), message(forged));
    assertEquals(
        401,
        new Browser(vertx, port)
            .post("/api/chat", new JsonObject().put("text", "who am I?"))
            .statusCode());
    assertEquals(
        403,
        dee.post("/api/admin/announce", new JsonObject().put("text", "I am king")).statusCode(),
        "announcements are for admins");
  }

  @Test
  void whispersAndAnnouncementsArrive(Vertx vertx) throws Exception {
    Browser eve = player(vertx, "Eve");
    Browser fay = player(vertx, "Fay");
    long fayId = fay.get("/api/me").bodyAsJsonObject().getJsonObject("account").getLong("id");
    BridgeClient f = socket(vertx, fay);
    BridgeClient anyone = socket(vertx, null);
    String inbox = PlayerContract.inbox(fayId);
    f.register(inbox).await();
    anyone.register(SocialContract.ANNOUNCEMENTS.address()).await();
    awaitRegistered(server, f, inbox);
    awaitRegistered(server, anyone, SocialContract.ANNOUNCEMENTS.address());

    JsonObject sent =
        expect(
                200,
                eve.post(
                    "/api/whisper", new JsonObject().put("to", "Fay").put("text", "psst, Fay")))
            .bodyAsJsonObject();
    until(() -> heard(f, inbox, "Eve whispers: psst, Fay"), "the whisper on Fay's inbox");
    assertEquals(
        sent.put("to", "Nobody Atall"),
        expect(
                200,
                eve.post(
                    "/api/whisper", new JsonObject().put("to", "Nobody Atall").put("text", "psst")))
            .bodyAsJsonObject(),
        "the same answer for a name nobody has");

    Browser warden = new Browser(vertx, port);
    expect(200, warden.login("warden", ADMIN_PASSWORD));
    expect(
        200,
        warden.post("/api/admin/announce", new JsonObject().put("text", "The fair opens at dawn")));
    until(
        () -> heard(anyone, SocialContract.ANNOUNCEMENTS.address(), "The fair opens at dawn"),
        "the announcement, even on an anonymous page");
    f.close().await();
    anyone.close().await();
  }

  @Test
  void anOfferOverHttpIsCheckedAtTheEdgeAndAccepted(Vertx vertx) {
    Browser gil = player(vertx, "Gil");
    Browser hana = player(vertx, "Hana");
    HttpResponse<Buffer> bad =
        gil.post(
            "/api/offers",
            new JsonObject().put("to", "Hana").put("gives", new JsonObject().put("coin", -5)));
    assertEquals(400, bad.statusCode());
    assertEquals(SocialContract.Inputs.GIVES.rule(), message(bad));
    JsonObject offer =
        expect(
                200,
                gil.post(
                    "/api/offers",
                    new JsonObject()
                        .put("to", "Hana")
                        .put("gives", new JsonObject().put("coin", 250))
                        .put("wants", new JsonObject().put("ink", 1))))
            .bodyAsJsonObject();
    JsonArray received =
        expect(200, hana.get("/api/offers")).bodyAsJsonObject().getJsonArray("received");
    assertEquals(offer.getLong("id"), received.getJsonObject(0).getLong("id"));
    JsonObject done =
        expect(
                200,
                hana.post("/api/offers/accept", new JsonObject().put("offer", offer.getLong("id"))))
            .bodyAsJsonObject();
    assertEquals("accepted", done.getString("status"));
    assertEquals(
        404,
        gil.post("/api/offers/accept", new JsonObject().put("offer", offer.getLong("id")))
            .statusCode(),
        "only the one it was made to accepts it");
  }
}
