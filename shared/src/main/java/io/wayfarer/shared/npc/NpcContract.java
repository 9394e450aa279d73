package io.wayfarer.shared.npc;

/** The NPC verticle's addresses. */
public final class NpcContract {
  /** Request {@code {town}} → who is where: {@code {town, gameHour, places: [{place, count, people: [{name, profession}]}]}}. */
  public static final String WHEREABOUTS = "npc.whereabouts";
  /** Request {@code {}} → {@code {caravans: [...]}}: where the NPC caravans are and what they carry. */
  public static final String CARAVANS = "npc.caravans";

  public static final String WHEREABOUTS_PATTERN = "town\\.[a-z0-9_]{1,40}\\.npcs";

  private NpcContract() {}

  /** Published every game hour: the town's whereabouts, as {@link #WHEREABOUTS} answers. Bridged. */
  public static String whereabouts(String town) {
    return "town." + town + ".npcs";
  }
}
