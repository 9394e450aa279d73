package io.wayfarer.server;

import io.vertx.core.Deployable;
import io.wayfarer.clock.ClockVerticle;
import io.wayfarer.estate.EstateVerticle;
import io.wayfarer.events.EventsVerticle;
import io.wayfarer.gateway.GatewayVerticle;
import io.wayfarer.market.MarketVerticle;
import io.wayfarer.npc.NpcVerticle;
import io.wayfarer.player.PlayerVerticle;
import io.wayfarer.scripts.ScriptsVerticle;
import io.wayfarer.social.SocialVerticle;
import io.wayfarer.town.TownVerticle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Every verticle this jar can run, by the name {@code --only} takes, in deployment order. */
public final class Verticles {
  static final Map<String, Supplier<Deployable>> ALL;

  /** The gateway: the one a simulation leaves out (nobody connects to it). */
  public static final String GATEWAY = "gateway";

  /**
   * Those the world has one of (each claims its lock at start, {@code SingleInstance}): a redeploy
   * stops the old one before it starts the new one.
   */
  static final Set<String> ONE_PER_WORLD =
      Set.of("clock", "events", "npc", "social", "town", "scripts");

  /**
   * Those that keep the world's time and run its simulation: each deployed on a worker pool of its
   * own, a thread per instance, so that no amount of gateway work queued on the event loops (a
   * fan-out to thousands of sockets) and no job on the shared worker pool holds up a tick or an
   * hour. Their I/O still completes on Netty's event loops.
   */
  static final Set<String> OWN_THREAD = Set.of("clock", "npc");

  static {
    Map<String, Supplier<Deployable>> all = new LinkedHashMap<>();
    all.put("clock", ClockVerticle::new);
    all.put("player", PlayerVerticle::new);
    all.put("market", MarketVerticle::new);
    all.put("events", EventsVerticle::new);
    all.put("npc", NpcVerticle::new);
    all.put("social", SocialVerticle::new);
    all.put("estate", EstateVerticle::new);
    all.put("town", TownVerticle::new);
    all.put("scripts", ScriptsVerticle::new);
    all.put(GATEWAY, GatewayVerticle::new);
    ALL = Collections.unmodifiableMap(all);
  }

  private Verticles() {}

  /** Every verticle's name, in deployment order. */
  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }
}
