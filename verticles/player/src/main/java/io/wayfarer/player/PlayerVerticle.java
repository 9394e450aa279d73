package io.wayfarer.player;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.config.WorldFiles;
import io.wayfarer.shared.events.ActiveEvents;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.player.PlayerContract;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, sessions, characters and what they do: travel, work, rest. Thin wiring: the rules live in
 * {@link Accounts}, {@link Sessions}, {@link Characters}, {@link Activities}, {@link Journeys}, {@link Abilities}.
 */
public class PlayerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PlayerVerticle.class);

  private Pool pool;
  private Db db;
  private Replies replies;
  private RedisAPI redis;
  private Accounts accounts;
  private Sessions sessions;
  private Characters characters;
  private Activities activities;
  private Presence presence;
  private GameClock clock;
  private WorldData world;
  private java.util.Optional<AdminSettings> admin;
  private long sweeper = -1;
  private long presenceTimer = -1;
  private ActiveEvents events;

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("player");
    pool = Clients.pgPool(vertx, config());
    redis = Clients.redis(vertx, config());
    db = new Db(vertx, pool, config());
    replies = new Replies(vertx, "players", config());
    return Db.reachable(vertx, pool, config(), "players")
        .compose(v -> Future.all(WorldFiles.read(vertx, conf.getString("towns")), WorldFiles.read(vertx, conf.getString("classes"))))
        .compose(files -> vertx.executeBlocking(() -> {
          world = WorldData.fromJson(files.resultAt(0), conf.getString("towns"), files.resultAt(1), conf.getString("classes"));
          PasswordPolicy loaded = PasswordPolicy.load();
          admin = AdminSettings.from(config(), loaded);
          return loaded;
        }))
        .compose(policy -> {
          clock = new GameClock(vertx);
          Dice dice = Dice.seeded(conf.getLong("diceSeed"));
          sessions = new Sessions(pool, redis, conf.getInteger("sessionIdleMinutes"), conf.getInteger("sessionAbsoluteHours"));
          accounts = new Accounts(vertx, pool, sessions, policy, conf, admin);
          presence = new Presence(vertx, pool, redis, world, conf.getInteger("onlineMinutes"));
          characters = new Characters(vertx, db, world, dice, clock, presence);
          events = new ActiveEvents(vertx, "players", towns -> { });
          activities = new Activities(vertx, db, world, dice, clock, presence, events, replies);
          return accounts.start();
        })
        .compose(v -> accounts.ensureAdmin())
        .compose(v -> presence.refreshAll().otherwise(Failures.logged(LOG, "Presence not refreshed at start")))
        .compose(v -> {
          replies.serve(PlayerContract.REGISTER, this::register);
          replies.serve(PlayerContract.LOGIN, this::login);
          replies.serve(PlayerContract.LOGOUT, this::logout);
          replies.serve(PlayerContract.RESOLVE_SESSION, this::resolve);
          replies.serve(PlayerContract.TOUCH_SESSIONS, this::touch);
          PlayerContract.ME.serve(replies, me -> characters.me(me.playerId()).map(Document::new));
          PlayerContract.CREATE_CHARACTER.serve(replies, c -> characters.create(c).map(Document::new));
          PlayerContract.TRAVEL.serve(replies, t -> activities.travel(t).map(Document::new));
          PlayerContract.WORK.serve(replies, w -> activities.work(w).map(Document::new));
          PlayerContract.REST.serve(replies, r -> activities.rest(r).map(Document::new));
          PlayerContract.WORLD_MAP.serve(replies, none -> worldMap());
          replies.serve(PlayerContract.RECORD_NOTICE, this::recordNotice);
          replies.serve(ClockContract.TICKS, this::onTick);
          return replies.ready();
        })
        .compose(v -> events.start())
        .onSuccess(v -> {
          sweeper = vertx.setPeriodic(10 * 60_000L, id -> accounts.forgetOldAttempts()
              .onFailure(err -> LOG.warn("Old sign-in attempts not forgotten: {}", err.toString())));
          // Players who went quiet (a closed tab, a lost connection) leave "here now" within a minute or so of the limit.
          presenceTimer = vertx.setPeriodic(conf.getInteger("presenceRefreshSeconds") * 1000L, id -> replies.track(presence.refreshAll())
              .onFailure(err -> LOG.debug("Presence not refreshed: {}", err.toString())));
          LOG.info("Players ready: {} towns, {} roads, {} classes", world.towns().size(), world.roads().size(), world.classes().size());
        });
  }

  /**
   * What the player verticle can check before anything slow starts (the launcher calls it before PostgreSQL): the admin
   * settings. Throws {@link io.wayfarer.shared.config.ConfigException} naming the key at fault.
   */
  public static void checkSettings(JsonObject config) {
    AdminSettings.from(config, PasswordPolicy.load());
  }

  /** Stops taking requests, finishes those in flight (and the settling of a tick), then closes its pools. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    vertx.cancelTimer(presenceTimer);
    if (events != null) {
      events.stop();
    }
    return replies.stop()
        .eventually(() -> accounts == null ? Future.succeededFuture() : accounts.close())
        .eventually(pool::close)
        .eventually(() -> {
          redis.close();
          return Future.succeededFuture();
        });
  }


  private static JsonObject body(Message<JsonObject> m) {
    return m.body() == null ? new JsonObject() : m.body();
  }

  private static String address(JsonObject body) {
    String a = body.getString("address", "");
    return a.length() > 64 ? a.substring(0, 64) : a;
  }

  private void register(Message<JsonObject> m) {
    // Sent again after a lost answer it says the name is taken, which is true and harmless: no outcome is hidden.
    replies.read(m, accounts.register(body(m), address(body(m))));
  }

  private void login(Message<JsonObject> m) {
    JsonObject body = body(m);
    // A login from a browser that still holds a session replaces it: the old token stops working.
    Future<?> previous = body.getValue("previousToken") instanceof String old ? revoke(old) : Future.succeededFuture();
    // A login may be held back on purpose (LoginThrottle) before its hash: it is given that long to answer.
    replies.readWaiting(m, previous.otherwise(Failures.logged(LOG, "The browser's previous session was not revoked at login"))
        .compose(v -> accounts.login(body, address(body)))
        .onSuccess(session -> presenceOf(session.getLong("playerId"))), config().getJsonObject("player").getLong("loginDelayMaxMillis"));
  }

  private void logout(Message<JsonObject> m) {
    String token = body(m).getString("token");
    replies.read(m, revoke(token).map(v -> new JsonObject()));
  }

  private Future<Void> revoke(String token) {
    return sessions.revoke(token).map(playerId -> {
      if (playerId > 0) {
        vertx.eventBus().publish(PlayerContract.SESSION_REVOKED,
            new JsonObject().put("tokenHash", PlayerContract.tokenHash(token)).put("playerId", playerId));
        presenceOf(playerId);
      }
      return null;
    });
  }

  /** A player logged in or out: the town their character stands in has someone more or less online. */
  private void presenceOf(long playerId) {
    replies.track(pool.preparedQuery(PlayerSql.TOWN_OF_PLAYER).execute(io.vertx.sqlclient.Tuple.of(playerId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : presence.changed(rows.iterator().next().getString("town"))))
        .onFailure(err -> LOG.warn("Presence not refreshed after player {} logged in or out: {}", playerId, err.toString()));
  }

  /** The gateway's word that these sessions have pages open; those that ended are named back. */
  private void touch(Message<JsonObject> m) {
    JsonArray hashes = body(m).getJsonArray("tokenHashes");
    if (hashes == null || hashes.size() > 10_000
        || !hashes.stream().allMatch(h -> h instanceof String s && s.length() == 64 && s.chars().allMatch(Character::isLetterOrDigit))) {
      m.fail(Failures.BAD_REQUEST, "tokenHashes must list up to 10000 session token hashes (64 hex digits)");
      return;
    }
    replies.read(m, sessions.touch(hashes.stream().map(String.class::cast).toList())
        .map(ended -> new JsonObject().put("ended", new JsonArray(ended))));
  }

  private void resolve(Message<JsonObject> m) {
    Object token = body(m).getValue("token");
    replies.read(m, (token instanceof String t ? sessions.resolve(t) : Refusal.<Sessions.Session>fail(Failures.UNAUTHORIZED, "log in first"))
        .map(s -> new JsonObject().put("playerId", s.playerId()).put("username", s.username()).put("role", s.role())
            .put("expiresAt", s.expiresAt())));
  }

  /** Another verticle's notice for a player: stored like the player's own, then published on the inbox. */
  private void recordNotice(Message<JsonObject> m) {
    JsonObject b = body(m);
    if (!(b.getValue("playerId") instanceof Number p) || p.longValue() <= 0 || !(b.getValue("gameMinutes") instanceof Number t)
        || !(b.getValue("kind") instanceof String kind) || !kind.matches("[a-z]{1,20}")
        || !(b.getValue("text") instanceof String text) || text.isBlank() || text.length() > 500
        || (b.getValue("data") != null && !(b.getValue("data") instanceof JsonObject))) {
      m.fail(Failures.BAD_REQUEST, "a notice needs a playerId, gameMinutes, a kind (a-z), a text of 1 to 500 characters, and data as an object if any");
      return;
    }
    Notices.Notice n = new Notices.Notice(p.longValue(), t.longValue(), kind, text, b.getJsonObject("data", new JsonObject()));
    replies.command(m, Notices.store(pool, n).map(json -> {
      Notices.publish(vertx, List.of(json));
      return new JsonObject().put("id", json.getLong("id"));
    }));
  }

  private Future<Document> worldMap() {
    return presence.all().map(towns -> {
      JsonObject present = new JsonObject();
      JsonObject resting = new JsonObject();
      towns.forEach((town, p) -> {
        present.put(town, p.getJsonArray("present"));
        resting.put(town, p.getJsonArray("resting"));
      });
      return new Document(world.toJson().put("present", present).put("resting", resting).put("money", Money.toJson()));
    });
  }

  private void onTick(Message<JsonObject> m) {
    WorldTime t = WorldTime.fromJson(m.body());
    clock.heard(t);
    activities.onTick(t.gameMinutes());
  }
}
