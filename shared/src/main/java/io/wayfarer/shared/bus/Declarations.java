package io.wayfarer.shared.bus;

import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.npc.NpcContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.town.TownContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every topic the world publishes, in one list: the bridge permits from it, the browser takes its
 * addresses from it ({@code /js/contract.js}), and a test holds README's address table to it. A new
 * topic is declared in its owner's contract and added here.
 */
public final class Declarations {
  public static final List<Topic<?>> TOPICS =
      List.of(
          ClockContract.CLOCK,
          ClockContract.PHASE,
          ClockContract.SEASON,
          EventsContract.EVENT,
          SocialContract.PRESENCE,
          SocialContract.ONLINE,
          PlayerContract.INBOX,
          MarketContract.BOARD,
          NpcContract.TOWNSFOLK,
          SocialContract.CHAT,
          SocialContract.ANNOUNCEMENTS,
          EventsContract.ACTIVE,
          PlayerContract.SESSION_REVOKED,
          PlayerContract.WHEREABOUTS,
          PlayerContract.DEEDS,
          MarketContract.TRADED,
          TownContract.HALL_CHANGED,
          TownContract.LAWS);

  private Declarations() {}

  /** The topics a bridge may carry to a browser, by name. */
  public static Map<String, Topic<?>> bridged() {
    return TOPICS.stream()
        .filter(t -> t.audience() != Topic.Audience.SERVER)
        .collect(
            Collectors.toMap(Topic::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * The addresses whose every message supersedes the ones before ({@link Topic#latestOnly}), as one
   * regex compiled once.
   */
  public static Pattern latestOnly() {
    return Pattern.compile(
        TOPICS.stream()
            .filter(Topic::latestOnly)
            .map(Topic::addressPattern)
            .collect(Collectors.joining("|")));
  }

  /**
   * The addresses everyone may hear, as one regex compiled once (the bridge matches every register
   * frame with it).
   */
  public static Pattern everyone() {
    return heardBy(Topic.Audience.EVERYONE);
  }

  /**
   * The addresses every signed-in player's socket may hear (and no anonymous one), as one regex.
   */
  public static Pattern signedIn() {
    return heardBy(Topic.Audience.SIGNED_IN);
  }

  private static Pattern heardBy(Topic.Audience audience) {
    return Pattern.compile(
        TOPICS.stream()
            .filter(t -> t.audience() == audience)
            .map(Topic::addressPattern)
            .collect(Collectors.joining("|")));
  }
}
