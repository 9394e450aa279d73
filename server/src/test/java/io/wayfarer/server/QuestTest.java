package io.wayfarer.server;

import static io.wayfarer.server.Browser.expect;
import static io.wayfarer.shared.test.TestInfra.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.ops.OpsContract;
import io.wayfarer.shared.scripts.ScriptsContract;
import io.wayfarer.shared.test.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three shipped quests played end to end over HTTP against every real verticle, with the
 * shipped world scripts running, a fast clock (a game hour in 0.6 s) and the test map's short safe
 * roads: rewards arrive through the ledger (the books balance at the end), experience raises a
 * level, and a reload of every script in the middle of a quest loses nothing.
 */
@ExtendWith(VertxExtension.class)
// The festival in Redhaven comes last: it fails every grain quest still open.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuestTest {
  static Wayfarer server;
  static int port;
  static int counter;

  @BeforeAll
  static void start() {
    server =
        InProcess.start(
            TestInfra.config(
                GameTest.fastTestWorld()
                    .put(
                        "scripts",
                        new JsonObject()
                            .put(
                                "dir",
                                TestInfra.root().resolve("conf/world/scripts").toString()))));
    port = InProcess.httpPort(server);
  }

  @AfterAll
  static void conservationHoldsAndStop() {
    try {
      InProcess.assertConserved(server);
    } finally {
      server.close();
    }
  }

  static Browser player(Vertx vertx, String cls) {
    return GameTest.player(vertx, port, ++counter, cls);
  }

  static JsonObject me(Browser b) {
    return GameTest.me(b);
  }

  static JsonObject quests(Browser b) {
    return expect(200, b.get("/api/quests")).bodyAsJsonObject();
  }

  static void travel(Browser b, String to) throws InterruptedException {
    expect(202, b.post("/api/travel", new JsonObject().put("to", to)));
    eventually(() -> me(b), m -> to.equals(m.getJsonObject("character").getString("town")), to);
  }

  static JsonObject find(JsonArray list, String field, String value) {
    for (Object o : list) {
      JsonObject j = (JsonObject) o;
      if (value.equals(j.getString(field))) {
        return j;
      }
    }
    return null;
  }

  static long coin(JsonObject me) {
    return me.getJsonObject("holdings").getLong("coin", 0L);
  }

  static long held(JsonObject me, String good) {
    return me.getJsonObject("holdings").getLong(good, 0L);
  }

  static JsonObject noticeWith(JsonObject me, String kind, String text) {
    for (Object o : me.getJsonArray("notices")) {
      JsonObject n = (JsonObject) o;
      if (n.getString("kind").equals(kind) && n.getString("text").contains(text)) {
        return n;
      }
    }
    return null;
  }

  static String refused(int status, HttpResponse<Buffer> res) {
    assertEquals(status, res.statusCode(), res.bodyAsString());
    return res.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  static JsonObject take(String quest) {
    return new JsonObject().put("quest", quest);
  }

  @Test
  void grainBoughtInMillbrookIsHandedToRedhavensBakerAndPaidThroughTheLedger(Vertx vertx)
      throws Exception {
    Browser b = player(vertx, "fighter");
    assertNotNull(
        find(quests(b).getJsonArray("offered"), "id", "caravan_to_oakhollow"),
        "Redhaven offers the caravan");
    assertEquals(
        null,
        find(quests(b).getJsonArray("offered"), "id", "grain_for_the_festival"),
        "the grain is offered in Millbrook, not here");
    assertTrue(
        refused(409, b.post("/api/quests/accept", take("grain_for_the_festival")))
            .contains("in Millbrook"));

    travel(b, "millbrook");
    JsonObject offered = find(quests(b).getJsonArray("offered"), "id", "grain_for_the_festival");
    assertEquals("Hobb the miller", offered.getJsonObject("giver").getString("name"));
    JsonObject taken =
        expect(200, b.post("/api/quests/accept", take("grain_for_the_festival")))
            .bodyAsJsonObject();
    JsonObject active = find(taken.getJsonArray("active"), "id", "grain_for_the_festival");
    assertEquals(0, active.getInteger("step"));
    assertTrue(active.getLong("dueAt") > active.getLong("acceptedAt"), "72 hours to do it");
    assertTrue(
        refused(409, b.post("/api/quests/accept", take("grain_for_the_festival")))
            .contains("already"));
    assertTrue(
        refused(409, b.post("/api/quests/hand-in", take("grain_for_the_festival")))
            .contains("Redhaven"),
        "handed in at the baker's, not here");

    JsonObject receipt =
        expect(
                200,
                b.post(
                    "/api/market/millbrook/buy",
                    new JsonObject()
                        .put("good", "grain")
                        .put("qty", 3)
                        .put("maxUnitPrice", 100_000)
                        .put("requestId", "grain-1-" + System.nanoTime())))
            .bodyAsJsonObject();
    travel(b, "redhaven");
    long before = coin(me(b));
    assertTrue(
        refused(409, b.post("/api/quests/hand-in", take("grain_for_the_festival")))
            .contains("you carry 3 of the 4"),
        "three sacks are not four");
    assertEquals(3, held(me(b), "grain"), "a refused hand-in moves nothing");
    assertEquals(before, coin(me(b)));

    // The fourth sack, bought here at Redhaven's price; the hand-in is retried with its id.
    expect(
        200,
        b.post(
            "/api/market/redhaven/buy",
            new JsonObject()
                .put("good", "grain")
                .put("qty", 1)
                .put("maxUnitPrice", 100_000)
                .put("requestId", "grain-2-" + System.nanoTime())));
    long beforeReward = coin(me(b));
    JsonObject handIn =
        take("grain_for_the_festival").put("requestId", "hand-in-" + System.nanoTime());
    JsonObject done = expect(200, b.post("/api/quests/hand-in", handIn)).bodyAsJsonObject();
    expect(200, b.post("/api/quests/hand-in", handIn)); // a retry hands nothing over again
    JsonObject finished = find(done.getJsonArray("finished"), "quest", "grain_for_the_festival");
    assertEquals("completed", finished.getString("state"));
    assertTrue(finished.getBoolean("rewarded"));

    JsonObject after =
        eventually(
            () -> me(b),
            m -> m.getJsonObject("character").getLong("xp") == 150,
            "the reward's experience");
    assertEquals(0, held(after, "grain"), "four sacks handed over");
    assertEquals(beforeReward + 900, coin(after), "9 gp from the world, through the ledger");
    assertNotNull(noticeWith(after, "reward", "Grain for the festival"));
    assertEquals(1, after.getJsonObject("character").getInteger("level"), "150 is not yet 300");
    assertTrue(receipt.getLong("total") > 0);
    assertEquals(
        null,
        find(quests(b).getJsonArray("offered"), "id", "grain_for_the_festival"),
        "a quest done is not offered again");
  }

  @Test
  void theCaravanGuardIsPaidByTheQuestAndItsScriptAndReachesTheSecondLevel(Vertx vertx)
      throws Exception {
    Browser b = player(vertx, "ranger");
    JsonObject sheet = me(b).getJsonObject("character");
    long start = coin(me(b));
    expect(200, b.post("/api/quests/accept", take("caravan_to_oakhollow")));
    travel(b, "oakhollow");
    // 12 gp and 300 experience from the quest's file, 4 gp and 50 from its script, as the road's
    // check was passed (a road of danger 0 always is).
    JsonObject after =
        eventually(
            () -> me(b),
            m -> m.getJsonObject("character").getLong("xp") == 350,
            "the quest's reward and its script's gift");
    assertEquals(start + 1200 + 400, coin(after));
    JsonObject c = after.getJsonObject("character");
    assertEquals(2, c.getInteger("level"), "300 experience is the second level");
    int con = c.getJsonObject("abilities").getJsonObject("con").getInteger("score");
    int perLevel = Math.max(1, 10 / 2 + 1 + Math.floorDiv(con - 10, 2));
    assertEquals(sheet.getInteger("maxHp") + perLevel, c.getInteger("maxHp"));
    assertEquals(900, c.getLong("nextLevelXp"));
    assertNotNull(noticeWith(after, "level", "level 2"));
    assertNotNull(noticeWith(after, "gift", "not one wagon"));
    assertEquals(
        "completed",
        find(quests(b).getJsonArray("finished"), "quest", "caravan_to_oakhollow")
            .getString("state"));
  }

  /**
   * The scripts verticle is replaced while the caravan is on the road: a journey finished while
   * nobody listened still finishes the step, since the verticle checks what was done when it
   * starts.
   */
  @Test
  void aJourneyEndedWhileTheQuestsVerticleIsRedeployedStillCounts(Vertx vertx) throws Exception {
    Browser b = player(vertx, "wizard");
    long start = coin(me(b));
    expect(200, b.post("/api/quests/accept", take("caravan_to_oakhollow")));
    expect(202, b.post("/api/travel", new JsonObject().put("to", "oakhollow")));
    JsonObject redeployed =
        OpsContract.REDEPLOY
            .request(server.vertx(), new OpsContract.Redeploy("scripts"), 120_000)
            .await()
            .json();
    assertEquals("scripts", redeployed.getString("verticle"), redeployed.encode());
    JsonObject after =
        eventually(
            () -> me(b),
            m -> m.getJsonObject("character").getLong("xp") >= 300,
            "the caravan's reward after the redeploy");
    assertTrue(coin(after) >= start + 1200, "12 gp at least (4 more if the script heard it)");
    assertEquals(
        "completed",
        find(quests(b).getJsonArray("finished"), "quest", "caravan_to_oakhollow")
            .getString("state"));
  }

  @Test
  void herbsArePickedInSpringAndAReloadOfEveryScriptMidQuestLosesNothing(Vertx vertx)
      throws Exception {
    Browser b = player(vertx, "cleric");
    travel(b, "oakhollow");
    expect(200, b.post("/api/quests/accept", take("herbs_for_the_priest")));
    long start = coin(me(b));
    work(b, 2);
    JsonObject half =
        eventually(
            () -> find(quests(b).getJsonArray("active"), "id", "herbs_for_the_priest"),
            q -> q.getInteger("worked") == 2,
            "two hours picked");
    assertEquals(0, half.getInteger("step"));

    JsonObject reloaded =
        server
            .vertx()
            .eventBus()
            .<JsonObject>request(
                ScriptsContract.RELOAD.address(), new JsonObject().put("by", "test"))
            .await()
            .body();
    assertTrue(reloaded.getJsonArray("scripts").size() >= 3, reloaded.encode());
    assertEquals(
        2,
        find(quests(b).getJsonArray("active"), "id", "herbs_for_the_priest").getInteger("worked"),
        "progress lives in the database, not in a script");

    work(b, 2);
    JsonObject after =
        eventually(
            () -> me(b),
            m -> m.getJsonObject("character").getLong("xp") == 100,
            "the priest's reward");
    assertEquals(start + 2 * 4 * 100 + 300, coin(after), "four hours' wages and 3 gp");
    assertEquals(
        null, find(quests(b).getJsonArray("active"), "id", "herbs_for_the_priest"), "done");
  }

  /** A shift of herb picking, once the hour allows it (the job runs 7 to 17 o'clock). */
  static void work(Browser b, int hours) throws InterruptedException {
    eventually(
        () -> b.post("/api/work", new JsonObject().put("job", "herb_picker").put("hours", hours)),
        res -> res.statusCode() == 202,
        "a shift of herb picking");
    eventually(() -> me(b), m -> m.getValue("activity") == null, "the shift's end");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aFestivalInRedhavenFailsTheGrainStillOnItsWayAndGivingUpIsAllowed(Vertx vertx)
      throws Exception {
    Browser late = player(vertx, "bard");
    Browser quitter = player(vertx, "rogue");
    travel(late, "millbrook");
    expect(200, late.post("/api/quests/accept", take("grain_for_the_festival")));
    expect(200, quitter.post("/api/quests/accept", take("caravan_to_oakhollow")));
    JsonObject left =
        expect(200, quitter.post("/api/quests/abandon", take("caravan_to_oakhollow")))
            .bodyAsJsonObject();
    assertEquals(
        "abandoned",
        find(left.getJsonArray("finished"), "quest", "caravan_to_oakhollow").getString("state"));
    assertNotNull(
        find(left.getJsonArray("offered"), "id", "caravan_to_oakhollow"),
        "a quest given up may be taken again");
    assertEquals(
        404, quitter.post("/api/quests/abandon", take("caravan_to_oakhollow")).statusCode());
    assertEquals(404, quitter.post("/api/quests/accept", take("no_such_quest")).statusCode());
    assertTrue(refused(400, quitter.post("/api/quests/accept", take("Bad Id"))).contains("quest"));

    server
        .vertx()
        .eventBus()
        .request(
            EventsContract.RAISE.address(),
            new JsonObject()
                .put("type", "festival")
                .put("town", "redhaven")
                .put("hours", 6)
                .put(EventsContract.Raise.ACTOR, "test"))
        .await();
    JsonObject failed =
        eventually(
            () -> quests(late),
            q -> find(q.getJsonArray("finished"), "quest", "grain_for_the_festival") != null,
            "the grain quest failing");
    JsonObject f = find(failed.getJsonArray("finished"), "quest", "grain_for_the_festival");
    assertEquals("failed", f.getString("state"));
    assertTrue(f.getString("note").contains("festival"), f.encode());
    eventually(
        () -> me(late),
        m -> noticeWith(m, "quest", "has failed") != null,
        "the player told it failed");
  }
}
