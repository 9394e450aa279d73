package io.wayfarer.server.simulation;

import io.wayfarer.shared.Seeded;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One scripted player's mind, without Vert.x: given what its character sees at the top of its hour
 * ({@link View}), what it does ({@link Act}s, done in order). Every choice comes from its own
 * seeded random source and what it sees, so the same world and seed give the same choices.
 *
 * <p>Three kinds, as players come: a <b>settler</b> picks a home town, walks there, works its best
 * job, stands for mayor when it is ambitious and votes; a <b>careful trader</b> carries a good to a
 * neighbouring town when the gap pays well over a road it trusts; a <b>reckless trader</b> takes
 * thinner margins, bigger loads and the dangerous roads. All rest when wounded.
 *
 * <p>A settler who has saved enough buys the cheapest free plot in its home town and keeps a shop
 * there: it buys a lot of what a neighbour pays well for (what traders come for), shelves it at a
 * quarter over what it paid and, day by day, prices it a copper under the market (never under what
 * it paid and a twentieth); traders buy from a shop whenever it is cheaper than the market.
 */
public final class Adventurer {
  /** The kinds: four in ten players settle, three trade carefully, three recklessly. */
  public enum Kind {
    SETTLER,
    CAREFUL_TRADER,
    RECKLESS_TRADER
  }

  /** What a character sees: the hour, itself, its town's jobs and inn, the boards, the roads. */
  public record View(
      long minute,
      int hourOfDay,
      String town,
      int hp,
      int maxHp,
      long coin,
      Map<String, Long> cargo,
      List<Job> jobs,
      long innPerHour,
      Map<String, Map<String, Price>> boards,
      Map<String, Long> marketCoin,
      List<Road> roads,
      Estate estate,
      Map<String, ShopOffer> shops) {}

  /**
   * A settler's house in its home town ({@code plot} null if it has none) and the cheapest free
   * plot it could buy there; seen only on its daily look at home, else null.
   */
  public record Estate(
      String plot,
      long storage,
      long storedCoin,
      long shelved,
      String shelfGood,
      long shelfPrice,
      String freePlot,
      long freePlotPrice) {}

  /** The cheapest open listing of a good in this town's players' shops, buyable now. */
  public record ShopOffer(String plot, long unitPrice, long qty) {}

  /** A job offered here now: hours left of today's window. */
  public record Job(String id, long wagePerHour, int hoursLeft) {}

  /** One unit's price to buy and to sell, in copper, and the stock. */
  public record Price(long buy, long sell, long stock, long need) {}

  /** A road from here. */
  public record Road(String to, int hours, int danger) {}

  /** What to do. */
  public sealed interface Act {}

  public record Buy(String good, long qty, long maxUnitPrice) implements Act {}

  public record Sell(String good, long qty, long minUnitPrice) implements Act {}

  public record Travel(String to) implements Act {}

  public record Work(String job, int hours) implements Act {}

  public record Rest(int hours) implements Act {}

  /** Looks at the town hall: stands or votes there if it can. */
  public record Politics() implements Act {}

  /** Buys a free plot in this town. */
  public record BuyHouse(String plot) implements Act {}

  /** Buys from a player's shop here at no more than a unit price. */
  public record ShopBuy(String plot, String good, long qty, long maxUnitPrice) implements Act {}

  /** Stores goods carried in its house and puts them on its shop's shelf at {@link #shelfPrice}. */
  public record Shelve(String plot, String good, long qty) implements Act {}

  /** Changes the unit price of a good on its shop's shelf. */
  public record Reprice(String plot, String good, long unitPrice) implements Act {}

  /** Takes coin a shop's sales left in its house into the purse. */
  public record TakeTakings(String plot, long coin) implements Act {}

  /** Coin a settler keeps in its purse beyond a plot's price before it buys one: 50 gp. */
  static final long HOUSE_RESERVE = 5_000;

  /** A shop stocks a good that a neighbour buys for at least this much more than it costs here. */
  static final double SHOP_RATIO = 1.15;

  /** Coin left in a house for its upkeep when the takings are taken: 20 gp. */
  static final long UPKEEP_RESERVE = 2_000;

  private final int index;
  private final Kind kind;
  private final SplittableRandom random;

  /** A settler's home town. */
  private final String home;

  /** What each good carried cost a unit, to sell it only at a profit (or when it has waited). */
  private final Map<String, Long> paid = new HashMap<>();

  private final Map<String, Long> boughtAt = new HashMap<>();

  /** What each good on a shopkeeper's shelf cost a unit. */
  private final Map<String, Long> shelfCost = new HashMap<>();

  /** Whether this settler stands for mayor when it can. */
  private final boolean ambitious;

  /** The game day a settler last looked at its town hall. */
  private long lookedAtTheHall = Long.MIN_VALUE;

  /**
   * @param settlersBefore how many of the players made before this one are settlers: settlers take
   *     the towns in turn as their homes, and the first two of each town stand for mayor, so that
   *     every town has people to govern it
   */
  public Adventurer(int index, long seed, List<String> towns, int settlersBefore) {
    this.index = index;
    this.random = Seeded.random(seed, index);
    int roll = random.nextInt(10);
    this.kind = roll < 4 ? Kind.SETTLER : roll < 7 ? Kind.CAREFUL_TRADER : Kind.RECKLESS_TRADER;
    this.ambitious = kind == Kind.SETTLER && settlersBefore < 2 * towns.size();
    this.home = towns.get(settlersBefore % towns.size());
  }

  public int index() {
    return index;
  }

  public Kind kind() {
    return kind;
  }

  public boolean ambitious() {
    return ambitious;
  }

  public String home() {
    return home;
  }

  /** The character's class, by the kind: traders favour the roads' checks, settlers the work. */
  public String characterClass(List<String> classes) {
    return classes.get(random.nextInt(classes.size()));
  }

  /** A purchase went through: what a unit cost, to sell it only at a profit (or once it waited). */
  public void bought(String good, long unitCost, long minute) {
    paid.put(good, unitCost);
    boughtAt.put(good, minute);
  }

  /** A sale went through: once nothing of the good is left, what it cost is forgotten. */
  public void sold(String good, long left) {
    if (left <= 0) {
      paid.remove(good);
      boughtAt.remove(good);
    }
  }

  /**
   * What a shop asks for a unit of a good carried: a quarter over what it cost, so it sells when
   * the market's price has risen past that.
   */
  public long shelfPrice(String good) {
    return paid(good) * 5 / 4 + 1;
  }

  /** Goods went on the shelf: what they cost moves from the cargo's books to the shelf's. */
  public void shelved(String good) {
    shelfCost.put(good, paid(good));
    sold(good, 0);
  }

  /** Whether this player looks in at its town hall (and its house) this turn, standing there. */
  public boolean looksInToday(String town, long minute) {
    return kind == Kind.SETTLER && town.equals(home) && minute / 1440 != lookedAtTheHall;
  }

  /** What a unit of a good carried cost, 0 when unknown. */
  long paid(String good) {
    return paid.getOrDefault(good, 0L);
  }

  /** Ranks candidates: its own first when it stands, the rest in an order of its own. */
  public List<Long> rank(List<Long> candidates, Long mine) {
    List<Long> out = new ArrayList<>(candidates);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Long t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    if (mine != null && out.remove(mine)) {
      out.add(0, mine);
    }
    return out;
  }

  /** What to do this hour, in order; empty: nothing (it waits for the next hour). */
  public List<Act> decide(View v) {
    List<Act> acts = new ArrayList<>();
    Map<String, Price> here = v.boards().getOrDefault(v.town(), Map.of());
    // Goods carried are sold where they fetch more than they cost, or after two days anywhere.
    for (Map.Entry<String, Long> c : v.cargo().entrySet()) {
      Price p = here.get(c.getKey());
      if (p == null || c.getValue() <= 0) {
        continue;
      }
      long cost = paid.getOrDefault(c.getKey(), 0L);
      boolean stale = v.minute() - boughtAt.getOrDefault(c.getKey(), v.minute()) > 2 * 1440;
      // No more than the market has the coin to pay for.
      long qty =
          Math.min(c.getValue(), v.marketCoin().getOrDefault(v.town(), 0L) / Math.max(1, p.sell()));
      if ((p.sell() > cost || stale) && qty > 0) {
        // A load moves the price as it sells (slippage): a floor well under the board's price.
        acts.add(new Sell(c.getKey(), qty, Math.max(1, p.sell() * 6 / 10)));
      }
    }
    if (!acts.isEmpty()) {
      return acts;
    }
    boolean careful = kind != Kind.RECKLESS_TRADER;
    if (v.hp() * (careful ? 4 : 2) < v.maxHp() * (careful ? 3 : 1)
        && v.coin() >= v.innPerHour() * 8) {
      return List.of(new Rest(8));
    }
    if (kind == Kind.SETTLER) {
      if (!v.town().equals(home)) {
        Road road = v.roads().stream().filter(r -> r.to().equals(home)).findFirst().orElse(null);
        // Home is not a neighbour: the first road that is (every town is two roads from another).
        return List.of(new Travel(road != null ? home : v.roads().get(0).to()));
      }
      // Once a game day, whenever it is free, a settler looks in at its town hall and its house.
      if (looksInToday(v.town(), v.minute())) {
        lookedAtTheHall = v.minute() / 1440;
        acts.add(new Politics());
        if (v.estate() != null) {
          acts.addAll(keepHouse(v, here));
        }
      }
    } else {
      Trip trip = trade(v, here, careful);
      if (trip != null) {
        List<Act> trip2 = new ArrayList<>(trip.load());
        trip2.add(new Travel(trip.to()));
        return trip2;
      }
    }
    Job best =
        v.jobs().stream()
            .filter(j -> j.hoursLeft() > 0)
            .max((a, b) -> Long.compare(a.wagePerHour(), b.wagePerHour()))
            .orElse(null);
    if (best != null) {
      acts.add(new Work(best.id(), Math.min(best.hoursLeft(), 4 + random.nextInt(5))));
    } else if (kind != Kind.SETTLER && random.nextInt(4) == 0 && !v.roads().isEmpty()) {
      // Nothing to do here tonight: a trader moves on to look elsewhere.
      List<Road> roads = safeRoads(v, careful);
      if (!roads.isEmpty()) {
        acts.add(new Travel(roads.get(random.nextInt(roads.size())).to()));
      }
    }
    return acts;
  }

  /**
   * A settler's house: buys one when it has saved enough; with one, takes its shop's takings and,
   * when the shelf is bare, stocks it with what traders come for.
   */
  private List<Act> keepHouse(View v, Map<String, Price> here) {
    Estate e = v.estate();
    if (e.plot() == null) {
      return e.freePlot() != null && v.coin() >= e.freePlotPrice() + HOUSE_RESERVE
          ? List.of(new BuyHouse(e.freePlot()))
          : List.of();
    }
    List<Act> acts = new ArrayList<>();
    long coin = v.coin();
    if (e.storedCoin() > UPKEEP_RESERVE) {
      acts.add(new TakeTakings(e.plot(), e.storedCoin() - UPKEEP_RESERVE));
      coin += e.storedCoin() - UPKEEP_RESERVE;
    }
    if (e.shelved() > 0) {
      Price market = here.get(e.shelfGood());
      long floor = shelfCost.getOrDefault(e.shelfGood(), 0L) * 21 / 20 + 1;
      if (market != null) {
        long price = Math.max(floor, market.buy() - 1);
        if (price != e.shelfPrice()) {
          acts.add(new Reprice(e.plot(), e.shelfGood(), price));
        }
      }
      return acts;
    }
    // What traders come for: the good a neighbour pays most for above its price here, per unit
    // (a trip must be worth a trader's hours), and a good share more.
    String good = null;
    long best = 0;
    for (Map.Entry<String, Price> g : here.entrySet()) {
      Price p = g.getValue();
      if (p.buy() <= 0 || p.stock() < 30) {
        continue;
      }
      for (Road road : v.roads()) {
        Price there = v.boards().getOrDefault(road.to(), Map.of()).get(g.getKey());
        if (there != null
            && there.sell() >= p.buy() * SHOP_RATIO
            && there.sell() - p.buy() > best) {
          best = there.sell() - p.buy();
          good = g.getKey();
        }
      }
    }
    if (good != null) {
      Price p = here.get(good);
      long qty = Math.min(coin * 3 / 10 / p.buy(), Math.min(e.storage() / 2, p.stock() / 10));
      if (qty >= 3) {
        acts.add(new Buy(good, qty, p.buy() * 11 / 10 + 1));
        acts.add(new Shelve(e.plot(), good, qty));
      }
    }
    return acts;
  }

  /** A load to buy here (from a shop first, then the market) and the neighbour to carry it to. */
  private record Trip(List<Act> load, String to) {}

  /** The best load to carry to a neighbour, bought here; or null. */
  private Trip trade(View v, Map<String, Price> here, boolean careful) {
    long budget = v.coin() * (careful ? 4 : 9) / 10;
    double margin = careful ? 0.25 : 0.08;
    long bestProfit = 0;
    Buy best = null;
    String to = null;
    for (Road road : safeRoads(v, careful)) {
      Map<String, Price> there = v.boards().get(road.to());
      if (there == null) {
        continue;
      }
      // A trip should pay at least what work would over the same hours.
      long worth = road.hours() * 250L;
      for (Map.Entry<String, Price> e : here.entrySet()) {
        Price a = e.getValue();
        Price b = there.get(e.getKey());
        if (b == null || a.buy() <= 0) {
          continue;
        }
        // A player's shop here that sells it for less than the market lowers the first units' cost.
        ShopOffer shop = v.shops().get(e.getKey());
        long cheaper = shop != null && shop.unitPrice() < a.buy() ? shop.qty() : 0;
        long unit = cheaper > 0 ? shop.unitPrice() : a.buy();
        if (b.sell() < unit * (1 + margin)) {
          continue;
        }
        // Loads small enough not to move either market's price too far.
        long qty = Math.min(budget / unit, Math.max(cheaper, a.stock() / (careful ? 20 : 8)));
        qty = Math.min(qty, Math.max(b.need(), b.stock()) / (careful ? 10 : 5));
        qty = Math.min(qty, 200);
        // A market short of coin cannot buy a load back: half of what it holds at most.
        qty = Math.min(qty, v.marketCoin().getOrDefault(road.to(), 0L) / Math.max(1, b.sell()) / 2);
        long fromShop = Math.min(qty, cheaper);
        long profit = ((b.sell() - unit) * fromShop + (b.sell() - a.buy()) * (qty - fromShop)) / 2;
        if (qty > 0 && profit > worth && profit > bestProfit) {
          bestProfit = profit;
          best = new Buy(e.getKey(), qty, a.buy() * (careful ? 11 : 13) / 10 + 1);
          to = road.to();
        }
      }
    }
    if (best == null) {
      return null;
    }
    // A player's shop here that sells the good for less than the market: as much as it has from
    // there, the rest from the market.
    List<Act> load = new ArrayList<>();
    ShopOffer shop = v.shops().get(best.good());
    long fromShop = 0;
    if (shop != null && shop.unitPrice() > 0 && shop.unitPrice() < here.get(best.good()).buy()) {
      fromShop = Math.min(best.qty(), shop.qty());
      load.add(new ShopBuy(shop.plot(), best.good(), fromShop, shop.unitPrice()));
    }
    if (best.qty() > fromShop) {
      load.add(new Buy(best.good(), best.qty() - fromShop, best.maxUnitPrice()));
    }
    return new Trip(load, to);
  }

  private List<Road> safeRoads(View v, boolean careful) {
    return v.roads().stream().filter(r -> !careful || r.danger() <= 10).toList();
  }
}
