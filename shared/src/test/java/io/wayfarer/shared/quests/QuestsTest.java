package io.wayfarer.shared.quests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.test.TestInfra;
import io.wayfarer.shared.world.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The quests as data: the three shipped ones are sound against the shipped world and scripts, and a
 * broken quest is refused naming its file and field.
 */
class QuestsTest {
  static final Path ROOT = TestInfra.root();
  static final World WORLD = World.read(ROOT.resolve("conf/world"));
  static final Set<String> SEASONS = Set.copyOf(WORLD.calendar().seasonNames());
  static final Set<String> SCRIPTS =
      Set.of("festival", "grain_for_the_festival", "caravan_to_oakhollow");

  static Quests shipped() {
    return Quests.read(
        ROOT.resolve("conf/world/quests"), WORLD.map(), WORLD.goods().keySet(), SEASONS, SCRIPTS);
  }

  @Test
  void theThreeShippedQuestsAreSound() {
    Quests q = shipped();
    assertEquals(3, q.all().size());
    Quests.Quest grain = q.get("grain_for_the_festival").orElseThrow();
    assertEquals("millbrook", grain.giverTown());
    assertEquals(Quests.Kind.DELIVER, grain.steps().get(0).kind());
    assertEquals("redhaven", grain.steps().get(0).town());
    assertEquals(72, grain.hours());
    Quests.Quest caravan = q.get("caravan_to_oakhollow").orElseThrow();
    assertEquals(Quests.Kind.TRAVEL, caravan.steps().get(0).kind());
    assertEquals("caravan_to_oakhollow", caravan.script());
    Quests.Quest herbs = q.get("herbs_for_the_priest").orElseThrow();
    assertTrue(herbs.offeredIn("spring"));
    assertTrue(!herbs.offeredIn("winter"), "herbs are picked in spring");
    for (Quests.Quest quest : q.all()) {
      assertTrue(quest.potPerDay().coin() >= quest.reward().coin(), quest.id());
    }
    // Every shipped script a quest names exists beside the others.
    for (Quests.Quest quest : q.all()) {
      if (quest.script() != null) {
        assertTrue(
            Files.isRegularFile(ROOT.resolve("conf/world/scripts/" + quest.script() + ".js")));
      }
    }
  }

  static String refusal(Consumer<JsonObject> breakIt) {
    JsonObject json =
        TestInfra.readJson(ROOT.resolve("conf/world/quests/grain_for_the_festival.json"));
    breakIt.accept(json);
    return assertThrows(
            ConfigException.class,
            () ->
                Quests.fromJson(
                    json, "grain.json", WORLD.map(), WORLD.goods().keySet(), SEASONS, SCRIPTS))
        .getMessage();
  }

  @Test
  void aStepReadsBackFromTheDocumentPlayersAreShown() {
    for (Quests.Quest q : shipped().all()) {
      for (Quests.Step step : q.steps()) {
        Quests.Step read = Quests.Step.fromJson(step.toJson());
        assertEquals(step, read, q.id());
      }
    }
  }

  @Test
  void aBrokenQuestIsRefusedNamingItsFileAndField() {
    assertEquals(
        "grain.json: giver.town is no town: atlantis",
        refusal(j -> j.getJsonObject("giver").put("town", "atlantis")));
    assertTrue(
        refusal(
                j ->
                    j.getJsonArray("steps")
                        .getJsonObject(0)
                        .getJsonObject("deliver")
                        .put("good", "gold"))
            .startsWith("grain.json: steps[0].deliver.good must be one of"));
    assertEquals(
        "grain.json: steps[0].travel names no road: none leads from millbrook to oakhollow",
        refusal(
            j ->
                j.getJsonArray("steps")
                    .set(
                        0,
                        new JsonObject()
                            .put("text", "go")
                            .put(
                                "travel",
                                new JsonObject()
                                    .put("from", "millbrook")
                                    .put("to", "oakhollow")))));
    assertEquals(
        "grain.json: steps[0].work.job is no job in millbrook: dockhand",
        refusal(
            j ->
                j.getJsonArray("steps")
                    .set(
                        0,
                        new JsonObject()
                            .put("text", "work")
                            .put(
                                "work",
                                new JsonObject()
                                    .put("town", "millbrook")
                                    .put("job", "dockhand")
                                    .put("hours", 2)))));
    assertEquals(
        "grain.json: steps[0] must have exactly one of deliver, travel, work or script",
        refusal(j -> j.getJsonArray("steps").getJsonObject(0).put("script", true)));
    assertEquals(
        "grain.json: pot must hold at least one reward a day",
        refusal(j -> j.getJsonObject("pot").put("coin", "1 gp")));
    assertTrue(
        refusal(j -> j.put("script", "nowhere")).startsWith("grain.json: script must be one of"));
    assertTrue(
        refusal(j -> j.put("seasons", new JsonArray().add("monsoon")))
            .startsWith("grain.json: seasons[0] must be one of"));
  }
}
