package io.wayfarer.shared.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.config.ConfigException;
import io.wayfarer.shared.test.TestInfra;
import org.junit.jupiter.api.Test;

/**
 * The map every verticle reads: the shipped one is sound, and a broken one is refused naming file,
 * entry and field.
 */
class WorldDataTest {
  static final String TOWNS = "conf/world/towns.json";
  final JsonObject towns = TestInfra.readJson(TestInfra.root().resolve(TOWNS));

  @Test
  void theShippedMapIsSound() {
    WorldData.Geography map = WorldData.geography(towns, TOWNS);
    assertTrue(map.towns().containsKey(map.startTown()));
    assertTrue(
        map.roads().stream()
            .allMatch(r -> map.towns().containsKey(r.from()) && map.towns().containsKey(r.to())));
  }

  @Test
  void aRoadToNowhereIsRefusedNamingTheFileAndTheEntry() {
    JsonObject broken = towns.copy();
    JsonArray roads = broken.getJsonArray("roads");
    roads.getJsonObject(0).put("to", "atlantis");
    ConfigException e =
        assertThrows(ConfigException.class, () -> WorldData.geography(broken, TOWNS));
    assertTrue(
        e.getMessage().contains(TOWNS)
            && e.getMessage().contains("roads[0]")
            && e.getMessage().contains("atlantis"),
        e.getMessage());
  }

  @Test
  void aFieldOutOfRangeIsRefusedNamingTheField() {
    JsonObject broken = towns.copy();
    broken.getJsonArray("roads").getJsonObject(1).put("hours", 0);
    ConfigException e =
        assertThrows(ConfigException.class, () -> WorldData.geography(broken, TOWNS));
    assertTrue(e.getMessage().contains("roads[1].hours"), e.getMessage());
    assertEquals(6, WorldData.ABILITIES.size());
  }
}
