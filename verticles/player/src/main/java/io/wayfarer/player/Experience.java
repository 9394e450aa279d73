package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.world.WorldData;
import java.util.ArrayList;
import java.util.List;

/**
 * Awards from other verticles (a quest's reward): a notice and experience, applied once per id in
 * one transaction with the character locked. A level gained adds its hit points to the most and to
 * the current ones, and a notice of its own.
 */
final class Experience {
  private final Vertx vertx;
  private final Db db;
  private final WorldData world;

  Experience(Vertx vertx, Db db, WorldData world) {
    this.vertx = vertx;
    this.db = db;
    this.world = world;
  }

  Future<Document> award(PlayerContract.Award award) {
    PlayerContract.Notice notice = award.notice();
    List<JsonObject> notices = new ArrayList<>();
    return db.transaction(
            tx ->
                tx.preparedQuery(PlayerSql.LOCK_CHARACTER)
                    .execute(Tuple.of(notice.playerId()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Refusal.<JsonObject>fail(
                                Failures.NOT_FOUND,
                                "player " + notice.playerId() + " has no character");
                          }
                          Row c = rows.iterator().next();
                          return tx.preparedQuery(PlayerSql.CLAIM_AWARD)
                              .execute(
                                  Tuple.of(
                                      award.id(),
                                      notice.playerId(),
                                      award.xp(),
                                      notice.gameMinutes()))
                              .compose(
                                  claimed ->
                                      claimed.size() == 0
                                          ? Future.succeededFuture(
                                              standing(c).put("applied", false))
                                          : apply(tx, c, award, notices));
                        }))
        .map(
            answer -> {
              Notices.publish(vertx, notices);
              return new Document(answer);
            });
  }

  private Future<JsonObject> apply(
      SqlConnection tx, Row c, PlayerContract.Award award, List<JsonObject> notices) {
    PlayerContract.Notice notice = award.notice();
    long xp = c.getLong("xp") + award.xp();
    int before = c.getShort("level");
    int level = Math.max(before, Levels.levelFor(xp));
    int hitDie =
        world.characterClass(c.getString("class")).map(WorldData.CharacterClass::hitDie).orElse(8);
    int gain = (level - before) * Levels.hitPointsPerLevel(hitDie, c.getShort("con"));
    int maxHp = c.getInteger("max_hp") + gain;
    int hp = c.getInteger("hp") + gain;
    Future<Void> kept =
        tx.preparedQuery(PlayerSql.SET_EXPERIENCE)
            .execute(Tuple.of(c.getLong("id"), xp, level, maxHp, hp, notice.gameMinutes()))
            .compose(
                v ->
                    Notices.store(
                        tx,
                        new Notices.Notice(
                            notice.playerId(),
                            notice.gameMinutes(),
                            notice.kind(),
                            notice.text(),
                            notice.data().copy().put("xp", award.xp()))))
            .onSuccess(notices::add)
            .mapEmpty();
    if (level > before) {
      kept =
          kept.compose(
                  v ->
                      Notices.store(
                          tx,
                          new Notices.Notice(
                              notice.playerId(),
                              notice.gameMinutes(),
                              "level",
                              "You reach level "
                                  + level
                                  + ": your most hit points rise by "
                                  + gain
                                  + " to "
                                  + maxHp
                                  + ".",
                              new JsonObject().put("level", level).put("maxHp", maxHp))))
              .onSuccess(notices::add)
              .mapEmpty();
    }
    return kept.map(
        v ->
            new JsonObject()
                .put("applied", true)
                .put("xp", xp)
                .put("level", level)
                .put("leveledUp", level > before));
  }

  private static JsonObject standing(Row c) {
    return new JsonObject()
        .put("xp", c.getLong("xp"))
        .put("level", (int) c.getShort("level"))
        .put("leveledUp", false);
  }
}
