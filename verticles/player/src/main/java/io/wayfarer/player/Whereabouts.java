package io.wayfarer.player;

import io.vertx.core.eventbus.EventBus;
import io.wayfarer.shared.player.PlayerContract;
import java.util.Collection;
import java.util.List;

/**
 * Tells the world that someone arrived in a town, left it, or signed in or out there, so that the
 * owner of presence (the social verticle) counts that town again. A word lost while that owner is
 * being redeployed costs nothing lasting: it recounts every town at start and every little while.
 */
final class Whereabouts {
  private final EventBus bus;

  Whereabouts(EventBus bus) {
    this.bus = bus;
  }

  void changed(String town) {
    if (town != null) {
      changed(List.of(town));
    }
  }

  void changed(Collection<String> towns) {
    if (!towns.isEmpty()) {
      PlayerContract.WHEREABOUTS.publish(bus, new PlayerContract.Moved(List.copyOf(towns)));
    }
  }
}
