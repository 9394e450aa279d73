package io.wayfarer.social;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.KeepNewest;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.infra.Metrics;
import io.wayfarer.shared.infra.SingleInstance;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.social.SocialContract;
import io.wayfarer.shared.social.SocialContract.Line;
import io.wayfarer.shared.world.World;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Town life: who is in each town and online in the world ({@link Presence}), offers between players
 * ({@link Trades}), lines said in a town (stored, then published on {@code town.<town>.chat} to the
 * town's signed-in pages), admins' announcements ({@code world.announcements}), whispers (delivered
 * as notices, so they wait for a player who is away), ignore lists, reports with their evidence and
 * mutes. Limits on speaking are per account ({@link Speakers}); what is said is cleaned and masked
 * first ({@link ChatText}). The limits live in its memory, so exactly one runs against a database,
 * across a cluster too ({@link SingleInstance}): two would each grant a speaker a full allowance.
 */
public class SocialVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SocialVerticle.class);
  private static final long FORGET_EVERY_MILLIS = 60_000;

  private Pool pool;
  private MeterRegistry registry;
  private Db db;
  private Replies replies;
  private ChatText words;
  private Speakers speakers;
  private int pageLines;
  private long forgetTimer = -1;
  private long presenceTimer = -1;
  private RedisAPI redis;
  private SingleInstance single;
  private Presence presence;

  /** The game minute of the last tick heard, for the notices whispers become and offers' ends. */
  private long gameMinutes = -1;

  private Trades trades;

  /** The hours whose ended offers are returned: one at a time, the newest kept. */
  private KeepNewest<WorldTime> hours;

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("social");
    pool = Clients.pgPool(vertx, config());
    registry = Metrics.registry(config());
    redis = Clients.redis(vertx, config());
    db = new Db(vertx, pool, config());
    replies = new Replies(vertx, "town life", config());
    words =
        new ChatText(
            conf.getJsonArray("maskedWords", new JsonArray()).stream()
                .map(String::valueOf)
                .toList());
    speakers =
        new Speakers(
            conf.getInteger("chatBurst"),
            conf.getDouble("chatPerSecond"),
            conf.getInteger("whisperBurst"),
            conf.getDouble("whisperPerSecond"));
    pageLines = conf.getInteger("historyLines");
    hours =
        new KeepNewest<>(
            ClockContract.Jobs.OFFERS_HOUR,
            LOG,
            replies,
            t -> t.gameMinutes() / 60,
            t -> trades.sweep(t.gameMinutes()));
    return Db.reachable(vertx, pool, config(), "town life")
        .compose(v -> SingleInstance.claim(vertx, pool, "town life"))
        .onSuccess(lock -> single = lock)
        .compose(v -> World.load(vertx, config()))
        .compose(
            world -> {
              // What can change hands: coin, the world's goods, and what characters start with.
              Set<String> assets = new TreeSet<>(world.goods().keySet());
              assets.add(Ledger.COIN);
              world.map().classes().values().forEach(c -> assets.addAll(c.kit().keySet()));
              trades = new Trades(vertx, db, assets, this::now, Clients.busTimeoutMillis(config()));
              presence =
                  new Presence(
                      vertx.eventBus(),
                      pool,
                      redis,
                      world.map().towns().keySet(),
                      conf.getInteger("onlineMinutes"));
              return presence
                  .refreshAll()
                  .otherwise(Failures.logged(LOG, "Presence not counted at start"));
            })
        .compose(
            v -> {
              ClockContract.CLOCK.listen(replies, this::hear);
              PlayerContract.WHEREABOUTS.listen(replies, this::moved);
              SocialContract.WHO.serve(replies, none -> presence.who().map(Document::new));
              SocialContract.OFFER.serve(replies, trades::offer);
              SocialContract.ACCEPT.serve(replies, trades::accept);
              SocialContract.DECLINE.serve(replies, trades::decline);
              SocialContract.CANCEL.serve(replies, trades::cancel);
              SocialContract.OFFERS.serve(replies, trades::list);
              SocialContract.SAY.serve(replies, this::say);
              SocialContract.HISTORY.serve(replies, this::history);
              SocialContract.WHISPER.serve(replies, this::whisper);
              SocialContract.IGNORE.serve(replies, this::ignore);
              SocialContract.UNIGNORE.serve(replies, this::unignore);
              SocialContract.REPORT.serve(replies, this::report);
              SocialContract.ANNOUNCE.serve(replies, this::announce);
              SocialContract.MUTE.serve(replies, this::mute);
              SocialContract.REPORTS.serve(replies, none -> reports());
              SocialContract.LINES_OF.serve(replies, this::linesOf);
              forgetTimer =
                  vertx.setPeriodic(
                      FORGET_EVERY_MILLIS, id -> speakers.forgetIdle(System.nanoTime()));
              // Players who went quiet (a closed tab, a lost connection) leave "here now" within a
              // little while of the limit.
              presenceTimer =
                  vertx.setPeriodic(
                      conf.getInteger("presenceRefreshSeconds") * 1000L,
                      id ->
                          replies
                              .track(presence.refreshAll())
                              .onFailure(
                                  err -> LOG.debug("Presence not recounted: {}", err.toString())));
              return replies.ready();
            });
  }

  /** Someone arrived, left, signed in or out: those towns are counted again. */
  private void moved(PlayerContract.Moved moved) {
    replies
        .track(presence.changed(moved.towns()))
        .onFailure(
            err -> LOG.warn("Presence of {} not recounted: {}", moved.towns(), err.toString()));
  }

  /** A tick: the world's time, for notices and offers; each new hour, offers that ended go back. */
  private void hear(WorldTime t) {
    gameMinutes = Math.max(gameMinutes, t.gameMinutes());
    hours.offer(t, t.gameMinutes());
  }

  /** The world's time: the last tick's, or the clock's answer before the first tick comes. */
  private Future<Long> now() {
    if (gameMinutes >= 0) {
      return Future.succeededFuture(gameMinutes);
    }
    return ClockContract.TIME
        .request(vertx, Empty.INSTANCE, Clients.busTimeoutMillis(config()))
        .map(
            t -> {
              gameMinutes = Math.max(gameMinutes, t.gameMinutes());
              return gameMinutes;
            })
        .recover(err -> Refusal.fail(Failures.UNAVAILABLE, "the world clock is not running"));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(forgetTimer);
    vertx.cancelTimer(presenceTimer);
    return replies
        .stop()
        .eventually(() -> single == null ? Future.succeededFuture() : single.release())
        .eventually(pool::close)
        .eventually(
            () -> {
              redis.close();
              return Future.succeededFuture();
            });
  }

  // ---- speaking ----

  private Future<Line> say(SocialContract.Say say) {
    ChatText.Said said = words.said(say.text());
    if (said.text().isEmpty()) {
      return Refusal.fail(Failures.BAD_REQUEST, "text must have 1 to 500 characters");
    }
    return speaker(say.playerId())
        .compose(
            who -> {
              if (who.town() == null) {
                return Refusal.fail(
                    Failures.CONFLICT, "you are on the road; speak when you reach a town");
              }
              Speakers.Wait wait = speakers.say(say.playerId(), said.text(), System.nanoTime());
              if (wait != null) {
                return tooMany(wait);
              }
              return pool.preparedQuery(SocialSql.INSERT_LINE)
                  .execute(
                      Tuple.tuple(
                          Arrays.asList(
                              "town",
                              who.town(),
                              say.playerId(),
                              who.name(),
                              said.text(),
                              said.emote(),
                              say.requestId())))
                  .compose(
                      rows -> {
                        if (rows.size() == 0) {
                          // Said before under this request id (its answer was lost): the same line.
                          return pool.preparedQuery(SocialSql.LINE_BY_REQUEST)
                              .execute(Tuple.of(say.playerId(), say.requestId()))
                              .map(again -> line(again.iterator().next()));
                        }
                        Line line = line(rows.iterator().next());
                        SocialContract.CHAT.publish(vertx.eventBus(), line.town(), line);
                        registry.counter("wayfarer.chat.lines").increment();
                        return Future.succeededFuture(line);
                      });
            });
  }

  private Future<Line> announce(SocialContract.Announce a) {
    String text = words.clean(a.text());
    if (text.isEmpty()) {
      return Refusal.fail(Failures.BAD_REQUEST, "text must have 1 to 500 characters");
    }
    return pool.preparedQuery(SocialSql.INSERT_LINE)
        .execute(Tuple.tuple(Arrays.asList("world", null, null, a.by(), text, false, null)))
        .map(
            rows -> {
              Line line = line(rows.iterator().next());
              SocialContract.ANNOUNCEMENTS.publish(vertx.eventBus(), line);
              LOG.info("{} announced: {}", a.by(), text);
              return line;
            });
  }

  /**
   * A whisper to a name that does not exist, or to someone who ignores the sender, is answered as
   * one delivered: nobody learns who exists or who ignores them.
   */
  private Future<Document> whisper(SocialContract.Whisper w) {
    String text = words.clean(w.text());
    if (text.isEmpty()) {
      return Refusal.fail(Failures.BAD_REQUEST, "text must have 1 to 500 characters");
    }
    JsonObject sent = new JsonObject().put("to", w.to()).put("sent", true);
    return speaker(w.playerId())
        .compose(
            from -> {
              Speakers.Wait wait = speakers.whisper(w.playerId(), text, System.nanoTime());
              if (wait != null) {
                return tooMany(wait);
              }
              return pool.preparedQuery(SocialSql.CHARACTER_BY_NAME)
                  .execute(Tuple.of(w.to()))
                  .compose(
                      rows -> {
                        if (rows.size() == 0) {
                          return Future.succeededFuture();
                        }
                        long to = rows.iterator().next().getLong("player_id");
                        if (to == w.playerId()) {
                          return Future.succeededFuture();
                        }
                        return pool.preparedQuery(SocialSql.IGNORES_ME)
                            .execute(Tuple.of(to, w.playerId()))
                            .compose(
                                ignored ->
                                    ignored.size() > 0
                                        ? Future.succeededFuture()
                                        : deliver(to, from.name(), w.playerId(), text));
                      })
                  .map(v -> new Document(sent));
            });
  }

  /**
   * A whisper becomes a notice, which the player verticle keeps and sends to the inbox; the
   * notice's words are cut to a notice's length, and its data has the whole line.
   */
  private Future<Void> deliver(long to, String fromName, long fromId, String text) {
    String said = PlayerContract.Notice.fit(fromName + " whispers: " + text);
    return now()
        .compose(
            minutes ->
                PlayerContract.RECORD_NOTICE.request(
                    vertx,
                    new PlayerContract.Notice(
                        to,
                        minutes,
                        "whisper",
                        said,
                        new JsonObject()
                            .put("from", fromName)
                            .put("fromId", fromId)
                            .put("text", text)),
                    Clients.busTimeoutMillis(config())))
        .mapEmpty();
  }

  // ---- reading ----

  private Future<Document> history(SocialContract.History h) {
    return speaker(h.playerId())
        .compose(
            who -> {
              if (who.town() == null) {
                return Future.succeededFuture(
                    new Document(
                        new JsonObject()
                            .putNull("town")
                            .put("lines", new JsonArray())
                            .put("ignored", new JsonArray())));
              }
              return pool.preparedQuery(SocialSql.TOWN_LINES)
                  .execute(Tuple.of(who.town(), h.before(), pageLines))
                  .compose(
                      rows -> {
                        List<Line> lines = new ArrayList<>();
                        rows.forEach(r -> lines.add(line(r)));
                        Collections.reverse(lines);
                        return ignoredBy(h.playerId())
                            .map(
                                ignored ->
                                    new Document(
                                        new JsonObject()
                                            .put("town", who.town())
                                            .put("lines", Line.toJson(lines))
                                            .put("ignored", ignored)
                                            .put("more", lines.size() == pageLines)));
                      });
            });
  }

  private Future<JsonArray> ignoredBy(long playerId) {
    return pool.preparedQuery(SocialSql.IGNORES)
        .execute(Tuple.of(playerId))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              rows.forEach(
                  r ->
                      out.add(
                          new JsonObject()
                              .put("playerId", r.getLong("ignored_id"))
                              .put("name", r.getString("name"))));
              return out;
            });
  }

  // ---- moderation ----

  private Future<Document> ignore(SocialContract.Ignore i) {
    return character(i.name())
        .compose(
            target -> {
              if (target.getLong("player_id") == i.playerId()) {
                return Refusal.fail(Failures.BAD_REQUEST, "you cannot ignore yourself");
              }
              return pool.preparedQuery(SocialSql.IGNORE)
                  .execute(
                      Tuple.of(i.playerId(), target.getLong("player_id"), target.getString("name")))
                  .compose(v -> ignoredBy(i.playerId()))
                  .map(list -> new Document(new JsonObject().put("ignored", list)));
            });
  }

  private Future<Document> unignore(SocialContract.Ignore i) {
    return character(i.name())
        .compose(
            target ->
                pool.preparedQuery(SocialSql.UNIGNORE)
                    .execute(Tuple.of(i.playerId(), target.getLong("player_id"))))
        .compose(v -> ignoredBy(i.playerId()))
        .map(list -> new Document(new JsonObject().put("ignored", list)));
  }

  private Future<Document> report(SocialContract.Report r) {
    return pool.preparedQuery(SocialSql.LINE)
        .execute(Tuple.of(r.line()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Refusal.fail(Failures.NOT_FOUND, "no line " + r.line());
              }
              Line reported = line(rows.iterator().next());
              return pool.preparedQuery(SocialSql.AROUND)
                  .execute(Tuple.of(reported.channel(), reported.town(), reported.id()))
                  .compose(
                      around -> {
                        List<Line> evidence = new ArrayList<>();
                        around.forEach(x -> evidence.add(line(x)));
                        return pool.preparedQuery(SocialSql.REPORT)
                            .execute(
                                Tuple.of(
                                    r.playerId(),
                                    reported.id(),
                                    r.reason(),
                                    new JsonObject()
                                        .put("line", reported.toJson())
                                        .put("around", Line.toJson(evidence))));
                      })
                  .map(
                      saved ->
                          new Document(
                              new JsonObject()
                                  .put("line", reported.id())
                                  .put("reported", true)
                                  .put("again", saved.size() == 0)));
            });
  }

  private Future<Document> mute(SocialContract.Mute m) {
    return character(m.name())
        .compose(
            target ->
                db.transaction(
                    tx -> {
                      long id = target.getLong("player_id");
                      Future<RowSet<Row>> change =
                          m.minutes() == 0
                              ? tx.preparedQuery(SocialSql.UNMUTE).execute(Tuple.of(id))
                              : tx.preparedQuery(SocialSql.MUTE)
                                  .execute(Tuple.of(id, (int) m.minutes(), m.reason(), m.by()));
                      return change.compose(
                          rows -> {
                            String until =
                                m.minutes() == 0 ? null : rows.iterator().next().getString("until");
                            return tx.preparedQuery(SocialSql.LOG)
                                .execute(
                                    Tuple.of(
                                        m.by(),
                                        m.minutes() == 0 ? "unmute" : "mute",
                                        target.getString("name"),
                                        m.reason(),
                                        new JsonObject()
                                            .put("playerId", id)
                                            .put("minutes", m.minutes())
                                            .put("until", until)))
                                .map(
                                    v ->
                                        new Document(
                                            new JsonObject()
                                                .put("name", target.getString("name"))
                                                .put("until", until)
                                                .put("reason", m.reason())));
                          });
                    }))
        .onSuccess(
            d ->
                LOG.info(
                    "{} {} {} ({})",
                    m.by(),
                    m.minutes() == 0 ? "lifted the mute of" : "muted",
                    m.name(),
                    m.reason()));
  }

  private Future<Document> linesOf(ModerationContract.Account a) {
    return pool.preparedQuery(SocialSql.LINES_OF)
        .execute(Tuple.of(a.account()))
        .map(
            rows -> {
              List<Line> lines = new ArrayList<>();
              rows.forEach(r -> lines.add(line(r)));
              return new Document(new JsonObject().put("lines", Line.toJson(lines)));
            });
  }

  private Future<Document> reports() {
    return pool.query(SocialSql.REPORTS)
        .execute()
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              rows.forEach(
                  r ->
                      out.add(
                          new JsonObject()
                              .put("id", r.getLong("id"))
                              .put("line", r.getLong("line_id"))
                              .put("reason", r.getString("reason"))
                              .put("reporter", r.getString("reporter"))
                              .put("at", r.getString("at"))
                              .put("evidence", r.getJsonObject("evidence"))));
              return new Document(new JsonObject().put("reports", out));
            });
  }

  // ---- helpers ----

  /** Who speaks: their character's name and town (null on the road); refused when muted. */
  record Speaker(String name, String town) {}

  private Future<Speaker> speaker(long playerId) {
    return pool.preparedQuery(SocialSql.SPEAKER)
        .execute(Tuple.of(playerId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Refusal.fail(Failures.CONFLICT, "create a character first");
              }
              Row r = rows.iterator().next();
              if (r.getValue("until") != null) {
                return Refusal.fail(
                    Failures.FORBIDDEN,
                    "you are muted until "
                        + r.getString("until_text")
                        + " UTC ("
                        + r.getString("reason")
                        + ")");
              }
              return Future.succeededFuture(new Speaker(r.getString("name"), r.getString("town")));
            });
  }

  private Future<Row> character(String name) {
    return pool.preparedQuery(SocialSql.CHARACTER_BY_NAME)
        .execute(Tuple.of(name))
        .compose(
            rows ->
                rows.size() == 0
                    ? Refusal.fail(Failures.NOT_FOUND, "no character is named " + name)
                    : Future.succeededFuture(rows.iterator().next()));
  }

  private static <T> Future<T> tooMany(Speakers.Wait wait) {
    return Refusal.fail(Failures.TOO_MANY, wait.why() + "; try again in " + wait.seconds() + " s");
  }

  private static Line line(Row r) {
    Long player = r.getLong("player_id");
    return new Line(
        r.getLong("id"),
        r.getString("channel"),
        r.getString("town"),
        player == null ? 0 : player,
        r.getString("name"),
        r.getString("text"),
        r.getBoolean("emote"),
        r.getString("at"));
  }
}
