package io.wayfarer.scripts;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.Settling;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.GameClock;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.events.EventsContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.infra.SingleInstance;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.quests.Quests;
import io.wayfarer.shared.quests.QuestsContract;
import io.wayfarer.shared.scripts.ScriptsContract;
import io.wayfarer.shared.world.World;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * World scripts: each {@code *.js} under {@code scripts.dir} runs in a {@link ScriptSandbox} and
 * reacts to the world's events, the day's phases, the seasons and players coming and going, acting
 * only through {@code world} (a notice to everyone in a town, a world event raised once per key, a
 * line in the log). Calls run one at a time on a worker of their own, never on an event loop, so a
 * busy script cannot delay the clock or the gateway; a script that faults {@code scripts.maxFaults}
 * times in a row is disabled until an admin reloads it. Exactly one runs against a database ({@link
 * SingleInstance}): two would post every notice twice.
 */
public class ScriptsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptsVerticle.class);

  /** One script: its file and sandbox, or why it is not running. */
  private static final class Script {
    final String name;
    final Path file;
    ScriptSandbox sandbox;
    int faults;
    boolean disabled;
    JsonObject lastFault;

    Script(String name, Path file) {
      this.name = name;
      this.file = file;
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("file", file.getFileName().toString())
          .put("listensTo", sandbox == null ? new JsonArray() : new JsonArray(sandbox.listensTo()))
          .put("state", sandbox == null ? "not loaded" : disabled ? "disabled" : "running")
          .put("faults", faults)
          .put("lastFault", lastFault);
    }
  }

  private Pool pool;
  private QuestBook questBook;

  /**
   * What the scripts and quests do on their own after an event (quests checked after a deed,
   * scripts' calls and their actions, notices sent on): the quests' job waits for it to settle
   * before a stepped clock moves on.
   */
  private final Settling settling = new Settling();

  /** The scripts' calls alone, and what they asked for. */
  private final Settling scriptCalls = new Settling();

  /**
   * On a stepped clock, deeds are taken one at a time in the order they came, each with the script
   * calls it caused, so that rewards and gifts draw on a quest's daily pot in one order.
   */
  private Future<Void> deedLine = Future.succeededFuture();

  private GameClock clock;
  private Replies replies;
  private SingleInstance single;
  private Path dir;
  private ScriptSandbox.Limits limits;
  private int maxFaults;
  private long seed;

  /** Made on the worker when the first script loads; touched only there. */
  private Engine engine;

  private WorkerExecutor worker;
  private ScheduledExecutorService watchdog;
  private final Map<String, Script> scripts = new LinkedHashMap<>();
  private long actions;
  private long busTimeoutMillis;

  /**
   * The latest tick, read by scripts on the worker thread ({@code world.time()}): the one value
   * that crosses threads, hence atomic.
   */
  private final AtomicReference<JsonObject> now = new AtomicReference<>(new JsonObject());

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("scripts");
    dir = Path.of(conf.getString("dir"));
    limits =
        new ScriptSandbox.Limits(
            conf.getLong("statementsPerCall"),
            conf.getLong("millisPerCall"),
            conf.getLong("bytesPerCall"));
    maxFaults = conf.getInteger("maxFaults");
    seed = conf.getLong("seed");
    busTimeoutMillis = config().getJsonObject("bus").getLong("requestTimeoutMillis");
    pool = Clients.pgPool(vertx, config());
    replies = new Replies(vertx, "world scripts", config());
    clock = new GameClock(vertx, busTimeoutMillis);
    worker = vertx.createSharedWorkerExecutor("wayfarer-scripts", 1);
    watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "wayfarer-scripts-watchdog");
              t.setDaemon(true);
              return t;
            });
    Path questsDir = Path.of(conf.getString("quests"));
    // Read from directories on disk, never from the jar: a path that is not there is said once.
    for (Path configured : List.of(dir, questsDir)) {
      if (!configured.toString().isEmpty() && !Files.isDirectory(configured)) {
        LOG.warn(
            "{} is not a directory (relative to {}): none of its {} run",
            configured,
            Path.of("").toAbsolutePath(),
            configured == dir ? "world scripts" : "quests");
      }
    }
    return Db.reachable(vertx, pool, config(), "world scripts")
        .compose(v -> World.load(vertx, config()))
        .compose(
            world ->
                vertx
                    .executeBlocking(
                        () ->
                            Quests.read(
                                questsDir,
                                world.map(),
                                world.goods().keySet(),
                                Set.copyOf(world.calendar().seasonNames()),
                                scriptNames()))
                    .map(
                        quests ->
                            new QuestBook(
                                vertx,
                                new Db(vertx, pool, config()),
                                quests,
                                world.map(),
                                clock,
                                replies,
                                this::tellScript,
                                settling,
                                busTimeoutMillis)))
        .onSuccess(book -> questBook = book)
        .compose(v -> SingleInstance.claim(vertx, pool, "world scripts"))
        .onSuccess(lock -> single = lock)
        .compose(v -> loadAll())
        .compose(
            v -> {
              ClockContract.CLOCK.listen(replies, this::onTick);
              EventsContract.EVENT.listen(replies, e -> dispatch("event", e.toJson()));
              ClockContract.PHASE.listen(replies, c -> dispatch("phase", c.toJson()));
              ClockContract.SEASON.listen(replies, c -> dispatch("season", c.toJson()));
              PlayerContract.WHEREABOUTS.listen(replies, m -> dispatch("whereabouts", m.toJson()));
              PlayerContract.DEEDS.listen(replies, this::onDeed);
              if (replies.clockStepped()) {
                // Only a stepped clock's jobs say when they are done (see QuestBook#jobDone).
                ClockContract.JOB_DONE.listen(replies, questBook::jobDone);
              }
              MarketContract.TRADED.listen(replies, deed -> dispatch("trade", deed.toJson()));
              QuestsContract.MINE.serve(replies, questBook::mine);
              QuestsContract.ACCEPT.serve(replies, questBook::accept);
              QuestsContract.HAND_IN.serve(replies, questBook::handIn);
              QuestsContract.ABANDON.serve(replies, questBook::abandon);
              ScriptsContract.LIST.serve(replies, none -> Future.succeededFuture(list()));
              ScriptsContract.RELOAD.serve(replies, this::reload);
              return replies.ready();
            })
        .compose(
            v ->
                // Deeds done while no one listened (a redeploy) still count; notices kept but not
                // yet taken are sent.
                replies
                    .track(questBook.checkAll())
                    .onSuccess(x -> questBook.flushAwards())
                    .recover(
                        err -> {
                          LOG.warn(
                              "Quests not checked at start ({}); each is checked at its player's"
                                  + " next deed",
                              err.getMessage());
                          return Future.succeededFuture();
                        }))
        .onSuccess(
            v ->
                LOG.info(
                    "World scripts: {} from {} ({} running); {} quests from {}",
                    scripts.size(),
                    dir,
                    scripts.values().stream().filter(s -> s.sandbox != null).count(),
                    questBook.quests().all().size(),
                    questsDir));
  }

  /** The scripts' names in the directory, which quests may name; null when scripts are off. */
  private Set<String> scriptNames() throws IOException {
    if (dir.toString().isEmpty()) {
      return null;
    }
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> listing = Files.list(dir)) {
      return listing
          .map(Path::getFileName)
          .map(Path::toString)
          .filter(n -> n.endsWith(".js"))
          .map(n -> n.substring(0, n.length() - 3))
          .collect(Collectors.toSet());
    }
  }

  private void onTick(WorldTime t) {
    now.set(t.toJson());
    clock.heard(t);
    if (single.held()) {
      questBook.onTick(t.gameMinutes());
    }
  }

  /**
   * A journey, shift or rest finished: scripts hear it, and the player's quests are checked; on a
   * stepped clock one deed after another (see {@link #deedLine}).
   */
  private void onDeed(PlayerContract.Deed deed) {
    if (!replies.clockStepped()) {
      takeDeed(deed);
      return;
    }
    deedLine =
        settling.track(
            deedLine.transform(before -> takeDeed(deed)).transform(ar -> scriptCalls.settled()));
  }

  private Future<Void> takeDeed(PlayerContract.Deed deed) {
    dispatch(
        switch (deed.kind()) {
          case "arrived" -> "arrival";
          case "worked" -> "work";
          default -> "rest";
        },
        deed.toJson());
    // A rest finishes no quest's step; a journey or a shift may.
    if (!single.held() || deed.kind().equals("rested")) {
      return Future.succeededFuture();
    }
    return replies
        .track(settling.track(questBook.check(deed.playerId())))
        .transform(
            ar -> {
              if (ar.failed()) {
                LOG.warn(
                    "Quests of player {} not checked after a deed ({}); checked at the next one"
                        + " or the next start",
                    deed.playerId(),
                    ar.cause().getMessage());
              }
              return Future.succeededFuture();
            });
  }

  /** What happened to a quest, told to the script it names (if that script runs). */
  private void tellScript(Quests.Quest quest, JsonObject happened) {
    if (quest.script() == null) {
      return;
    }
    Script script = scripts.get(quest.script());
    if (script != null) {
      call(script, "quest", happened);
    }
  }

  @Override
  public Future<?> stop() {
    return replies
        .stop()
        .eventually(
            () ->
                worker.executeBlocking(
                    () -> {
                      scripts.values().forEach(ScriptsVerticle::closeSandbox);
                      if (engine != null) {
                        engine.close();
                      }
                      return null;
                    }))
        .eventually(
            () -> {
              watchdog.shutdownNow();
              worker.close();
              return Future.succeededFuture();
            })
        .eventually(() -> single == null ? Future.succeededFuture() : single.release())
        .eventually(pool::close);
  }

  // ---- loading ----

  /**
   * Every {@code *.js} in the directory: one that does not load is logged and its fault listed, and
   * the script it would replace (on a reload) keeps running; a script whose file is gone stops.
   */
  private Future<Void> loadAll() {
    List<Path> files;
    // An empty scripts.dir: no scripts, and no JavaScript engine started.
    try (Stream<Path> listing =
        dir.toString().isEmpty() || !Files.isDirectory(dir) ? Stream.empty() : Files.list(dir)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".js")).sorted().toList();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    List<String> names = files.stream().map(ScriptsVerticle::nameOf).toList();
    for (Script gone : List.copyOf(scripts.values())) {
      if (!names.contains(gone.name)) {
        scripts.remove(gone.name);
        ScriptSandbox sandbox = gone.sandbox;
        if (sandbox != null) {
          worker.executeBlocking(
              () -> {
                sandbox.close();
                return null;
              });
        }
        LOG.info("World script {} stopped: its file is gone", gone.name);
      }
    }
    Future<Void> all = Future.succeededFuture();
    for (Path file : files) {
      String name = nameOf(file);
      Script script = scripts.computeIfAbsent(name, n -> new Script(n, file));
      all =
          all.compose(
              v ->
                  load(script)
                      .recover(
                          err -> {
                            LOG.error("World script {} not loaded: {}", file, err.getMessage());
                            script.lastFault =
                                err instanceof ScriptSandbox.Fault f
                                    ? f.toJson()
                                    : new JsonObject().put("message", err.getMessage());
                            return Future.succeededFuture();
                          }));
    }
    return all;
  }

  private static String nameOf(Path file) {
    return file.getFileName().toString().replaceFirst("\\.js$", "");
  }

  /**
   * Reads the script's file and starts it afresh; the sandbox it replaces keeps running if the new
   * one does not load.
   */
  private Future<Void> load(Script script) {
    return worker
        .executeBlocking(
            () -> {
              if (engine == null) {
                // Interpreted on a JDK that is not GraalVM (README says what that costs).
                engine =
                    Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
              }
              String source = Files.readString(script.file, StandardCharsets.UTF_8);
              return new ScriptSandbox(
                  engine,
                  script.file.getFileName().toString(),
                  source,
                  seed,
                  limits,
                  watchdog,
                  now::get);
            })
        .map(
            sandbox -> {
              ScriptSandbox old = script.sandbox;
              script.sandbox = sandbox;
              script.faults = 0;
              script.disabled = false;
              script.lastFault = null;
              if (old != null) {
                worker.executeBlocking(
                    () -> {
                      old.close();
                      return null;
                    });
              }
              LOG.info("World script {} runs, listening to {}", script.name, sandbox.listensTo());
              return null;
            });
  }

  private Future<Document> reload(ScriptsContract.Reload request) {
    Future<Void> done;
    if (request.name() == null) {
      done = loadAll();
    } else {
      Path file = dir.resolve(request.name() + ".js");
      if (!Files.isRegularFile(file)) {
        return Future.failedFuture(Refusal.notFound("no world script " + request.name()));
      }
      Script script = scripts.computeIfAbsent(request.name(), n -> new Script(n, file));
      done =
          load(script)
              .recover(
                  err ->
                      Future.failedFuture(
                          err instanceof ScriptSandbox.Fault f
                              ? Refusal.badInput(
                                  f.where
                                      + ": "
                                      + f.getMessage()
                                      + " (the script was not replaced)")
                              : err));
    }
    return done.map(
        v -> {
          LOG.info(
              "World scripts reloaded by {}: {}",
              request.by(),
              request.name() == null ? "all" : request.name());
          return list();
        });
  }

  private Document list() {
    JsonArray out = new JsonArray();
    scripts.values().forEach(s -> out.add(s.toJson()));
    return new Document(new JsonObject().put("scripts", out).put("actions", actions));
  }

  // ---- calls ----

  /** Each running script that listens to {@code kind} hears {@code body}, in turn. */
  private void dispatch(String kind, JsonObject body) {
    if (!single.held()) {
      return;
    }
    for (Script script : scripts.values()) {
      call(script, kind, body);
    }
  }

  private void call(Script script, String kind, JsonObject body) {
    ScriptSandbox sandbox = script.sandbox;
    if (!single.held()
        || sandbox == null
        || script.disabled
        || !sandbox.listensTo().contains(kind)) {
      return;
    }
    settling.track(
        scriptCalls.track(
            worker
                .executeBlocking(() -> sandbox.call(kind, body))
                .transform(
                    ar -> {
                      if (ar.failed()) {
                        fault(script, ar.cause());
                        return Future.succeededFuture();
                      }
                      script.faults = 0;
                      // Each action's refusal is logged where it is done.
                      List<Future<?>> acts = new ArrayList<>();
                      ar.result().forEach(action -> acts.add(act(script, action)));
                      return Future.join(acts);
                    })));
  }

  private void fault(Script script, Throwable err) {
    if (!(err instanceof ScriptSandbox.Fault f)) {
      LOG.error("World script {}: the call failed outside the script", script.name, err);
      return;
    }
    script.faults++;
    script.lastFault = f.toJson();
    LOG.warn(
        "World script {} faulted ({}) at {}: {} [{} of {}]",
        script.name,
        f.kind,
        f.where,
        f.getMessage(),
        script.faults,
        maxFaults);
    if (script.faults >= maxFaults && !script.disabled) {
      script.disabled = true;
      LOG.error(
          "World script {} disabled after {} faults in a row; an admin's reload runs it again",
          script.name,
          script.faults);
    }
  }

  /** Carries out what a script asked for, over the bus, as the script (never as an admin). */
  private Future<?> act(Script script, JsonObject action) {
    actions++;
    long minute = now.get().getLong("gameMinutes", 0L);
    String by = "script " + script.name;
    Future<?> done =
        switch (action.getString("action")) {
          case "noticeTown" ->
              PlayerContract.NOTICE_TOWN.request(
                  vertx,
                  new PlayerContract.TownNotice(
                      action.getString("town"),
                      minute,
                      "news",
                      PlayerContract.Notice.fit(action.getString("text"))),
                  busTimeoutMillis);
          case "noticePlayer" ->
              action.getValue("playerId") instanceof Number p && p.longValue() > 0
                  ? PlayerContract.RECORD_NOTICE.request(
                      vertx,
                      new PlayerContract.Notice(
                          p.longValue(),
                          minute,
                          "news",
                          PlayerContract.Notice.fit(action.getString("text")),
                          new JsonObject().put("script", script.name)),
                      busTimeoutMillis)
                  : Future.failedFuture("no player id");
          case "raiseEvent" ->
              EventsContract.PROCLAIM.request(
                  vertx,
                  new EventsContract.Proclaim(
                      action.getString("type"),
                      action.getString("town"),
                      action.getValue("hours") instanceof Number h ? h.intValue() : 0,
                      action.getString("text"),
                      "script:" + script.name + ":" + minute + ":" + action.getString("type"),
                      by),
                  busTimeoutMillis);
          case "log" -> {
            LOG.info("[script {}] {}", script.name, action.getString("text"));
            yield Future.succeededFuture();
          }
          case "reward", "advanceQuest", "startQuest", "failQuest" -> questAction(script, action);
          default -> Future.failedFuture("unknown action " + action.getString("action"));
        };
    return replies
        .track(done)
        .onFailure(
            err ->
                LOG.warn(
                    "World script {}: {} refused: {}",
                    script.name,
                    action.getString("action"),
                    err.getMessage()));
  }

  /**
   * A script's say over a quest: only a quest that names the script, for a player id it was given;
   * a gift only from that quest's pot for the day.
   */
  private Future<?> questAction(Script script, JsonObject action) {
    String questId = action.getString("quest");
    Quests.Quest quest = questBook.quests().get(questId).orElse(null);
    if (quest == null || !script.name.equals(quest.script())) {
      return Future.failedFuture("the quest " + questId + " is not this script's");
    }
    // Only failQuest may name no player (everyone on the quest); any other value must be an id,
    // so that a script's mistake (0, NaN) never reaches everyone.
    Object named = action.getValue("playerId");
    boolean everyone = named == null && action.getString("action").equals("failQuest");
    if (!everyone && !(named instanceof Number n && n.longValue() > 0)) {
      return Future.failedFuture("no player id: " + named);
    }
    Long playerId = everyone ? null : ((Number) named).longValue();
    return switch (action.getString("action")) {
      case "reward" -> {
        long coin;
        long xp;
        try {
          coin = ScriptsContract.coinOf(action.getValue("coin"));
          xp = action.getValue("xp") instanceof Number n ? n.longValue() : 0;
        } catch (IllegalArgumentException e) {
          yield Future.failedFuture(e.getMessage());
        }
        if (coin < 0 || xp < 0 || coin + xp == 0) {
          yield Future.failedFuture("a reward is some coin or experience, none negative");
        }
        yield questBook
            .gift(quest, playerId, coin, xp, action.getString("text"))
            .compose(
                given ->
                    given
                        ? Future.succeededFuture()
                        : Future.failedFuture(
                            "the pot of " + questId + " cannot pay that much more today"));
      }
      case "advanceQuest" ->
          questBook
              .advanceByScript(quest, playerId)
              .compose(
                  moved ->
                      moved
                          ? Future.succeededFuture()
                          : Future.failedFuture(
                              "player " + playerId + " is at no script step of " + questId));
      case "startQuest" -> questBook.startByScript(quest, playerId);
      default ->
          questBook.failByScript(
              quest,
              playerId,
              PlayerContract.Notice.fit(
                  action.getString("text") == null
                      ? "it could not be done"
                      : action.getString("text")));
    };
  }

  private static void closeSandbox(Script script) {
    if (script.sandbox != null) {
      script.sandbox.close();
      script.sandbox = null;
    }
  }
}
