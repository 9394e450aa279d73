package io.wayfarer.shared.npc;

import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;

/** The NPC verticle's addresses. */
public final class NpcContract {
  /** Request {@code {town}} → who is where: {@code {town, gameHour, places: [{place, count, people: [{name, profession}]}]}}. */
  public static final String WHEREABOUTS = "npc.whereabouts";
  /** Request {@code {}} → {@code {caravans: [...]}}: where the NPC caravans are and what they carry. */
  public static final String CARAVANS = "npc.caravans";

  /** Published every game hour: the town's whereabouts, as {@link #WHEREABOUTS} answers. Bridged. */
  public static final Topic<Document> TOWNSFOLK = Topic.keyed("npcs", "town.<town>.npcs", "[a-z0-9_]{1,40}", Audience.EVERYONE,
      Document::fromJson, "who is where, as `GET /api/towns/{town}/npcs`, every game hour once the hour's supply has gone to the market");

  private NpcContract() {}

  public static String whereabouts(String town) {
    return TOWNSFOLK.address(town);
  }
}
