package io.wayfarer.player;

import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.events.WorldEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The world events in force, as the player verticle hears them on {@code world.events}: for the danger of roads. */
final class ActiveEvents {
  private final Map<Long, WorldEvent> active = new ConcurrentHashMap<>();

  void heard(JsonObject body) {
    WorldEvent e = WorldEvent.fromJson(body);
    if (e.ended()) {
      active.remove(e.id());
    } else {
      active.put(e.id(), e);
    }
  }

  /** Extra danger on roads into {@code town} from the events there now. */
  int dangerBonus(String town) {
    return active.values().stream().filter(e -> e.town().equals(town)).mapToInt(WorldEvent::roadDanger).sum();
  }
}
