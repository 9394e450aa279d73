package io.wayfarer.estate;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.Failures;
import io.wayfarer.shared.KeepNewest;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.Refusal;
import io.wayfarer.shared.Replies;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.TownRef;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.GameClock;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.estate.EstateContract;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.ledger.Ledger;
import io.wayfarer.shared.player.ModerationContract;
import io.wayfarer.shared.player.PlayerContract;
import io.wayfarer.shared.town.TownLaws;
import io.wayfarer.shared.world.Estates;
import io.wayfarer.shared.world.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Houses: a player buys a free plot in the town where their character stands (the price goes to the
 * town's treasury, {@code town:<town>}), stores coin and goods in its house (the ledger holder
 * {@code house:<plot>}, up to the plot's storage in goods) and gives keys to other players, who may
 * then store and take too. Every step is one transaction that holds the title, the key and the
 * character in place, so a key taken back stops working for every step that starts after it.
 */
public class EstateVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EstateVerticle.class);

  private Pool pool;
  private Db db;
  private Replies replies;
  private GameClock clock;
  private Estates estates;
  private TownLaws laws;
  private Landlord landlord;
  private Sales sales;
  private Shops shops;
  private Orders orders;

  /** The hours whose upkeep, impounds and notices are due: one at a time, the newest kept. */
  private KeepNewest<WorldTime> hours;

  /** What may be stored: coin, the world's goods, and what characters start with. */
  private Set<String> assets;

  @Override
  public Future<?> start() {
    pool = Clients.pgPool(vertx, config());
    db = new Db(vertx, pool, config());
    replies = new Replies(vertx, "estates", config());
    clock = new GameClock(vertx, Clients.busTimeoutMillis(config()));
    return Db.reachable(vertx, pool, config(), "estates")
        .compose(v -> World.load(vertx, config()))
        .compose(
            world -> {
              estates = world.estates();
              assets = new TreeSet<>(world.goods().keySet());
              assets.add(Ledger.COIN);
              world.map().classes().values().forEach(c -> assets.addAll(c.kit().keySet()));
              laws =
                  new TownLaws(
                      vertx,
                      world.charters(),
                      "estates",
                      Clients.busTimeoutMillis(config()),
                      town -> {});
              landlord =
                  new Landlord(
                      vertx,
                      pool,
                      db,
                      estates,
                      laws,
                      world.calendar().weekdays().size(),
                      Clients.busTimeoutMillis(config()));
              hours =
                  new KeepNewest<>(
                      ClockContract.Jobs.UPKEEP_HOUR,
                      LOG,
                      replies,
                      t -> t.gameMinutes() / 60,
                      t -> landlord.hour(t.gameMinutes()));
              ClockContract.CLOCK.listen(replies, this::hear);
              sales = new Sales(db, estates);
              Set<String> wares = new TreeSet<>(assets);
              wares.remove(Ledger.COIN);
              shops = new Shops(pool, db, estates, world.markets().markets(), laws, wares);
              EstateContract.SHOPS.serve(
                  replies,
                  t ->
                      clock
                          .now()
                          .compose(now -> shops.inTown(t.town(), now.gameMinutes()))
                          .map(Document::new));
              orders = new Orders(pool, db, world.markets().markets(), laws, wares);
              EstateContract.WANTED.serve(
                  replies,
                  t ->
                      clock
                          .now()
                          .compose(now -> orders.wanted(t.town(), now.gameMinutes()))
                          .map(Document::new));
              EstateContract.POST_ORDER.serve(
                  replies,
                  w ->
                      clock
                          .now()
                          .compose(now -> orders.post(w, now.gameMinutes()))
                          .compose(orders::order)
                          .map(Document::new));
              EstateContract.FILL_ORDER.serve(
                  replies,
                  f ->
                      clock
                          .now()
                          .compose(now -> orders.fill(f, now.gameMinutes()))
                          .compose(
                              id -> {
                                replies.track(landlord.deliver());
                                return orders.order(id);
                              })
                          .map(Document::new));
              EstateContract.CANCEL_ORDER.serve(
                  replies,
                  c ->
                      clock
                          .now()
                          .compose(now -> orders.cancel(c, now.gameMinutes()))
                          .compose(orders::order)
                          .map(Document::new));
              EstateContract.LIST.serve(replies, this::list);
              EstateContract.DELIST.serve(replies, this::delist);
              EstateContract.SHOP_BUY.serve(
                  replies,
                  b ->
                      clock
                          .now()
                          .compose(now -> shops.buy(b, now.gameMinutes()))
                          .map(
                              receipt -> {
                                replies.track(landlord.deliver());
                                return new Document(receipt);
                              }));
              EstateContract.PREPAY.serve(replies, this::prepay);
              EstateContract.SELL.serve(
                  replies,
                  sell ->
                      clock
                          .now()
                          .compose(now -> sales.offer(sell, now.gameMinutes()))
                          .compose(id -> told(sell.playerId())));
              EstateContract.ACCEPT_SALE.serve(
                  replies,
                  step ->
                      clock
                          .now()
                          .compose(now -> sales.accept(step, now.gameMinutes()))
                          .compose(id -> told(step.playerId())));
              EstateContract.END_SALE.serve(
                  replies,
                  step ->
                      clock
                          .now()
                          .compose(now -> sales.end(step, now.gameMinutes()))
                          .compose(id -> houses(new EstateContract.Mine(step.playerId()))));
              EstateContract.RECLAIM.serve(replies, this::reclaim);
              EstateContract.PLOTS.serve(replies, this::plots);
              EstateContract.BUY.serve(replies, this::buy);
              EstateContract.HOUSES.serve(replies, this::houses);
              EstateContract.OWNED_AT.serve(replies, this::ownedAt);
              EstateContract.STORE.serve(replies, m -> move(m, true));
              EstateContract.TAKE.serve(replies, m -> move(m, false));
              EstateContract.GIVE_KEY.serve(replies, k -> key(k, true));
              EstateContract.TAKE_KEY.serve(replies, k -> key(k, false));
              return replies.ready();
            })
        .compose(v -> laws.start())
        .onSuccess(
            v -> LOG.info("Estates open: {} plots in {} towns", estates.plots().size(), towns()));
  }

  /** The plot of that id, or a refusal (404) that the serving command answers with. */
  static Estates.Plot known(Estates estates, String id) {
    return estates.plot(id).orElseThrow(() -> Refusal.notFound("no plot " + id));
  }

  /** A tick: the world's time, and each new hour what upkeep has come due. */
  private void hear(WorldTime t) {
    clock.heard(t);
    hours.offer(t, t.gameMinutes());
  }

  private long towns() {
    return estates.plots().values().stream().map(Estates.Plot::town).distinct().count();
  }

  @Override
  public Future<?> stop() {
    if (laws != null) {
      laws.stop();
    }
    return replies.stop().eventually(pool::close);
  }

  // ---- plots ----

  private Future<Document> plots(TownRef ref) {
    List<Estates.Plot> here = estates.in(ref.town());
    if (here.isEmpty()) {
      return Refusal.fail(Failures.NOT_FOUND, "no plots in " + ref.town());
    }
    return clock
        .now()
        .compose(
            now ->
                pool.preparedQuery(EstateSql.TITLES_IN)
                    .execute(Tuple.of(ref.town()))
                    .map(rows -> plotList(ref.town(), here, rows, now.gameMinutes())));
  }

  /** The town's plots, each with its weekly upkeep at the town's rate now. */
  private Document plotList(
      String town, List<Estates.Plot> here, Iterable<Row> rows, long gameMinutes) {
    Map<String, String> owners = new HashMap<>();
    rows.forEach(r -> owners.put(r.getString("plot_id"), r.getString("owner")));
    JsonArray list = new JsonArray();
    for (Estates.Plot p : here) {
      boolean owned = owners.containsKey(p.id());
      list.add(
          p.toJson()
              .put("upkeep", laws.upkeep(p.town(), p.upkeep(), gameMinutes))
              .put("status", owned ? "owned" : "free")
              .put("owner", owners.get(p.id())));
    }
    return new Document(
        new JsonObject()
            .put("town", town)
            .put("plots", list)
            .put("maxPlotsPerPlayer", estates.maxPlotsPerPlayer()));
  }

  private Future<Document> buy(EstateContract.BuyPlot b) {
    Estates.Plot plot = known(estates, b.plot());
    return clock
        .now()
        .compose(
            now ->
                db.<String>transaction(
                    tx ->
                        tx.preparedQuery(EstateSql.LOCK_PLAYER)
                            .execute(Tuple.of(b.playerId()))
                            .compose(v -> standingIn(tx, b.playerId(), plot.town()))
                            .compose(
                                v ->
                                    tx.preparedQuery(EstateSql.TITLE_BY_REQUEST)
                                        .execute(Tuple.of(b.playerId(), b.requestId())))
                            .compose(
                                earlier -> {
                                  if (b.requestId() != null && earlier.size() > 0) {
                                    // Bought before under this request id (its answer was lost).
                                    return Future.succeededFuture(
                                        earlier.iterator().next().getString("plot_id"));
                                  }
                                  return purchase(tx, b, plot, now.gameMinutes());
                                })))
        .compose(this::house)
        .map(Document::new);
  }

  private Future<String> purchase(
      SqlConnection tx, EstateContract.BuyPlot b, Estates.Plot plot, long gameMinutes) {
    return tx.preparedQuery(EstateSql.COUNT_OWNED)
        .execute(Tuple.of(b.playerId()))
        .compose(
            count -> {
              if (count.iterator().next().getLong(0) >= estates.maxPlotsPerPlayer()) {
                return Refusal.fail(
                    Failures.CONFLICT,
                    "you may hold " + estates.maxPlotsPerPlayer() + " plots at most");
              }
              return tx.preparedQuery(EstateSql.INSERT_TITLE)
                  .execute(
                      Tuple.of(
                          plot.id(),
                          plot.town(),
                          b.playerId(),
                          plot.price(),
                          gameMinutes,
                          b.requestId(),
                          Upkeep.week(gameMinutes, landlord.daysPerWeek())));
            })
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Refusal.fail(Failures.CONFLICT, plot.name() + " already has an owner");
              }
              String buyer = Ledger.player(b.playerId());
              return Ledger.lock(
                      tx,
                      List.of(
                          new Ledger.Key(buyer, Ledger.COIN),
                          new Ledger.Key(Ledger.town(plot.town()), Ledger.COIN)))
                  .compose(
                      locked -> {
                        long purse = locked.balance(buyer, Ledger.COIN);
                        if (purse < plot.price()) {
                          return Refusal.fail(
                              Failures.CONFLICT,
                              plot.name()
                                  + " costs "
                                  + Money.format(plot.price())
                                  + "; you have "
                                  + Money.format(purse));
                        }
                        locked.move(
                            buyer,
                            Ledger.town(plot.town()),
                            Ledger.COIN,
                            plot.price(),
                            "plot " + plot.id() + " bought");
                        return Ledger.write(tx, locked);
                      })
                  .compose(
                      v ->
                          tx.preparedQuery(EstateSql.OWNERSHIP_BEGINS)
                              .execute(
                                  Tuple.of(
                                      plot.id(), plot.town(), b.playerId(), gameMinutes, "bought")))
                  .map(plot.id());
            });
  }

  // ---- storage ----

  private Future<Document> move(EstateContract.Move m, boolean in) {
    Estates.Plot plot = known(estates, m.plot());
    if (!assets.contains(m.asset())) {
      return Refusal.fail(Failures.BAD_REQUEST, m.asset() + " is not something a house can store");
    }
    String house = Ledger.house(plot.id());
    String player = Ledger.player(m.playerId());
    return clock
        .now()
        .compose(now -> moveAt(m, in, plot, house, player, now.gameMinutes()))
        .compose(this::house)
        .map(Document::new);
  }

  private Future<String> moveAt(
      EstateContract.Move m,
      boolean in,
      Estates.Plot plot,
      String house,
      String player,
      long gameMinutes) {
    return db.<String>transaction(
        tx ->
            opens(tx, plot, m.playerId())
                .compose(v -> standingIn(tx, m.playerId(), plot.town()))
                .compose(
                    v ->
                        tx.preparedQuery(EstateSql.INSERT_MOVE)
                            .execute(
                                Tuple.of(
                                    plot.id(),
                                    m.playerId(),
                                    m.asset(),
                                    in ? m.qty() : -m.qty(),
                                    m.requestId(),
                                    gameMinutes)))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(plot.id()); // moved before: nothing more
                      }
                      return storeOrTake(tx, plot, house, player, m, in).map(plot.id());
                    }));
  }

  private Future<Void> storeOrTake(
      SqlConnection tx,
      Estates.Plot plot,
      String house,
      String player,
      EstateContract.Move m,
      boolean in) {
    List<Ledger.Key> keys =
        new ArrayList<>(
            List.of(new Ledger.Key(player, m.asset()), new Ledger.Key(house, m.asset())));
    Future<Long> stored =
        in && !Ledger.COIN.equals(m.asset()) ? goodsIn(tx, house) : Future.succeededFuture(0L);
    return stored.compose(
        goods ->
            Ledger.lock(tx, keys)
                .compose(
                    locked -> {
                      String from = in ? player : house;
                      String to = in ? house : player;
                      long has = locked.balance(from, m.asset());
                      if (has < m.qty()) {
                        return Refusal.fail(
                            Failures.CONFLICT,
                            (in ? "you carry " : "the house holds ")
                                + amount(m.asset(), has)
                                + ", not "
                                + amount(m.asset(), m.qty()));
                      }
                      if (in
                          && !Ledger.COIN.equals(m.asset())
                          && goods + m.qty() > plot.size().storage()) {
                        return Refusal.fail(
                            Failures.CONFLICT,
                            plot.name()
                                + " stores "
                                + plot.size().storage()
                                + " goods and holds "
                                + goods
                                + " already");
                      }
                      locked.move(
                          from,
                          to,
                          m.asset(),
                          m.qty(),
                          (in ? "stored in " : "taken from ") + plot.id());
                      return Ledger.write(tx, locked);
                    }));
  }

  /** The goods (not coin) a house holds now. */
  private static Future<Long> goodsIn(SqlConnection tx, String house) {
    return Ledger.holdings(tx, house)
        .map(
            h ->
                h.entrySet().stream()
                    .filter(e -> !Ledger.COIN.equals(e.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum());
  }

  private static String amount(String asset, long qty) {
    return Ledger.COIN.equals(asset) ? Money.format(qty) : qty + " " + asset.replace('_', ' ');
  }

  // ---- upkeep ----

  /**
   * Coin from the owner's purse to the house's credit; what is owed is paid from it at once, and
   * paid in full the house is in good standing again.
   */
  private Future<Document> prepay(EstateContract.Prepay p) {
    return clock.now().compose(now -> prepayAt(p, now.gameMinutes()));
  }

  private Future<Document> prepayAt(EstateContract.Prepay p, long gameMinutes) {
    Estates.Plot plot = known(estates, p.plot());
    String credit = Ledger.credit(plot.id());
    String town = Ledger.town(plot.town());
    return db.<String>transaction(
            tx ->
                ownersTitle(tx, EstateSql.LOCK_FOR_UPKEEP, plot, p.playerId(), "pays its upkeep")
                    .compose(
                        title -> {
                          return tx.preparedQuery(EstateSql.INSERT_MOVE)
                              .execute(
                                  Tuple.of(
                                      plot.id(),
                                      p.playerId(),
                                      "credit",
                                      p.qty(),
                                      p.requestId(),
                                      gameMinutes))
                              .compose(
                                  moved -> {
                                    if (moved.size() == 0) {
                                      return Future.succeededFuture(plot.id()); // paid before
                                    }
                                    String purse = Ledger.player(p.playerId());
                                    return Ledger.lock(
                                            tx,
                                            List.of(
                                                new Ledger.Key(credit, Ledger.COIN),
                                                new Ledger.Key(purse, Ledger.COIN),
                                                new Ledger.Key(town, Ledger.COIN)))
                                        .compose(
                                            locked -> {
                                              if (locked.balance(purse, Ledger.COIN) < p.qty()) {
                                                return Refusal.fail(
                                                    Failures.CONFLICT,
                                                    "you have "
                                                        + Money.format(
                                                            locked.balance(purse, Ledger.COIN)));
                                              }
                                              locked.move(
                                                  purse,
                                                  credit,
                                                  Ledger.COIN,
                                                  p.qty(),
                                                  "upkeep paid ahead for " + plot.id());
                                              long owed = title.getLong("arrears");
                                              long settle =
                                                  Math.min(
                                                      owed, locked.balance(credit, Ledger.COIN));
                                              if (settle > 0) {
                                                locked.move(
                                                    credit,
                                                    town,
                                                    Ledger.COIN,
                                                    settle,
                                                    "upkeep owed for " + plot.id());
                                              }
                                              long left = owed - settle;
                                              return Ledger.write(tx, locked)
                                                  .compose(
                                                      v ->
                                                          settle == 0
                                                              ? Future.succeededFuture()
                                                              : tx.preparedQuery(
                                                                      EstateSql.SET_UPKEEP)
                                                                  .execute(
                                                                      Tuple.of(
                                                                          plot.id(),
                                                                          title.getLong(
                                                                              "charged_week"),
                                                                          left,
                                                                          left == 0
                                                                              ? 0
                                                                              : title.getInteger(
                                                                                  "weeks_unpaid"),
                                                                          left == 0
                                                                              ? Upkeep.GOOD
                                                                              : title.getString(
                                                                                  "status")))
                                                                  .mapEmpty())
                                                  .map(plot.id());
                                            });
                                  });
                        }))
        .compose(this::house)
        .map(Document::new);
  }

  private Future<Document> reclaim(EstateContract.Reclaim r) {
    return clock
        .now()
        .compose(
            now ->
                db.<Long>transaction(
                    tx -> landlord.reclaim(tx, r.impound(), r.playerId(), now.gameMinutes())))
        .compose(id -> houses(new EstateContract.Mine(r.playerId())));
  }

  // ---- shops ----

  private Future<Document> list(EstateContract.Listing l) {
    Estates.Plot plot = known(estates, l.plot());
    return clock
        .now()
        .compose(
            now ->
                db.<String>transaction(
                    tx ->
                        owns(tx, plot, l.playerId())
                            .compose(v -> standingIn(tx, l.playerId(), plot.town()))
                            .compose(v -> shops.list(tx, l, plot, now.gameMinutes()))))
        .compose(this::house)
        .map(Document::new);
  }

  private Future<Document> delist(EstateContract.Delisting d) {
    Estates.Plot plot = known(estates, d.plot());
    return clock
        .now()
        .compose(
            now ->
                db.<String>transaction(
                    tx ->
                        owns(tx, plot, d.playerId())
                            .compose(v -> shops.delist(tx, d.good(), plot, now.gameMinutes()))))
        .compose(this::house)
        .map(Document::new);
  }

  /** The player owns the house (its title held until the step commits). */
  private static Future<Void> owns(SqlConnection tx, Estates.Plot plot, long playerId) {
    return ownersTitle(tx, EstateSql.ACCESS, plot, playerId, "keeps its shop").mapEmpty();
  }

  /**
   * The house's title row, locked by {@code lockSql}, if {@code playerId} owns it; otherwise a 403
   * saying that only its owner {@code does} what was asked.
   */
  static Future<Row> ownersTitle(
      SqlConnection tx, String lockSql, Estates.Plot plot, long playerId, String does) {
    return tx.preparedQuery(lockSql)
        .execute(Tuple.of(plot.id()))
        .compose(
            rows ->
                rows.size() > 0 && rows.iterator().next().getLong("owner_id") == playerId
                    ? Future.succeededFuture(rows.iterator().next())
                    : Refusal.fail(
                        Failures.FORBIDDEN, "only the owner of " + plot.name() + " " + does));
  }

  /** After a step that wrote notices: they go out, and the player sees their houses. */
  private Future<Document> told(long playerId) {
    replies.track(landlord.deliver());
    return houses(new EstateContract.Mine(playerId));
  }

  // ---- keys ----

  private Future<Document> key(EstateContract.KeyStep k, boolean give) {
    return clock.now().compose(now -> keyAt(k, give, now.gameMinutes()));
  }

  private Future<Document> keyAt(EstateContract.KeyStep k, boolean give, long gameMinutes) {
    Estates.Plot plot = known(estates, k.plot());
    return db.<Long>transaction(
            tx ->
                ownersTitle(tx, EstateSql.LOCK_TITLE, plot, k.playerId(), "gives its keys")
                    .compose(
                        title ->
                            tx.preparedQuery(EstateSql.CHARACTER_BY_NAME)
                                .execute(Tuple.of(k.name())))
                    .compose(
                        found -> {
                          if (found.size() == 0) {
                            return Refusal.fail(
                                Failures.NOT_FOUND, "no character is named " + k.name());
                          }
                          long holder = found.iterator().next().getLong("player_id");
                          if (holder == k.playerId()) {
                            return Refusal.fail(
                                Failures.BAD_REQUEST, "the owner's key is the title itself");
                          }
                          return (give
                                  ? tx.preparedQuery(EstateSql.INSERT_KEY)
                                      .execute(Tuple.of(plot.id(), holder, gameMinutes))
                                      .compose(
                                          v ->
                                              tx.preparedQuery(EstateSql.KEY_GIVEN)
                                                  .execute(
                                                      Tuple.of(plot.id(), holder, gameMinutes)))
                                  : tx.preparedQuery(EstateSql.DELETE_KEY)
                                      .execute(Tuple.of(plot.id(), holder))
                                      .compose(
                                          v ->
                                              tx.preparedQuery(EstateSql.KEY_TAKEN)
                                                  .execute(
                                                      Tuple.of(plot.id(), holder, gameMinutes))))
                              .map(holder);
                        }))
        .compose(
            holder ->
                tell(
                        holder,
                        give
                            ? "You were given a key to " + plot.name() + "."
                            : "Your key to " + plot.name() + " was taken back.",
                        plot)
                    .map(plot.id()))
        .compose(this::house)
        .map(Document::new);
  }

  /** A notice to a key holder; a notice that fails is logged, the key step stands. */
  private Future<Void> tell(long player, String text, Estates.Plot plot) {
    return clock
        .now()
        .compose(
            now ->
                PlayerContract.RECORD_NOTICE.request(
                    vertx,
                    new PlayerContract.Notice(
                        player,
                        now.gameMinutes(),
                        "estate",
                        text,
                        new JsonObject().put("plot", plot.id())),
                    Clients.busTimeoutMillis(config())))
        .<Void>mapEmpty()
        .recover(
            err -> {
              LOG.warn("Notice '{}' to player {} not recorded: {}", text, player, err.toString());
              return Future.succeededFuture();
            });
  }

  // ---- access ----

  /**
   * The player may open the house: its owner, or holding a key. The title and the key are held
   * until the step commits, so a key taken back meanwhile waits for this step and then bars the
   * next.
   */
  private static Future<Void> opens(SqlConnection tx, Estates.Plot plot, long playerId) {
    return tx.preparedQuery(EstateSql.ACCESS)
        .execute(Tuple.of(plot.id()))
        .compose(
            title -> {
              if (title.size() == 0) {
                return Refusal.fail(Failures.NOT_FOUND, plot.name() + " has no house of yours");
              }
              if (title.iterator().next().getLong("owner_id") == playerId) {
                return Future.succeededFuture();
              }
              return tx.preparedQuery(EstateSql.LOCK_KEY)
                  .execute(Tuple.of(plot.id(), playerId))
                  .compose(
                      key ->
                          key.size() > 0
                              ? Future.succeededFuture()
                              : Refusal.fail(
                                  Failures.FORBIDDEN, "you have no key to " + plot.name()));
            });
  }

  /** The player's character stands in {@code town} (held there until the step commits). */
  static Future<Void> standingIn(SqlConnection tx, long playerId, String town) {
    return tx.preparedQuery(EstateSql.WHERE)
        .execute(Tuple.of(playerId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Refusal.fail(Failures.CONFLICT, "you need a character first");
              }
              Row r = rows.iterator().next();
              if (!town.equals(r.getString("town"))) {
                return Refusal.fail(
                    Failures.CONFLICT,
                    r.getString("town") == null
                        ? "you are on the road; this can be done in " + town
                        : "this can be done only in " + town);
              }
              return Future.succeededFuture();
            });
  }

  // ---- what players see ----

  /** One house: the plot, its owner, what it stores, who holds keys. */
  private Future<JsonObject> house(String plotId) {
    Estates.Plot plot = estates.plot(plotId).orElseThrow();
    JsonObject h = plot.toJson();
    return pool.withConnection(
        conn ->
            Ledger.holdings(conn, Ledger.house(plotId))
                .compose(
                    stored -> {
                      h.put("stored", new JsonObject(new HashMap<>(stored)));
                      return Ledger.balance(conn, Ledger.credit(plotId), Ledger.COIN);
                    })
                .compose(
                    credit -> {
                      h.put("credit", credit);
                      return conn.preparedQuery(EstateSql.STANDING).execute(Tuple.of(plotId));
                    })
                .compose(
                    standing -> {
                      if (standing.size() > 0) {
                        Row r = standing.iterator().next();
                        long next = r.getLong("charged_week") + 1;
                        // The next week's upkeep, at the town's rate for that week: what will be
                        // charged.
                        h.put(
                                "upkeep",
                                laws.upkeep(
                                    plot.town(),
                                    plot.upkeep(),
                                    Upkeep.weekStart(next, landlord.daysPerWeek())))
                            .put("status", r.getString("status"))
                            .put("owed", r.getLong("arrears"))
                            .put("weeksUnpaid", r.getInteger("weeks_unpaid"))
                            .put("nextUpkeepAt", Upkeep.weekStart(next, landlord.daysPerWeek()));
                      }
                      return shops.listings(conn, plotId);
                    })
                .compose(
                    shop -> {
                      h.put("shop", shop);
                      return shops.recentSales(conn, plotId);
                    })
                .compose(
                    sold -> {
                      h.put("sales", sold);
                      return conn.preparedQuery(EstateSql.KEY_HOLDERS).execute(Tuple.of(plotId));
                    })
                .map(
                    rows -> {
                      JsonArray keys = new JsonArray();
                      rows.forEach(r -> keys.add(r.getString("name")));
                      return h.put("keys", keys);
                    }));
  }

  /** What was seized from a player and may still be reclaimed, with what each holds. */
  private Future<JsonArray> impounds(long playerId) {
    return pool.withConnection(
        conn ->
            conn.preparedQuery(EstateSql.IMPOUNDS_OF)
                .execute(Tuple.of(playerId))
                .compose(
                    rows -> {
                      List<Future<JsonObject>> all = new ArrayList<>();
                      for (Row r : rows) {
                        long id = r.getLong("id");
                        JsonObject i =
                            new JsonObject()
                                .put("id", id)
                                .put("plot", r.getString("plot_id"))
                                .put(
                                    "name",
                                    estates
                                        .plot(r.getString("plot_id"))
                                        .map(Estates.Plot::name)
                                        .orElse(r.getString("plot_id")))
                                .put("town", r.getString("town"))
                                .put("until", r.getLong("until"))
                                .put("fee", r.getLong("fee"));
                        all.add(
                            Ledger.holdings(conn, Ledger.impound(Long.toString(id)))
                                .map(held -> i.put("held", new JsonObject(new HashMap<>(held)))));
                      }
                      return Future.all(all)
                          .map(v -> new JsonArray(all.stream().map(Future::result).toList()));
                    }));
  }

  /**
   * The houses an account owned at a game minute ({@code estate_ownership}), each with what its
   * storage and its shelf held then (from the ledger's checkpoints and log) and what the shelf
   * asked then ({@code estate_shelf_prices}); and the keys it held then to others' houses ({@code
   * estate_key_log}).
   */
  private Future<Document> ownedAt(ModerationContract.AccountAt a) {
    Future<JsonArray> keys =
        EstateAt.keys(pool, a.account(), a.minute())
            .map(
                held ->
                    new JsonArray(
                        held.stream()
                            .map(
                                k ->
                                    new JsonObject()
                                        .put("plot", k.plot())
                                        .put("town", known(estates, k.plot()).town())
                                        .put("since", k.since()))
                            .toList()));
    return keys.compose(held -> housesAt(a).map(d -> new Document(d.json().put("keys", held))));
  }

  private Future<Document> housesAt(ModerationContract.AccountAt a) {
    return pool.preparedQuery(EstateSql.OWNED_AT)
        .execute(Tuple.of(a.account(), a.minute()))
        .compose(
            rows -> {
              List<Future<JsonObject>> houses = new ArrayList<>();
              for (Row r : rows) {
                String plot = r.getString("plot_id");
                JsonObject house =
                    new JsonObject()
                        .put("plot", plot)
                        .put("town", r.getString("town"))
                        .put("since", r.getLong("from_minute"))
                        .put("cameBy", r.getString("came_by"));
                houses.add(
                    EstateAt.shelfPrices(pool, plot, a.minute())
                        .map(
                            prices ->
                                house.put("prices", new JsonObject(new LinkedHashMap<>(prices))))
                        .compose(v -> Ledger.holdingsAt(pool, Ledger.house(plot), a.minute()))
                        .compose(
                            stored ->
                                Ledger.holdingsAt(pool, Ledger.shop(plot), a.minute())
                                    .map(
                                        shelf ->
                                            house
                                                .put(
                                                    "stored",
                                                    new JsonObject(
                                                        new LinkedHashMap<>(stored.holdings())))
                                                .put(
                                                    "shelf",
                                                    new JsonObject(
                                                        new LinkedHashMap<>(shelf.holdings()))))));
              }
              return Future.all(houses)
                  .map(
                      all ->
                          new Document(
                              new JsonObject()
                                  .put("account", a.account())
                                  .put("minute", a.minute())
                                  .put(
                                      "houses",
                                      new JsonArray(
                                          houses.stream().map(Future::result).toList()))));
            });
  }

  private Future<Document> houses(EstateContract.Mine mine) {
    Future<List<String>> owned =
        pool.preparedQuery(EstateSql.OWNED)
            .execute(Tuple.of(mine.playerId()))
            .map(
                rows -> {
                  List<String> ids = new ArrayList<>();
                  rows.forEach(r -> ids.add(r.getString("plot_id")));
                  return ids;
                });
    Future<Map<String, String>> keyed =
        pool.preparedQuery(EstateSql.KEYED)
            .execute(Tuple.of(mine.playerId()))
            .map(
                rows -> {
                  Map<String, String> m = new LinkedHashMap<>();
                  rows.forEach(r -> m.put(r.getString("plot_id"), r.getString("owner")));
                  return m;
                });
    Future<JsonArray> seized = impounds(mine.playerId());
    Future<JsonArray> offered =
        pool.preparedQuery(EstateSql.SALES_OF)
            .execute(Tuple.of(mine.playerId()))
            .map(
                rows -> {
                  JsonArray list = new JsonArray();
                  for (Row r : rows) {
                    String plot = r.getString("plot_id");
                    list.add(
                        new JsonObject()
                            .put("id", r.getLong("id"))
                            .put("plot", plot)
                            .put("name", estates.plot(plot).map(Estates.Plot::name).orElse(plot))
                            .put("price", r.getLong("price"))
                            .put("withStorage", r.getBoolean("with_storage"))
                            .put("seller", r.getString("seller"))
                            .put("buyer", r.getString("buyer"))
                            .put("mine", r.getLong("seller_id") == mine.playerId()));
                  }
                  return list;
                });
    return Future.all(owned, keyed, seized, offered)
        .compose(
            v -> {
              List<Future<JsonObject>> mineF = owned.result().stream().map(this::house).toList();
              List<Future<JsonObject>> keyedF =
                  keyed.result().entrySet().stream()
                      .map(e -> house(e.getKey()).map(h -> h.put("owner", e.getValue())))
                      .toList();
              return Future.all(mineF)
                  .compose(a -> Future.all(keyedF))
                  .map(
                      b ->
                          new Document(
                              new JsonObject()
                                  .put(
                                      "houses",
                                      new JsonArray(mineF.stream().map(Future::result).toList()))
                                  .put(
                                      "keyed",
                                      new JsonArray(keyedF.stream().map(Future::result).toList()))
                                  .put("impounds", seized.result())
                                  .put("sales", offered.result())
                                  .put("upkeep", estates.ladder().toJson())));
            });
  }
}
