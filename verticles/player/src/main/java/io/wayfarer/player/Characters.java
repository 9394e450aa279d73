package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.clock.GameClock;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.PlayerContract.NewCharacter;
import io.wayfarer.shared.world.WorldData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Character creation and the character sheet ({@code GET /api/me}). */
final class Characters {
  private static final Logger LOG = LoggerFactory.getLogger(Characters.class);

  private final Vertx vertx;
  private final Db db;
  private final Pool pool;
  private final WorldData world;
  private final Dice dice;
  private final GameClock clock;
  private final Whereabouts whereabouts;

  Characters(
      Vertx vertx, Db db, WorldData world, Dice dice, GameClock clock, Whereabouts whereabouts) {
    this.vertx = vertx;
    this.db = db;
    this.pool = db.pool();
    this.world = world;
    this.dice = dice;
    this.clock = clock;
    this.whereabouts = whereabouts;
  }

  Future<JsonObject> create(NewCharacter request) {
    long playerId = request.playerId();
    String name = request.name();
    WorldData.CharacterClass cls = world.characterClass(request.characterClass()).orElse(null);
    if (cls == null) {
      return Refusal.fail(Failures.BAD_REQUEST, "class must be one of " + world.classes().keySet());
    }
    List<Dice.AbilityRoll> rolls = Abilities.roll(dice.forOne(playerId));
    Map<String, Integer> scores = Abilities.scores(rolls);
    int hp = Abilities.hitPoints(cls.hitDie(), scores.get("con"));
    String town = world.startTown();
    String holder = Ledger.player(playerId);
    List<JsonObject> notices = new ArrayList<>();
    return clock
        .now()
        .compose(
            now ->
                db.transaction(
                    tx ->
                        tx.preparedQuery(PlayerSql.CHARACTER_BY_ACCOUNT)
                            .execute(Tuple.of(playerId))
                            .compose(
                                existing ->
                                    existing.size() > 0
                                        ? Refusal.<Long>fail(
                                            Failures.CONFLICT, "you already have a character")
                                        : tx.preparedQuery(PlayerSql.INSERT_CHARACTER)
                                            .execute(
                                                Tuple.tuple(
                                                    List.of(
                                                        playerId,
                                                        name,
                                                        cls.id(),
                                                        scores.get("str"),
                                                        scores.get("dex"),
                                                        scores.get("con"),
                                                        scores.get("int"),
                                                        scores.get("wis"),
                                                        scores.get("cha"),
                                                        Abilities.rollsToJson(rolls),
                                                        hp,
                                                        town,
                                                        now.gameMinutes())))
                                            .compose(
                                                rows ->
                                                    rows.size() == 0
                                                        ? Refusal.<Long>fail(
                                                            Failures.CONFLICT, "that name is taken")
                                                        : Future.succeededFuture(
                                                            rows.iterator().next().getLong(0))))
                            .compose(id -> startingKit(tx, holder, cls).map(id))
                            .compose(
                                id ->
                                    Notices.store(
                                            tx,
                                            new Notices.Notice(
                                                playerId,
                                                now.gameMinutes(),
                                                "welcome",
                                                name
                                                    + " the "
                                                    + cls.name()
                                                    + " arrives in "
                                                    + world.town(town).orElseThrow().name()
                                                    + " to seek a fortune.",
                                                new JsonObject().put("town", town)))
                                        .onSuccess(notices::add)
                                        .map(id))))
        .map(
            id -> {
              whereabouts.changed(town);
              return id;
            })
        .compose(
            id -> {
              Notices.publish(vertx, notices);
              return me(playerId);
            });
  }

  private static Future<Void> startingKit(
      SqlClient tx, String holder, WorldData.CharacterClass cls) {
    Future<Void> f =
        cls.startingCoin() > 0
            ? Ledger.transfer(
                tx,
                Ledger.WORLD,
                holder,
                Ledger.COIN,
                cls.startingCoin(),
                "starting money for a " + cls.id())
            : Future.succeededFuture();
    for (Map.Entry<String, Long> item : cls.kit().entrySet()) {
      f =
          f.compose(
              v ->
                  Ledger.transfer(
                      tx,
                      Ledger.WORLD,
                      holder,
                      item.getKey(),
                      item.getValue(),
                      "starting kit for a " + cls.id()));
    }
    return f;
  }

  /**
   * The whole sheet: account, character, abilities, hit points, where, what it is doing, holdings,
   * notices.
   */
  Future<JsonObject> me(long playerId) {
    // One snapshot for the whole sheet: read statement by statement, an activity that had just
    // ended
    // could show as over while the character read a moment before still lacked what its end changed
    // (hit points after a rest, wages after a shift).
    return pool.withTransaction(
        tx -> tx.query(PlayerSql.SNAPSHOT).execute().compose(v -> sheet(tx, playerId)));
  }

  private Future<JsonObject> sheet(SqlClient client, long playerId) {
    JsonObject out = new JsonObject();
    return client
        .preparedQuery(PlayerSql.ACCOUNT_BY_ID)
        .execute(Tuple.of(playerId))
        .compose(
            accounts -> {
              if (accounts.size() == 0) {
                return Refusal.<Void>fail(Failures.UNAUTHORIZED, "log in first");
              }
              Row a = accounts.iterator().next();
              out.put(
                  "account",
                  new JsonObject()
                      .put("id", a.getLong("id"))
                      .put("username", a.getString("username"))
                      .put("role", a.getString("role")));
              return client
                  .preparedQuery(PlayerSql.CHARACTER_BY_ACCOUNT)
                  .execute(Tuple.of(playerId))
                  .compose(
                      chars -> {
                        if (chars.size() == 0) {
                          out.putNull("character").putNull("activity");
                          return Future.succeededFuture();
                        }
                        Row c = chars.iterator().next();
                        out.put("character", characterJson(c));
                        return client
                            .preparedQuery(PlayerSql.OPEN_ACTIVITY)
                            .execute(Tuple.of(c.getLong("id")))
                            .map(
                                acts -> {
                                  out.put(
                                      "activity",
                                      acts.size() == 0
                                          ? null
                                          : activityJson(acts.iterator().next()));
                                  return null;
                                });
                      });
            })
        .compose(v -> Ledger.holdings(client, Ledger.player(playerId)))
        .compose(
            holdings -> {
              out.put("holdings", new JsonObject(new LinkedHashMap<>(holdings)));
              return Notices.recent(client, playerId);
            })
        .map(notices -> out.put("notices", notices));
  }

  JsonObject characterJson(Row c) {
    Map<String, Integer> scores = new LinkedHashMap<>();
    for (String ability : Abilities.NAMES) {
      scores.put(ability, (int) c.getShort(ability));
    }
    String town = c.getString("town");
    WorldData.CharacterClass cls = world.characterClass(c.getString("class")).orElse(null);
    return new JsonObject()
        .put("id", c.getLong("id"))
        .put("name", c.getString("name"))
        .put("class", c.getString("class"))
        .put("className", cls == null ? c.getString("class") : cls.name())
        .put("abilities", Abilities.toJson(scores))
        .put("rolls", c.getJsonArray("rolls"))
        .put("hp", c.getInteger("hp"))
        .put("maxHp", c.getInteger("max_hp"))
        .put("xp", c.getLong("xp"))
        .put("level", (int) c.getShort("level"))
        .put("nextLevelXp", Levels.nextAt(c.getShort("level")))
        .put("wounded", c.getInteger("hp") * 2 < c.getInteger("max_hp"))
        .put("town", town)
        .put(
            "townName",
            town == null ? null : world.town(town).map(WorldData.Town::name).orElse(town));
  }

  static JsonObject activityJson(Row a) {
    return new JsonObject()
        .put("id", a.getLong("id"))
        .put("kind", a.getString("kind"))
        .put("startedAt", a.getLong("started_at"))
        .put("endsAt", a.getLong("ends_at"))
        .put("details", a.getJsonObject("details"));
  }
}
