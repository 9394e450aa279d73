package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.player.PlayerContract;
import java.util.List;

/**
 * A player's notices: kept in PostgreSQL (inside the transaction that caused them), published after
 * commit.
 */
final class Notices {
  private Notices() {}

  record Notice(long playerId, long gameMinutes, String kind, String text, JsonObject data) {
    JsonObject toJson(long id) {
      return new JsonObject()
          .put("id", id)
          .put("gameMinutes", gameMinutes)
          .put("kind", kind)
          .put("text", text)
          .put("data", data);
    }
  }

  /**
   * Stores the notice in {@code tx}; returns its JSON for publishing once the transaction commits.
   */
  static Future<JsonObject> store(SqlClient tx, Notice n) {
    return tx.preparedQuery(PlayerSql.INSERT_NOTICE)
        .execute(Tuple.of(n.playerId(), n.gameMinutes(), n.kind(), n.text(), n.data()))
        .map(rows -> n.toJson(rows.iterator().next().getLong(0)).put("playerId", n.playerId()));
  }

  static void publish(Vertx vertx, List<JsonObject> notices) {
    for (JsonObject n : notices) {
      long playerId = n.getLong("playerId");
      PlayerContract.INBOX.publish(
          vertx.eventBus(), playerId, new Document(n.copy().put("playerId", (Object) null)));
    }
  }

  static Future<JsonArray> recent(SqlClient client, long playerId) {
    return client
        .preparedQuery(PlayerSql.RECENT_NOTICES)
        .execute(Tuple.of(playerId))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              rows.forEach(
                  r ->
                      out.add(
                          new JsonObject()
                              .put("id", r.getLong("id"))
                              .put("gameMinutes", r.getLong("game_minutes"))
                              .put("kind", r.getString("kind"))
                              .put("text", r.getString("text"))
                              .put("data", r.getJsonObject("data"))));
              return out;
            });
  }
}
