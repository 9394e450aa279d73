package io.wayfarer.server.simulation;

import io.wayfarer.shared.Seeded;
import io.wayfarer.shared.quests.Quests;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
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
 * <p>Every kind takes quests offered where it stands when it can finish them and the reward pays
 * for their goods (settlers only those finished at home): it buys a delivery's goods, carries them
 * where they are wanted and hands them in; rides a quest's road; works a quest's hours.
 *
 * <p>A settler who has saved enough buys the cheapest free plot in its home town and keeps a shop
 * there: it buys a lot of what quests given there ask players to deliver, else of what a neighbour
 * pays well for (what traders come for), shelves it at a quarter over what it paid and, day by day,
 * prices it a copper under the market (never under what it paid and a twentieth); traders and
 * players on a quest buy from a shop whenever it is cheaper than the market.
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
      Map<String, ShopOffer> shops,
      Map<String, List<Road>> atlas,
      List<Errand> offered,
      Errand errand) {}

  /**
   * A quest as a player reads it: offered where it stands, or taken ({@code step} the one it is at,
   * {@code worked} the hours a work step has had so far).
   */
  public record Errand(String id, long rewardCoin, List<Quests.Step> steps, int step, int worked) {
    Quests.Step current() {
      return steps.get(Math.min(step, steps.size() - 1));
    }
  }

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

  /** Takes a quest offered here. */
  public record TakeQuest(String quest) implements Act {}

  /** Hands over the goods its quest's step asks for, here. */
  public record HandIn(String quest) implements Act {}

  /** Gives a quest up: a step it has no way to finish. */
  public record GiveUp(String quest) implements Act {}

  /** Coin a settler keeps in its purse beyond a plot's price before it buys one: 50 gp. */
  static final long HOUSE_RESERVE = 5_000;

  /** A shop stocks a good that a neighbour buys for at least this much more than it costs here. */
  static final double SHOP_RATIO = 1.15;

  /** Coin left in a house for its upkeep when the takings are taken: 20 gp. */
  static final long UPKEEP_RESERVE = 2_000;

  /** The most dangerous road a careful player takes. */
  static final int SAFE_DANGER = 10;

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

  /** Whether it was on a quest when it last asked, or has taken one since. */
  private boolean onQuest;

  /** Where and when ("town season") no quest offered was one it takes: it asks there no more. */
  private final Set<String> nothingForMe = new HashSet<>();

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

  /**
   * Whether it asks about quests this turn: on one, on a settler's daily look (its shop stocks what
   * quests given at home ask for), or where it has not yet found that none is for it.
   */
  public boolean asksAboutQuests(String town, String season, long minute) {
    return onQuest || looksInToday(town, minute) || !nothingForMe.contains(town + " " + season);
  }

  /** What it heard about quests where it stands ({@code v}'s offered and errand). */
  public void heardQuests(View v, String season) {
    onQuest = v.errand() != null;
    boolean careful = kind != Kind.RECKLESS_TRADER;
    if (v.offered().stream().noneMatch(e -> fits(v, e, careful))) {
      nothingForMe.add(v.town() + " " + season);
    }
  }

  /** A quest was taken: it asks about its progress from now on. */
  public void tookQuest() {
    onQuest = true;
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
    Quests.Step errandStep = v.errand() == null ? null : v.errand().current();
    // Goods carried are sold where they fetch more than they cost, or after two days anywhere;
    // not those its quest asks it to deliver.
    for (Map.Entry<String, Long> c : v.cargo().entrySet()) {
      Price p = here.get(c.getKey());
      long keep =
          errandStep != null
                  && errandStep.kind() == Quests.Kind.DELIVER
                  && errandStep.good().equals(c.getKey())
              ? errandStep.quantity()
              : 0;
      if (p == null || c.getValue() <= keep) {
        continue;
      }
      long cost = paid.getOrDefault(c.getKey(), 0L);
      boolean stale = v.minute() - boughtAt.getOrDefault(c.getKey(), v.minute()) > 2 * 1440;
      // No more than the market has the coin to pay for.
      long qty =
          Math.min(
              c.getValue() - keep,
              v.marketCoin().getOrDefault(v.town(), 0L) / Math.max(1, p.sell()));
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
        return List.of(new Travel(toward(v, home, careful)));
      }
      // Once a game day, whenever it is free, a settler looks in at its town hall and its house.
      if (looksInToday(v.town(), v.minute())) {
        lookedAtTheHall = v.minute() / 1440;
        acts.add(new Politics());
        if (v.estate() != null) {
          acts.addAll(keepHouse(v, here));
        }
      }
      List<Act> quest = quest(v, here, careful);
      if (quest != null) {
        acts.addAll(quest);
        return acts;
      }
    } else {
      List<Act> quest = quest(v, here, careful);
      if (quest != null) {
        return quest;
      }
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
   * when the shelf is bare, stocks it with what players on a quest or traders come for.
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
    // What errand-runners come for first: goods a quest given here asks them to deliver. Else what
    // traders come for: the good a neighbour pays most for above its price here, per unit (a trip
    // must be worth a trader's hours), and a good share more.
    String good = errandGood(v, here);
    long best = good == null ? 0 : Long.MAX_VALUE;
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
    return new Trip(buyHere(v, here, best), to);
  }

  /**
   * A purchase here: from a player's shop that sells the good for less than the market as much as
   * it has, the rest from the market.
   */
  private static List<Act> buyHere(View v, Map<String, Price> here, Buy wanted) {
    List<Act> acts = new ArrayList<>();
    ShopOffer shop = v.shops().get(wanted.good());
    long fromShop = 0;
    if (shop != null && shop.unitPrice() > 0 && shop.unitPrice() < here.get(wanted.good()).buy()) {
      fromShop = Math.min(wanted.qty(), shop.qty());
      acts.add(new ShopBuy(shop.plot(), wanted.good(), fromShop, shop.unitPrice()));
    }
    if (wanted.qty() > fromShop) {
      acts.add(new Buy(wanted.good(), wanted.qty() - fromShop, wanted.maxUnitPrice()));
    }
    return acts;
  }

  /** A good that a quest given here asks for and the market here sells plenty of; or null. */
  private static String errandGood(View v, Map<String, Price> here) {
    for (Errand e : v.offered()) {
      for (Quests.Step s : e.steps()) {
        Price p = s.kind() == Quests.Kind.DELIVER ? here.get(s.good()) : null;
        if (p != null && p.buy() > 0 && p.stock() >= 30) {
          return s.good();
        }
      }
    }
    return null;
  }

  /**
   * Its quest, if it is on one or takes one now: what its step asks (buying a delivery's goods
   * here, from a shop first; a road; a shift); empty to wait for a job's hours. Null when it has no
   * quest and none offered here is for it.
   */
  private List<Act> quest(View v, Map<String, Price> here, boolean careful) {
    if (v.errand() != null) {
      return errand(v, v.errand(), here, careful);
    }
    Errand best = null;
    long bestGain = 0;
    for (Errand e : v.offered()) {
      if (!fits(v, e, careful)) {
        continue;
      }
      long cost = goodsCost(v, e, here);
      // It pays for its goods and more, and leaves the purse half full.
      if (cost >= 0 && e.rewardCoin() > cost && v.coin() >= 2 * cost) {
        long gain = e.rewardCoin() - cost;
        if (best == null || gain > bestGain) {
          best = e;
          bestGain = gain;
        }
      }
    }
    if (best == null) {
      return null;
    }
    List<Act> acts = new ArrayList<>();
    acts.add(new TakeQuest(best.id()));
    acts.addAll(errand(v, best, here, careful));
    return acts;
  }

  /**
   * Whether a quest offered here is one this player takes, whatever the prices: steps it knows how
   * to finish (no script's), roads it trusts; a settler's only in its home town, with no road.
   */
  boolean fits(View v, Errand e, boolean careful) {
    for (Quests.Step s : e.steps()) {
      switch (s.kind()) {
        case DELIVER -> {
          if (kind == Kind.SETTLER ? !s.town().equals(home) : path(v, s.town(), careful) == null) {
            return false;
          }
        }
        case TRAVEL -> {
          if (kind == Kind.SETTLER
              || v.atlas().getOrDefault(s.from(), List.of()).stream()
                  .noneMatch(r -> r.to().equals(s.to()) && trusted(r, careful))) {
            return false;
          }
        }
        case WORK -> {
          // Worked where it is given, in a job offered now.
          if (!s.town().equals(v.town())
              || v.jobs().stream().noneMatch(j -> j.id().equals(s.job()))) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  /** What a quest's deliveries cost at this market (all of them bought here); -1 if it cannot. */
  private static long goodsCost(View v, Errand e, Map<String, Price> here) {
    long cost = 0;
    for (Quests.Step s : e.steps()) {
      if (s.kind() == Quests.Kind.DELIVER) {
        Price p = here.get(s.good());
        if (p == null || p.buy() <= 0 || p.stock() < s.quantity()) {
          return -1;
        }
        cost += p.buy() * s.quantity();
      }
    }
    return cost;
  }

  /** The acts its quest's step asks for now; empty to wait. */
  private List<Act> errand(View v, Errand e, Map<String, Price> here, boolean careful) {
    Quests.Step s = e.current();
    switch (s.kind()) {
      case DELIVER -> {
        List<Act> acts = new ArrayList<>();
        long missing = s.quantity() - v.cargo().getOrDefault(s.good(), 0L);
        Price p = here.get(s.good());
        if (missing > 0 && p != null && p.buy() > 0 && p.stock() >= missing) {
          acts.addAll(buyHere(v, here, new Buy(s.good(), missing, p.buy() * 13 / 10 + 1)));
          missing = 0;
        }
        if (!v.town().equals(s.town())) {
          acts.add(new Travel(toward(v, s.town(), careful)));
        } else if (missing <= 0) {
          acts.add(new HandIn(e.id()));
        } else {
          // Its goods are not to be had where they are wanted.
          acts.add(new GiveUp(e.id()));
        }
        return acts;
      }
      case TRAVEL -> {
        return List.of(
            new Travel(v.town().equals(s.from()) ? s.to() : toward(v, s.from(), careful)));
      }
      case WORK -> {
        if (!v.town().equals(s.town())) {
          return List.of(new Travel(toward(v, s.town(), careful)));
        }
        Job job =
            v.jobs().stream()
                .filter(j -> j.id().equals(s.job()) && j.hoursLeft() > 0)
                .findFirst()
                .orElse(null);
        // Outside the job's hours it waits for them.
        return job == null
            ? List.of()
            : List.of(
                new Work(job.id(), Math.min(job.hoursLeft(), Math.max(1, s.hours() - e.worked()))));
      }
      default -> {
        return List.of(new GiveUp(e.id()));
      }
    }
  }

  /**
   * The first town on the quickest way to {@code to}: over roads it trusts when there is such a
   * way, else over any.
   */
  String toward(View v, String to, boolean careful) {
    List<String> way = path(v, to, careful);
    if (way == null) {
      way = path(v, to, false);
    }
    return way == null || way.size() < 2 ? v.roads().get(0).to() : way.get(1);
  }

  /** The quickest way from here to {@code to} by game hours (Dijkstra), or null if none. */
  private static List<String> path(View v, String to, boolean careful) {
    Map<String, Integer> hours = new HashMap<>();
    Map<String, String> previous = new HashMap<>();
    PriorityQueue<Map.Entry<String, Integer>> open =
        new PriorityQueue<>(Map.Entry.comparingByValue());
    hours.put(v.town(), 0);
    open.add(Map.entry(v.town(), 0));
    while (!open.isEmpty()) {
      Map.Entry<String, Integer> at = open.poll();
      if (at.getValue() > hours.get(at.getKey())) {
        continue;
      }
      if (at.getKey().equals(to)) {
        List<String> way = new ArrayList<>();
        for (String t = to; t != null; t = previous.get(t)) {
          way.add(0, t);
        }
        return way;
      }
      for (Road r : v.atlas().getOrDefault(at.getKey(), List.of())) {
        int h = at.getValue() + r.hours();
        if (trusted(r, careful) && h < hours.getOrDefault(r.to(), Integer.MAX_VALUE)) {
          hours.put(r.to(), h);
          previous.put(r.to(), at.getKey());
          open.add(Map.entry(r.to(), h));
        }
      }
    }
    return null;
  }

  private static boolean trusted(Road r, boolean careful) {
    return !careful || r.danger() <= SAFE_DANGER;
  }

  private List<Road> safeRoads(View v, boolean careful) {
    return v.roads().stream().filter(r -> trusted(r, careful)).toList();
  }
}
