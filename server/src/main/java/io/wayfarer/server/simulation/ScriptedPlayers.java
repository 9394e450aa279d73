package io.wayfarer.server.simulation;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.KeepNewest;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Body;
import io.wayfarer.shared.bus.Command;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.estate.EstateContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.market.MarketContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.quests.Quests;
import io.wayfarer.shared.quests.QuestsContract;
import io.wayfarer.shared.town.TownContract;
import io.wayfarer.shared.world.World;
import io.wayfarer.shared.world.WorldData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulation's players: accounts and characters made at start, then, on the 30th minute of every
 * game hour (a stepped clock waits for it: {@link ClockContract.Jobs#SCRIPTED_PLAYERS}), each idle
 * player in turn looks at its sheet and the boards and does what its {@link Adventurer} decides,
 * through the same bus commands the gateway sends for a browser. One player and one command at a
 * time, always in the same order, so the same seed makes the same trades. Settlers buy houses and
 * keep shops; traders buy from those shops when they are cheaper than the market; every kind takes
 * the quests offered where it stands that it can finish (asking only where one may be for it).
 *
 * <p>The boards are those the market published, which on a stepped clock it does before it answers
 * a trade: the next player sees the prices the last one left.
 */
public final class ScriptedPlayers extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptedPlayers.class);

  /** The minute of the hour they act on: clear of the hourly jobs on its first two minutes. */
  static final int MINUTE_OF_HOUR = 30;

  private static final List<String> FIRST_NAMES =
      List.of(
          "Alda", "Bram", "Cora", "Dunstan", "Edda", "Fenn", "Greta", "Hale", "Ilsa", "Jory",
          "Kell", "Lena", "Mads", "Nell", "Osric", "Perrin", "Quill", "Rosa", "Sten", "Tilda");
  private static final List<String> FAMILY_NAMES =
      List.of(
          "Ashdown",
          "Brook",
          "Carrow",
          "Dale",
          "Elder",
          "Fairweather",
          "Gale",
          "Holt",
          "Ives",
          "Jarrow",
          "Kettle",
          "Lark",
          "Marsh",
          "Nettle",
          "Oakes",
          "Pike",
          "Quarry",
          "Reed",
          "Sallow",
          "Thorne",
          "Umber",
          "Vale",
          "Wren",
          "Yew",
          "Zeal");

  private final int count;
  private final long seed;

  private Replies replies;
  private long timeout;
  private WorldData map;

  /** Every town's roads, both ways. */
  private final Map<String, List<Adventurer.Road>> atlas = new HashMap<>();

  private Command<MarketContract.Order, Document> buy;
  private Command<MarketContract.Order, Document> sell;
  private KeepNewest<WorldTime> hours;

  private final List<Player> players = new ArrayList<>();

  /** Every town's board as last published: good → prices. */
  private final Map<String, Map<String, Adventurer.Price>> boards = new HashMap<>();

  /** Every town's market's coin as last published: what it can pay for what players sell. */
  private final Map<String, Long> marketCoin = new HashMap<>();

  /** Counts for the report: what the players did and had refused. */
  private final Map<String, Long> tally = new LinkedHashMap<>();

  private long requests;

  /** Real time spent in their hours, for the benchmark: where a simulation's time goes. */
  private long busyNanos;

  /** One player: its account, its mind, and until when its character is busy. */
  private static final class Player {
    final Adventurer mind;
    long id;
    long busyUntil = Long.MIN_VALUE;

    Player(Adventurer mind) {
      this.mind = mind;
    }
  }

  public ScriptedPlayers(int count, long seed) {
    this.count = count;
    this.seed = seed;
  }

  @Override
  public Future<?> start() {
    replies = new Replies(vertx, "scripted players", config());
    timeout = Clients.busTimeoutMillis(config()) * 4;
    buy = MarketContract.buy(config());
    sell = MarketContract.sell(config());
    hours =
        new KeepNewest<>(
            ClockContract.Jobs.SCRIPTED_PLAYERS,
            LOG,
            replies,
            t -> Math.floorDiv(t.gameMinutes() - MINUTE_OF_HOUR, 60),
            this::runHour);
    return World.load(vertx, config())
        .compose(
            world -> {
              map = world.map();
              for (WorldData.Road r : map.roads()) {
                atlas
                    .computeIfAbsent(r.from(), k -> new ArrayList<>())
                    .add(new Adventurer.Road(r.to(), r.hours(), r.danger()));
                atlas
                    .computeIfAbsent(r.to(), k -> new ArrayList<>())
                    .add(new Adventurer.Road(r.from(), r.hours(), r.danger()));
              }
              List<String> towns = List.copyOf(map.towns().keySet());
              int settlers = 0;
              for (int i = 0; i < count; i++) {
                Adventurer mind = new Adventurer(i, seed, towns, settlers);
                players.add(new Player(mind));
                settlers += mind.kind() == Adventurer.Kind.SETTLER ? 1 : 0;
              }
              return signUp(List.copyOf(world.map().classes().keySet()));
            })
        .compose(v -> ClockContract.TIME.request(vertx, Empty.INSTANCE, timeout))
        .compose(
            now -> {
              // The hour under way when they start is not theirs: the first they act in begins on a
              // :30 tick, when no hourly job runs beside them.
              hours.doneUpTo(Math.floorDiv(now.gameMinutes() - MINUTE_OF_HOUR, 60));
              return MarketContract.ALL_PRICES.request(vertx, Empty.INSTANCE, timeout);
            })
        .compose(
            all -> {
              JsonObject towns = all.json().getJsonObject("towns");
              towns.forEach(e -> heardBoard((JsonObject) e.getValue()));
              for (String town : towns.fieldNames()) {
                MarketContract.BOARD.listen(replies, town, b -> heardBoard(b.json()));
              }
              ClockContract.CLOCK.listen(replies, t -> hours.offer(t, t.gameMinutes()));
              return replies.ready();
            })
        .onSuccess(v -> LOG.info("{} scripted players signed up", players.size()));
  }

  @Override
  public Future<?> stop() {
    LOG.info("Scripted players' tally: {} ({} requests)", tally, requests);
    return replies.stop();
  }

  /** What the players did, for the report. */
  public Map<String, Long> tally() {
    return Map.copyOf(tally);
  }

  /** Bus requests sent, for the benchmark. */
  public long requests() {
    return requests;
  }

  /** Real nanoseconds spent in their hours, for the benchmark. */
  public long busyNanos() {
    return busyNanos;
  }

  /** How many of each kind, for the report. */
  public Map<String, Long> kinds() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Player p : players) {
      out.merge(p.mind.kind().name().toLowerCase(), 1L, Long::sum);
    }
    return out;
  }

  private void heardBoard(JsonObject board) {
    Map<String, Adventurer.Price> prices = new HashMap<>();
    for (Object o : board.getJsonArray("goods", new JsonArray())) {
      JsonObject g = (JsonObject) o;
      prices.put(
          g.getString("id"),
          new Adventurer.Price(
              g.getLong("buy"), g.getLong("sell"), g.getLong("stock"), g.getLong("need")));
    }
    boards.put(board.getString("town"), prices);
    marketCoin.put(board.getString("town"), board.getLong("marketCoin", 0L));
  }

  /** Accounts and characters, one after another so that ids and dice repeat. */
  private Future<Void> signUp(List<String> classes) {
    Future<Void> chain = Future.succeededFuture();
    for (Player p : players) {
      int i = p.mind.index();
      String username = String.format("sim%04d", i);
      String name =
          FIRST_NAMES.get(i % FIRST_NAMES.size())
              + " "
              + FAMILY_NAMES.get((i / FIRST_NAMES.size()) % FAMILY_NAMES.size())
              + (i >= FIRST_NAMES.size() * FAMILY_NAMES.size() ? "-" + letters(i) : "");
      chain =
          chain
              .compose(
                  v ->
                      PlayerContract.REGISTER.request(
                          vertx,
                          new PlayerContract.Register(
                              username, "scripted-" + Long.toHexString(seed + i * 7919L), "sim"),
                          timeout))
              .compose(
                  reg -> {
                    p.id = reg.json().getLong("playerId");
                    return PlayerContract.CREATE_CHARACTER.request(
                        vertx,
                        new PlayerContract.NewCharacter(p.id, name, p.mind.characterClass(classes)),
                        timeout);
                  })
              .mapEmpty();
    }
    return chain;
  }

  private static String letters(int i) {
    StringBuilder b = new StringBuilder();
    for (int n = i; n > 0; n /= 26) {
      b.append((char) ('a' + n % 26));
    }
    return b.toString();
  }

  /**
   * The players' hour: the boards as of this tick (made afresh by a stepped market), then each idle
   * player in turn; each trade's board is published before the trade is answered, so the next
   * player sees it.
   */
  private Future<Void> runHour(WorldTime t) {
    long t0 = System.nanoTime();
    Future<Void> chain =
        MarketContract.ALL_PRICES
            .request(vertx, Empty.INSTANCE, timeout)
            .map(
                all -> {
                  all.json()
                      .getJsonObject("towns")
                      .forEach(e -> heardBoard((JsonObject) e.getValue()));
                  return null;
                });
    for (Player p : players) {
      // Busy until a minute before this one: that minute's settlement is done (the clock waited for
      // it), so what the sheet says does not depend on how fast it ran.
      if (p.busyUntil >= t.gameMinutes()) {
        continue;
      }
      chain = chain.compose(v -> turn(p, t));
    }
    return chain.onComplete(ar -> busyNanos += System.nanoTime() - t0);
  }

  private Future<Void> turn(Player p, WorldTime t) {
    return ask(PlayerContract.ME, new PlayerContract.Me(p.id))
        .compose(me -> view(p, me.json(), t))
        .compose(
            view -> {
              if (view == null) {
                return Future.succeededFuture();
              }
              Future<Boolean> chain = Future.succeededFuture(true);
              List<Adventurer.Act> acts = p.mind.decide(view);
              for (int i = 0; i < acts.size(); i++) {
                Adventurer.Act act = acts.get(i);
                String rid = "sim-" + p.id + "-" + view.minute() + "-" + i;
                chain =
                    chain.compose(
                        ok -> ok ? act(p, view, act, rid) : Future.succeededFuture(false));
              }
              return chain.mapEmpty();
            });
  }

  /**
   * What a player sees this turn: its sheet, the boards and roads, and, where its mind will use
   * them, its house (a settler's daily look at home), the town's shops (a trader's) and the quests
   * offered here and its own.
   */
  private Future<Adventurer.View> view(Player p, JsonObject me, WorldTime t) {
    JsonObject c = me.getJsonObject("character");
    if (c == null || me.getJsonObject("activity") != null) {
      return Future.succeededFuture();
    }
    String town = c.getString("town");
    Future<Adventurer.Estate> estate =
        p.mind.looksInToday(town, t.gameMinutes()) ? estate(p, town) : Future.succeededFuture();
    Future<Map<String, Adventurer.ShopOffer>> shops =
        p.mind.kind() == Adventurer.Kind.SETTLER
            ? Future.succeededFuture(Map.of())
            : shops(town, t.gameMinutes());
    boolean asks = p.mind.asksAboutQuests(town, t.season(), t.gameMinutes());
    Future<Document> quests =
        asks ? ask(QuestsContract.MINE, new QuestsContract.Mine(p.id)) : Future.succeededFuture();
    return estate.compose(
        e ->
            shops.compose(
                offers ->
                    quests.map(
                        q -> {
                          Adventurer.View v = view(me, c, town, t, e, offers, q);
                          if (asks) {
                            p.mind.heardQuests(v, t.season());
                          }
                          return v;
                        })));
  }

  /** A quest as its document tells it. */
  private static Adventurer.Errand errand(JsonObject q) {
    List<Quests.Step> steps = new ArrayList<>();
    for (Object o : q.getJsonArray("steps", new JsonArray())) {
      steps.add(Quests.Step.fromJson((JsonObject) o));
    }
    return new Adventurer.Errand(
        q.getString("id"),
        q.getJsonObject("reward", new JsonObject()).getLong("coin", 0L),
        steps,
        q.getInteger("step", 0),
        q.getInteger("worked", 0));
  }

  /** A settler's house in this town, or the cheapest free plot there when it has none. */
  private Future<Adventurer.Estate> estate(Player p, String town) {
    return ask(EstateContract.HOUSES, new EstateContract.Mine(p.id))
        .compose(
            mine -> {
              for (Object o : mine.json().getJsonArray("houses", new JsonArray())) {
                JsonObject h = (JsonObject) o;
                if (town.equals(h.getString("town"))) {
                  long shelved = 0;
                  JsonObject first = null;
                  for (Object l : h.getJsonArray("shop", new JsonArray())) {
                    JsonObject listing = (JsonObject) l;
                    shelved += listing.getLong("qty", 0L);
                    if (first == null && listing.getLong("qty", 0L) > 0) {
                      first = listing;
                    }
                  }
                  return Future.succeededFuture(
                      new Adventurer.Estate(
                          h.getString("id"),
                          h.getLong("storage"),
                          h.getJsonObject("stored", new JsonObject()).getLong(Ledger.COIN, 0L),
                          shelved,
                          first == null ? null : first.getString("good"),
                          first == null ? 0 : first.getLong("unitPrice"),
                          null,
                          0));
                }
              }
              return ask(EstateContract.PLOTS, new TownRef(town))
                  .map(
                      plots -> {
                        JsonObject cheapest = null;
                        for (Object o : plots.json().getJsonArray("plots", new JsonArray())) {
                          JsonObject plot = (JsonObject) o;
                          if ("free".equals(plot.getString("status"))
                              && (cheapest == null
                                  || plot.getLong("price") < cheapest.getLong("price"))) {
                            cheapest = plot;
                          }
                        }
                        return cheapest == null
                            ? null
                            : new Adventurer.Estate(
                                null,
                                0,
                                0,
                                0,
                                null,
                                0,
                                cheapest.getString("id"),
                                cheapest.getLong("price"));
                      });
            });
  }

  /** The cheapest open listing of each good in the town's shops that can be bought now. */
  private Future<Map<String, Adventurer.ShopOffer>> shops(String town, long minute) {
    return ask(EstateContract.SHOPS, new TownRef(town))
        .map(
            doc -> {
              Map<String, Adventurer.ShopOffer> best = new HashMap<>();
              for (Object o : doc.json().getJsonArray("listings", new JsonArray())) {
                JsonObject l = (JsonObject) o;
                if (!l.getBoolean("open", false)
                    || l.getLong("qty", 0L) <= 0
                    || l.getLong("buyableAt", Long.MAX_VALUE) > minute) {
                  continue;
                }
                Adventurer.ShopOffer offer =
                    new Adventurer.ShopOffer(
                        l.getString("plot"), l.getLong("unitPrice"), l.getLong("qty"));
                best.merge(
                    l.getString("good"), offer, (a, b) -> a.unitPrice() <= b.unitPrice() ? a : b);
              }
              return best;
            });
  }

  private Adventurer.View view(
      JsonObject me,
      JsonObject c,
      String town,
      WorldTime t,
      Adventurer.Estate estate,
      Map<String, Adventurer.ShopOffer> shops,
      Document quests) {
    List<Adventurer.Errand> offered = new ArrayList<>();
    Adventurer.Errand active = null;
    if (quests != null) {
      for (Object o : quests.json().getJsonArray("offered", new JsonArray())) {
        offered.add(errand((JsonObject) o));
      }
      JsonArray mine = quests.json().getJsonArray("active", new JsonArray());
      active = mine.isEmpty() ? null : errand(mine.getJsonObject(0));
    }
    WorldData.Town here = map.town(town).orElseThrow();
    Map<String, Long> cargo = new LinkedHashMap<>();
    long coin = 0;
    for (Map.Entry<String, Object> h : me.getJsonObject("holdings")) {
      long qty = ((Number) h.getValue()).longValue();
      if (h.getKey().equals(Ledger.COIN)) {
        coin = qty;
      } else if (boards.getOrDefault(town, Map.of()).containsKey(h.getKey())) {
        cargo.put(h.getKey(), qty);
      }
    }
    List<Adventurer.Job> jobs = new ArrayList<>();
    for (WorldData.Job j : here.jobs()) {
      if (j.seasons().contains(t.season())) {
        jobs.add(new Adventurer.Job(j.id(), j.wagePerHour(), j.hoursLeftAt(t.hour())));
      }
    }
    List<Adventurer.Road> roads = new ArrayList<>();
    for (WorldData.Road r : map.roads()) {
      if (r.from().equals(town) || r.to().equals(town)) {
        roads.add(
            new Adventurer.Road(r.from().equals(town) ? r.to() : r.from(), r.hours(), r.danger()));
      }
    }
    return new Adventurer.View(
        t.gameMinutes(),
        t.hour(),
        town,
        c.getInteger("hp"),
        c.getInteger("maxHp"),
        coin,
        cargo,
        jobs,
        here.inn().pricePerHour(),
        boards,
        marketCoin,
        roads,
        estate,
        shops,
        atlas,
        offered,
        active);
  }

  /** Does one act; false (and the rest of the turn skipped) when it was refused. */
  private Future<Boolean> act(Player p, Adventurer.View v, Adventurer.Act act, String rid) {
    Future<Document> done;
    if (act instanceof Adventurer.Buy b) {
      done =
          ask(
                  buy,
                  new MarketContract.Order(
                      true, p.id, v.town(), b.good(), b.qty(), b.maxUnitPrice(), rid))
              .onSuccess(receipt -> bought(p, b.good(), b.qty(), receipt, v.minute()));
    } else if (act instanceof Adventurer.Sell s) {
      done =
          ask(
                  sell,
                  new MarketContract.Order(
                      false, p.id, v.town(), s.good(), s.qty(), s.minUnitPrice(), rid))
              .onSuccess(
                  receipt -> p.mind.sold(s.good(), v.cargo().getOrDefault(s.good(), 0L) - s.qty()));
    } else if (act instanceof Adventurer.ShopBuy b) {
      done =
          ask(
                  EstateContract.SHOP_BUY,
                  new EstateContract.ShopBuy(
                      p.id, b.plot(), b.good(), b.qty(), b.maxUnitPrice(), rid))
              .onSuccess(receipt -> bought(p, b.good(), b.qty(), receipt, v.minute()));
    } else if (act instanceof Adventurer.BuyHouse h) {
      done = ask(EstateContract.BUY, new EstateContract.BuyPlot(p.id, h.plot(), rid));
    } else if (act instanceof Adventurer.Shelve sh) {
      done =
          ask(
                  EstateContract.STORE,
                  new EstateContract.Move(p.id, sh.plot(), sh.good(), sh.qty(), rid))
              .compose(
                  stored ->
                      ask(
                          EstateContract.LIST,
                          new EstateContract.Listing(
                              p.id, sh.plot(), sh.good(), sh.qty(), p.mind.shelfPrice(sh.good()))))
              .onSuccess(listed -> p.mind.shelved(sh.good()));
    } else if (act instanceof Adventurer.Reprice rp) {
      done =
          ask(
              EstateContract.LIST,
              new EstateContract.Listing(p.id, rp.plot(), rp.good(), 0, rp.unitPrice()));
    } else if (act instanceof Adventurer.TakeTakings tk) {
      done =
          ask(
              EstateContract.TAKE,
              new EstateContract.Move(p.id, tk.plot(), Ledger.COIN, tk.coin(), rid));
    } else if (act instanceof Adventurer.TakeQuest q) {
      done =
          ask(QuestsContract.ACCEPT, new QuestsContract.Take(p.id, q.quest(), rid))
              .onSuccess(d -> p.mind.tookQuest());
    } else if (act instanceof Adventurer.HandIn h) {
      done = ask(QuestsContract.HAND_IN, new QuestsContract.Take(p.id, h.quest(), rid));
    } else if (act instanceof Adventurer.GiveUp g) {
      done = ask(QuestsContract.ABANDON, new QuestsContract.Take(p.id, g.quest(), rid));
    } else if (act instanceof Adventurer.Travel tr) {
      done = busy(p, ask(PlayerContract.TRAVEL, new PlayerContract.Travel(p.id, tr.to(), rid)));
    } else if (act instanceof Adventurer.Work w) {
      done =
          busy(p, ask(PlayerContract.WORK, new PlayerContract.Work(p.id, w.job(), w.hours(), rid)));
    } else if (act instanceof Adventurer.Rest r) {
      done = busy(p, ask(PlayerContract.REST, new PlayerContract.Rest(p.id, r.hours(), rid)));
    } else {
      done = politics(p, v.town());
    }
    String what = act.getClass().getSimpleName().toLowerCase();
    return done.transform(
        ar -> {
          if (ar.succeeded()) {
            tally.merge(what, 1L, Long::sum);
            return Future.succeededFuture(true);
          }
          int status = Failures.httpStatus(ar.cause());
          if (ar.cause() instanceof Refusal || (status >= 400 && status < 500)) {
            // A refusal is part of the game (a price moved past the limit, a window closed).
            tally.merge(what + " refused", 1L, Long::sum);
            LOG.debug("{} refused for {}: {}", what, p.id, ar.cause().getMessage());
            return Future.succeededFuture(false);
          }
          return Future.failedFuture(ar.cause());
        });
  }

  /** A purchase went through: its mind learns what a unit cost, to the copper rounded up. */
  private static void bought(Player p, String good, long qty, Document receipt, long minute) {
    p.mind.bought(good, -Math.floorDiv(-receipt.json().getLong("total"), qty), minute);
  }

  /** Keeps the end of the activity a command started. */
  private Future<Document> busy(Player p, Future<Document> started) {
    return started.onSuccess(d -> p.busyUntil = d.json().getLong("endsAt", Long.MIN_VALUE));
  }

  /** Stands for mayor (the ambitious) in the candidacy window; votes in the voting window. */
  private Future<Document> politics(Player p, String town) {
    return ask(TownContract.HALL, new TownContract.Hall(town, p.id))
        .compose(
            hall -> {
              JsonObject e = hall.json().getJsonObject("election");
              JsonObject me = hall.json().getJsonObject("me", new JsonObject());
              if (e == null || !me.getBoolean("citizen", false)) {
                return Future.succeededFuture(hall);
              }
              List<Long> candidates = new ArrayList<>();
              Long mine = null;
              for (Object o : e.getJsonArray("candidates", new JsonArray())) {
                JsonObject c = (JsonObject) o;
                candidates.add(c.getLong("id"));
                if (c.getBoolean("mine", false)) {
                  mine = c.getLong("id");
                }
              }
              if ("candidacy".equals(e.getString("phase")) && p.mind.ambitious() && mine == null) {
                return ask(
                        TownContract.DECLARE,
                        new TownContract.Declare(p.id, town, "Fair prices and safe roads."))
                    .onSuccess(d -> tally.merge("declared", 1L, Long::sum));
              }
              if ("voting".equals(e.getString("phase"))
                  && !candidates.isEmpty()
                  && e.getValue("myBallot") == null) {
                return ask(
                        TownContract.BALLOT,
                        new TownContract.Ballot(p.id, town, p.mind.rank(candidates, mine)))
                    .onSuccess(d -> tally.merge("voted", 1L, Long::sum));
              }
              return Future.succeededFuture(hall);
            });
  }

  private <Q extends Body> Future<Document> ask(Command<Q, Document> command, Q body) {
    requests++;
    return command.request(vertx, body, timeout);
  }
}
