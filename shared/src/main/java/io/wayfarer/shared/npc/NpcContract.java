package io.wayfarer.shared.npc;

import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.Topic;
import io.wayfarer.shared.bus.Topic.Audience;
import io.wayfarer.shared.bus.TownRef;

/** The NPC verticle's addresses. */
public final class NpcContract {
  /**
   * Who is where: {@code {town, gameHour, places: [{place, count, people: [{name, profession}]}]}}.
   */
  public static final Command<TownRef, Document> WHEREABOUTS =
      Command.read(
          "npc.whereabouts",
          TownRef::fromJson,
          Document::fromJson,
          null,
          "who of the townsfolk is where in the town");

  /** {@code {caravans: [...]}}: where the NPC caravans are and what they carry. */
  public static final Command<Empty, Document> CARAVANS =
      Command.read(
          "npc.caravans",
          Empty::fromJson,
          Document::fromJson,
          null,
          "where the caravans are and what they carry");

  /**
   * Published every game hour: the town's whereabouts, as {@link #WHEREABOUTS} answers. Bridged.
   */
  public static final Topic<Document> TOWNSFOLK =
      Topic.keyed(
              "npcs",
              "town.<town>.npcs",
              "[a-z0-9_]{1,40}",
              Audience.EVERYONE,
              Document::fromJson,
              "who is where, as `GET /api/towns/{town}/npcs`, every game hour once the hour's supply has gone to the market")
          .superseding();

  private NpcContract() {}

  public static String whereabouts(String town) {
    return TOWNSFOLK.address(town);
  }
}
