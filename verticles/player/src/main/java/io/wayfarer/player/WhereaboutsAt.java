package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Where a character stood at a past game minute and what it was doing, from its activities (each
 * carries its game minutes): the activity under way then; else the town its last journey before
 * reached, or the one its next journey left, or where it stands now if it never travelled. And its
 * experience and level then, from its awards' minutes. Admins ask it with what a player held then
 * ({@code admin.players.heldAt}); a replay of a stopped world tells it too.
 */
public final class WhereaboutsAt {
  private WhereaboutsAt() {}

  /**
   * A town ({@code town}, null on the road) and what the character was doing ({@code doing}:
   * travel, work or rest, until a game minute; null: idle), with a journey's ends.
   */
  public record Place(String town, String doing, Long until, String from, String to) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("town", town)
          .put("doing", doing)
          .put("until", until)
          .put("from", from)
          .put("to", to);
    }

    @Override
    public String toString() {
      if (doing == null) {
        return "in " + town + ", idle";
      }
      return (town == null
              ? "on the road from " + from + " to " + to
              : "in " + town + ", " + doing + "ing")
          + " until game minute "
          + until;
    }
  }

  /**
   * Where an account's character was at a minute; null when it has no character, or had none yet
   * then.
   */
  public static Future<Place> of(SqlClient client, long account, long minute) {
    return client
        .preparedQuery(PlayerSql.CHARACTER_OF)
        .execute(Tuple.of(account))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              Row c = rows.iterator().next();
              Long created = c.getLong("created_minute");
              if (created != null && created > minute) {
                return Future.succeededFuture();
              }
              long id = c.getLong("id");
              return client
                  .preparedQuery(PlayerSql.ACTIVITY_UNDER_WAY)
                  .execute(Tuple.of(id, minute))
                  .compose(now -> place(client, c, id, minute, first(now)));
            });
  }

  private static Future<Place> place(
      SqlClient client, Row character, long id, long minute, Row doing) {
    if (doing != null && "travel".equals(doing.getString("kind"))) {
      return Future.succeededFuture(
          new Place(
              null,
              "travel",
              doing.getLong("ends_at"),
              doing.getString("from_town"),
              doing.getString("to_town")));
    }
    return client
        .preparedQuery(PlayerSql.LAST_JOURNEY_BY)
        .execute(Tuple.of(id, minute))
        .compose(
            last ->
                last.size() > 0
                    ? Future.succeededFuture(first(last).getString("to_town"))
                    : client
                        .preparedQuery(PlayerSql.NEXT_JOURNEY_AFTER)
                        .execute(Tuple.of(id, minute))
                        .map(
                            next ->
                                next.size() > 0
                                    ? first(next).getString("from_town")
                                    : character.getString("town")))
        .map(
            town ->
                doing == null
                    ? new Place(town, null, null, null, null)
                    : new Place(
                        town, doing.getString("kind"), doing.getLong("ends_at"), null, null));
  }

  /** The experience an account's character had at a minute, and the level it gives. */
  public record Experience(long xp, int level) {
    public JsonObject toJson() {
      return new JsonObject().put("xp", xp).put("level", level);
    }
  }

  /** Experience at a minute: every award given at or before it (those without a minute count). */
  public static Future<Experience> experience(SqlClient client, long account, long minute) {
    return client
        .preparedQuery(PlayerSql.EXPERIENCE_AT)
        .execute(Tuple.of(account, minute))
        .map(
            rows -> {
              long xp = rows.iterator().next().getLong(0);
              return new Experience(xp, Levels.levelFor(xp));
            });
  }

  /** A character's hit points at a minute, of its most then. */
  public record HitPoints(int hp, int maxHp) {
    public JsonObject toJson() {
      return new JsonObject().put("hp", hp).put("maxHp", maxHp);
    }
  }

  /**
   * Hit points at a minute: the last change by then (V36 keeps each); null with no character then,
   * or none kept by then.
   */
  public static Future<HitPoints> hitPoints(SqlClient client, long account, long minute) {
    return client
        .preparedQuery(PlayerSql.HIT_POINTS_AT)
        .execute(Tuple.of(account, minute))
        .map(WhereaboutsAt::first)
        .map(r -> r == null ? null : new HitPoints(r.getInteger("hp"), r.getInteger("max_hp")));
  }

  private static Row first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }
}
