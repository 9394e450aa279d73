package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.estate.EstateContract;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.player.PlayerContract;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What admins do to accounts ({@link ModerationContract}): find, show, kick, ban, unban, grant. A
 * kick and a ban end every session of the account and say so on {@code player.auth.revoked}, so
 * every gateway closes its sockets; a banned account's login is refused with the ban's end and
 * reason. Grants move through the ledger from or to {@code world}, once per request id.
 */
final class Moderation {
  private static final Logger LOG = LoggerFactory.getLogger(Moderation.class);

  private final Db db;
  private final Sessions sessions;
  private final Characters characters;
  private final EventBus bus;
  private final Set<String> assets;
  private final int onlineMinutes;
  private final Vertx vertx;
  private final long timeoutMillis;

  Moderation(
      Db db,
      Sessions sessions,
      Characters characters,
      EventBus bus,
      Set<String> assets,
      int onlineMinutes,
      Vertx vertx,
      long timeoutMillis) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
    this.db = db;
    this.sessions = sessions;
    this.characters = characters;
    this.bus = bus;
    this.assets = assets;
    this.onlineMinutes = onlineMinutes;
  }

  Future<Document> find(ModerationContract.Find f) {
    String pattern =
        "%"
            + f.q()
                .toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
            + "%";
    return db.pool()
        .preparedQuery(PlayerSql.FIND_PLAYERS)
        .execute(Tuple.of(pattern, onlineMinutes))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              for (Row r : rows) {
                out.add(
                    new JsonObject()
                        .put("account", r.getLong("id"))
                        .put("username", r.getString("username"))
                        .put("role", r.getString("role"))
                        .put("character", r.getString("name"))
                        .put("town", r.getString("town"))
                        .put("online", r.getBoolean("online"))
                        .put("bannedUntil", r.getString("banned_until")));
              }
              return new Document(new JsonObject().put("players", out));
            });
  }

  /**
   * What an account held at a game minute and where its character was then: "what did this player
   * hold at noon yesterday", answered on the live world from the ledger's checkpoints and log.
   */
  Future<Document> heldAt(ModerationContract.AccountAt a) {
    return db.pool()
        .preparedQuery(PlayerSql.ACCOUNT_STANDING)
        .execute(Tuple.of(a.account()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.<Ledger.HeldAt>fail(Failures.NOT_FOUND, "no account " + a.account())
                    : Ledger.holdingsAt(db.pool(), Ledger.player(a.account()), a.minute()))
        .compose(
            held -> {
              Future<WhereaboutsAt.Place> place =
                  WhereaboutsAt.of(db.pool(), a.account(), a.minute());
              Future<WhereaboutsAt.HitPoints> hp =
                  WhereaboutsAt.hitPoints(db.pool(), a.account(), a.minute());
              Future<WhereaboutsAt.Experience> xp =
                  WhereaboutsAt.experience(db.pool(), a.account(), a.minute());
              return Future.all(place, hp, xp)
                  .map(
                      all ->
                          new JsonObject()
                              .put("account", a.account())
                              .put("minute", a.minute())
                              .put("checkpoint", held.checkpoint())
                              .put("holdings", new JsonObject(new LinkedHashMap<>(held.holdings())))
                              .put(
                                  "whereabouts",
                                  place.result() == null ? null : place.result().toJson())
                              .put("hitPoints", hp.result() == null ? null : hp.result().toJson())
                              .put("experience", xp.result().toJson()));
            })
        .compose(this::withHouses)
        .map(Document::new);
  }

  /**
   * The houses the account owned then, from the estate verticle. Without an answer from it the rest
   * still stands: {@code houses} is null and {@code housesUnknown} says why.
   */
  private Future<JsonObject> withHouses(JsonObject lookBack) {
    return EstateContract.OWNED_AT
        .request(
            vertx,
            new ModerationContract.AccountAt(
                lookBack.getLong("account"), lookBack.getLong("minute")),
            timeoutMillis)
        .transform(
            ar -> {
              if (ar.succeeded()) {
                return Future.succeededFuture(
                    lookBack
                        .put("houses", ar.result().json().getJsonArray("houses"))
                        .put("keys", ar.result().json().getJsonArray("keys")));
              }
              LOG.warn("Look back without houses: {}", ar.cause().toString());
              return Future.succeededFuture(
                  lookBack
                      .putNull("houses")
                      .putNull("keys")
                      .put("housesUnknown", ar.cause().getMessage()));
            });
  }

  /** The account's own sheet (as the player sees it) and its standing. */
  Future<Document> show(ModerationContract.Account a) {
    return db.pool()
        .preparedQuery(PlayerSql.ACCOUNT_STANDING)
        .execute(Tuple.of(a.account()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Refusal.<Document>fail(Failures.NOT_FOUND, "no account " + a.account());
              }
              Row r = rows.iterator().next();
              JsonObject standing =
                  new JsonObject()
                      .put("createdAt", r.getString("created_at"))
                      .put("bannedUntil", r.getString("banned_until"))
                      .put("banReason", r.getString("ban_reason"))
                      .put("bannedBy", r.getString("banned_by"))
                      .put("sessions", r.getLong("sessions"));
              return characters
                  .me(a.account())
                  .map(sheet -> new Document(sheet.put("standing", standing)));
            });
  }

  Future<Document> kick(ModerationContract.Kick k) {
    return exists(k.account())
        .compose(v -> endSessions(k.account()))
        .map(
            n ->
                new Document(new JsonObject().put("account", k.account()).put("sessionsEnded", n)));
  }

  Future<Document> ban(ModerationContract.Ban b) {
    return db.pool()
        .preparedQuery(PlayerSql.ROLE_OF)
        .execute(Tuple.of(b.account()))
        .compose(
            roles -> {
              if (roles.size() == 0) {
                return Refusal.<String>fail(Failures.NOT_FOUND, "no account " + b.account());
              }
              if ("admin".equals(roles.iterator().next().getString("role"))) {
                return Refusal.<String>fail(Failures.CONFLICT, "an admin cannot be banned");
              }
              return db.pool()
                  .preparedQuery(PlayerSql.BAN)
                  .execute(Tuple.of(b.account(), (int) b.hours(), b.reason(), b.by()))
                  .map(rows -> rows.iterator().next().getString("banned_until"));
            })
        .compose(
            until ->
                endSessions(b.account())
                    .map(
                        n ->
                            new Document(
                                new JsonObject()
                                    .put("account", b.account())
                                    .put("bannedUntil", until)
                                    .put("reason", b.reason())
                                    .put("sessionsEnded", n))));
  }

  Future<Document> unban(ModerationContract.Kick u) {
    return db.pool()
        .preparedQuery(PlayerSql.UNBAN)
        .execute(Tuple.of(u.account()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.fail(Failures.NOT_FOUND, "no account " + u.account())
                    : Future.succeededFuture(
                        new Document(
                            new JsonObject().put("account", u.account()).put("banned", false))));
  }

  /**
   * Gives or takes, once per request id: the claim and the move are one transaction, and a repeat
   * answers what the first did (or refuses if its request id was used for another grant).
   */
  Future<Document> grant(ModerationContract.Grant g) {
    if (!assets.contains(g.asset())) {
      return Refusal.fail(
          Failures.BAD_REQUEST, g.asset() + " is neither coin nor a good of this world");
    }
    String player = Ledger.player(g.account());
    String reason = "admin " + g.by() + ": " + g.reason();
    return exists(g.account())
        .compose(
            v ->
                db.transaction(
                    tx ->
                        tx.preparedQuery(PlayerSql.GRANT_CLAIM)
                            .execute(
                                Tuple.of(
                                    g.requestId(),
                                    g.account(),
                                    g.asset(),
                                    g.amount(),
                                    g.reason(),
                                    g.by()))
                            .compose(
                                claimed ->
                                    claimed.size() == 0
                                        ? sameGrant(tx, g)
                                        : Ledger.transfer(
                                            tx,
                                            g.amount() > 0 ? Ledger.WORLD : player,
                                            g.amount() > 0 ? player : Ledger.WORLD,
                                            g.asset(),
                                            Math.abs(g.amount()),
                                            reason))
                            .compose(moved -> Ledger.balance(tx, player, g.asset()))))
        .map(
            balance ->
                new Document(
                    new JsonObject()
                        .put("account", g.account())
                        .put("asset", g.asset())
                        .put("amount", g.amount())
                        .put("balance", balance)));
  }

  private static Future<Void> sameGrant(SqlConnection tx, ModerationContract.Grant g) {
    return tx.preparedQuery(PlayerSql.GRANT_BY_REQUEST)
        .execute(Tuple.of(g.requestId()))
        .compose(
            rows -> {
              Row r = rows.iterator().next();
              boolean same =
                  r.getLong("account_id") == g.account()
                      && r.getString("asset").equals(g.asset())
                      && r.getLong("amount") == g.amount();
              return same
                  ? Future.succeededFuture()
                  : Refusal.fail(Failures.CONFLICT, "that requestId was used for another grant");
            });
  }

  private Future<Void> exists(long account) {
    return db.pool()
        .preparedQuery(PlayerSql.ROLE_OF)
        .execute(Tuple.of(account))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.fail(Failures.NOT_FOUND, "no account " + account)
                    : Future.succeededFuture());
  }

  /** Ends every live session of the account, and tells the gateways, which close its sockets. */
  private Future<Integer> endSessions(long account) {
    return db.pool()
        .preparedQuery(PlayerSql.REVOKE_ALL_SESSIONS)
        .execute(Tuple.of(account))
        .compose(
            rows -> {
              List<String> hashes =
                  StreamSupport.stream(rows.spliterator(), false)
                      .map(r -> HexFormat.of().formatHex(r.getBuffer("token_hash").getBytes()))
                      .toList();
              return sessions
                  .forget(hashes)
                  .map(
                      v -> {
                        hashes.forEach(
                            h ->
                                PlayerContract.SESSION_REVOKED.publish(
                                    bus, new PlayerContract.Revoked(h, account)));
                        return hashes.size();
                      });
            });
  }
}
