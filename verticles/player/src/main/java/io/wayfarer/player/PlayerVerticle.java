package io.wayfarer.player;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.GameClock;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.events.ActiveEvents;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.infra.Metrics;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.town.TownLaws;
import io.wayfarer.shared.world.Charters;
import io.wayfarer.shared.world.World;
import io.wayfarer.shared.world.WorldData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, sessions, characters and what they do: travel, work, rest. Thin wiring: the rules live
 * in {@link Accounts}, {@link Sessions}, {@link Characters}, {@link Activities}, {@link Journeys},
 * {@link Abilities}.
 */
public class PlayerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PlayerVerticle.class);

  private Pool pool;
  private MeterRegistry registry;
  private Db db;
  private Replies replies;
  private RedisAPI redis;
  private Accounts accounts;
  private Sessions sessions;
  private Characters characters;
  private Activities activities;
  private Whereabouts whereabouts;
  private GameClock clock;
  private WorldData world;
  private Set<String> goods;
  private Moderation moderation;
  private Optional<AdminSettings> admin;
  private long sweeper = -1;
  private ActiveEvents events;
  private TownLaws laws;
  private Charters charters;

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("player");
    pool = Clients.pgPool(vertx, config());
    registry = Metrics.registry(config());
    redis = Clients.redis(vertx, config());
    db = new Db(vertx, pool, config());
    replies = new Replies(vertx, "players", config());
    return Db.reachable(vertx, pool, config(), "players")
        .compose(v -> World.load(vertx, config()))
        .compose(
            loaded ->
                vertx.executeBlocking(
                    () -> {
                      world = loaded.map();
                      goods = Set.copyOf(loaded.goods().keySet());
                      charters = loaded.charters();
                      PasswordPolicy policy = PasswordPolicy.load();
                      admin = AdminSettings.from(config(), policy);
                      return policy;
                    }))
        .compose(
            policy -> {
              clock = new GameClock(vertx, Clients.busTimeoutMillis(config()));
              Dice dice = Dice.seeded(conf.getLong("diceSeed"));
              sessions =
                  new Sessions(
                      pool,
                      redis,
                      conf.getInteger("sessionIdleMinutes"),
                      conf.getInteger("sessionAbsoluteHours"));
              accounts = new Accounts(vertx, pool, sessions, policy, conf, admin);
              whereabouts = new Whereabouts(vertx.eventBus());
              characters = new Characters(vertx, db, world, dice, clock, whereabouts);
              events =
                  new ActiveEvents(
                      vertx, "players", Clients.busTimeoutMillis(config()), towns -> {});
              laws =
                  new TownLaws(
                      vertx, charters, "players", Clients.busTimeoutMillis(config()), town -> {});
              activities =
                  new Activities(vertx, db, world, dice, clock, whereabouts, events, laws, replies);
              Set<String> assets = new HashSet<>(goods);
              assets.add(Ledger.COIN);
              moderation =
                  new Moderation(
                      db,
                      sessions,
                      characters,
                      vertx.eventBus(),
                      Set.copyOf(assets),
                      config().getJsonObject("social").getInteger("onlineMinutes"),
                      vertx,
                      Clients.busTimeoutMillis(config()));
              return accounts.start();
            })
        .compose(v -> accounts.ensureAdmin())
        .compose(
            v -> {
              // Sent again after a lost answer, a registration says the name is taken: true and
              // harmless, no outcome hidden.
              PlayerContract.REGISTER.serve(replies, r -> accounts.register(r).map(Document::new));
              // A login may be held back on purpose (LoginThrottle) before its hash: it is given
              // that long to answer.
              PlayerContract.LOGIN.serveWaiting(
                  replies, this::login, conf.getLong("loginDelayMaxMillis"));
              PlayerContract.LOGOUT.serve(replies, t -> revoke(t.token()).map(Empty.INSTANCE));
              PlayerContract.RESOLVE_SESSION.serve(
                  replies,
                  t ->
                      sessions
                          .resolve(t.token())
                          .map(
                              s ->
                                  new PlayerContract.Session(
                                      s.playerId(), s.username(), s.role(), s.expiresAt())));
              PlayerContract.TOUCH_SESSIONS.serve(
                  replies, t -> sessions.touch(t.tokenHashes()).map(PlayerContract.Touch::new));
              PlayerContract.ME.serve(
                  replies, me -> characters.me(me.playerId()).map(Document::new));
              PlayerContract.CREATE_CHARACTER.serve(
                  replies, c -> characters.create(c).map(Document::new));
              PlayerContract.TRAVEL.serve(replies, t -> activities.travel(t).map(Document::new));
              PlayerContract.WORK.serve(replies, w -> activities.work(w).map(Document::new));
              PlayerContract.REST.serve(replies, r -> activities.rest(r).map(Document::new));
              PlayerContract.WORLD_MAP.serve(replies, none -> worldMap());
              PlayerContract.RECORD_NOTICE.serve(replies, this::recordNotice);
              PlayerContract.NOTICE_TOWN.serve(replies, this::noticeTown);
              PlayerContract.AWARD.serve(replies, new Experience(vertx, db, world)::award);
              ModerationContract.FIND.serve(replies, moderation::find);
              ModerationContract.SHOW.serve(replies, moderation::show);
              ModerationContract.HELD_AT.serve(replies, moderation::heldAt);
              ModerationContract.KICK.serve(replies, moderation::kick);
              ModerationContract.BAN.serve(replies, moderation::ban);
              ModerationContract.UNBAN.serve(replies, moderation::unban);
              ModerationContract.GRANT.serve(replies, moderation::grant);
              ClockContract.CLOCK.listen(replies, this::onTick);
              return replies.ready();
            })
        .compose(v -> events.start())
        .compose(v -> laws.start())
        .onSuccess(
            v -> {
              sweeper =
                  vertx.setPeriodic(
                      10 * 60_000L,
                      id ->
                          accounts
                              .forgetOldAttempts()
                              .onFailure(
                                  err ->
                                      LOG.warn(
                                          "Old sign-in attempts not forgotten: {}",
                                          err.toString())));
              LOG.info(
                  "Players ready: {} towns, {} roads, {} classes",
                  world.towns().size(),
                  world.roads().size(),
                  world.classes().size());
            });
  }

  /**
   * What the player verticle can check before anything slow starts (the launcher calls it before
   * PostgreSQL): the admin settings. Throws {@link io.wayfarer.shared.config.ConfigException}
   * naming the key at fault.
   */
  public static void checkSettings(JsonObject config) {
    AdminSettings.from(config, PasswordPolicy.load());
  }

  /**
   * Stops taking requests, finishes those in flight (and the settling of a tick), then closes its
   * pools.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    if (events != null) {
      events.stop();
    }
    if (laws != null) {
      laws.stop();
    }
    return replies
        .stop()
        .eventually(() -> accounts == null ? Future.succeededFuture() : accounts.close())
        .eventually(pool::close)
        .eventually(
            () -> {
              redis.close();
              return Future.succeededFuture();
            });
  }

  private static JsonObject body(Message<JsonObject> m) {
    return m.body() == null ? new JsonObject() : m.body();
  }

  private Future<Document> login(PlayerContract.Login request) {
    // A login from a browser that still holds a session replaces it: the old token stops working.
    Future<?> previous =
        request.previousToken() != null
            ? revoke(request.previousToken())
            : Future.succeededFuture();
    return previous
        .otherwise(Failures.logged(LOG, "The browser's previous session was not revoked at login"))
        .compose(v -> accounts.login(request))
        .onComplete(
            ar ->
                registry
                    .counter("wayfarer.logins", "outcome", ar.succeeded() ? "ok" : "refused")
                    .increment())
        .onSuccess(session -> presenceOf(session.getLong("playerId")))
        .map(Document::new);
  }

  private Future<Void> revoke(String token) {
    return sessions
        .revoke(token)
        .map(
            playerId -> {
              if (playerId > 0) {
                PlayerContract.SESSION_REVOKED.publish(
                    vertx.eventBus(),
                    new PlayerContract.Revoked(PlayerContract.tokenHash(token), playerId));
                presenceOf(playerId);
              }
              return null;
            });
  }

  /**
   * A player logged in or out: the town their character stands in has someone more or less online.
   */
  private void presenceOf(long playerId) {
    replies
        .track(pool.preparedQuery(PlayerSql.TOWN_OF_PLAYER).execute(Tuple.of(playerId)))
        .onSuccess(rows -> rows.forEach(r -> whereabouts.changed(r.getString("town"))))
        .onFailure(
            err ->
                LOG.warn(
                    "Whereabouts not told after player {} logged in or out: {}",
                    playerId,
                    err.toString()));
  }

  /**
   * Another verticle's notice for a player: stored like the player's own, then published on the
   * inbox.
   */
  private Future<Document> recordNotice(PlayerContract.Notice notice) {
    Notices.Notice n =
        new Notices.Notice(
            notice.playerId(), notice.gameMinutes(), notice.kind(), notice.text(), notice.data());
    return Notices.store(pool, n)
        .map(
            json -> {
              Notices.publish(vertx, List.of(json));
              return new Document(new JsonObject().put("id", json.getLong("id")));
            });
  }

  private Future<Document> noticeTown(PlayerContract.TownNotice notice) {
    return pool.preparedQuery(PlayerSql.INSERT_TOWN_NOTICE)
        .execute(Tuple.of(notice.town(), notice.gameMinutes(), notice.kind(), notice.text()))
        .map(
            rows -> {
              List<JsonObject> stored = new ArrayList<>();
              rows.forEach(
                  r -> {
                    long playerId = r.getLong("account_id");
                    Notices.Notice n =
                        new Notices.Notice(
                            playerId,
                            notice.gameMinutes(),
                            notice.kind(),
                            notice.text(),
                            new JsonObject());
                    stored.add(n.toJson(r.getLong("id")).put("playerId", playerId));
                  });
              Notices.publish(vertx, stored);
              return new Document(new JsonObject().put("noticed", stored.size()));
            });
  }

  private Future<Document> worldMap() {
    return Future.succeededFuture(new Document(world.toJson().put("money", Money.toJson())));
  }

  private void onTick(WorldTime t) {
    clock.heard(t);
    activities.onTick(t.gameMinutes());
  }
}
