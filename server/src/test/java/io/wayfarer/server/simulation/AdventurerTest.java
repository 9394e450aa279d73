package io.wayfarer.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scripted player's mind, without a world: what it does with what it sees. */
class AdventurerTest {
  static final List<String> TOWNS = List.of("a", "b", "c");

  /** The first player of the given kind that seed 1 makes, the settlers before it counted. */
  static Adventurer first(Adventurer.Kind kind) {
    int settlers = 0;
    for (int i = 0; i < 100; i++) {
      Adventurer a = new Adventurer(i, 1, TOWNS, settlers);
      if (a.kind() == kind) {
        return a;
      }
      settlers += a.kind() == Adventurer.Kind.SETTLER ? 1 : 0;
    }
    throw new AssertionError("no " + kind);
  }

  static Adventurer.View view(
      String town,
      int hp,
      long coin,
      Map<String, Long> cargo,
      Map<String, Map<String, Adventurer.Price>> boards,
      List<Adventurer.Road> roads,
      long minute) {
    return view(town, hp, coin, cargo, boards, roads, minute, null, Map.of());
  }

  static Adventurer.View view(
      String town,
      int hp,
      long coin,
      Map<String, Long> cargo,
      Map<String, Map<String, Adventurer.Price>> boards,
      List<Adventurer.Road> roads,
      long minute,
      Adventurer.Estate estate,
      Map<String, Adventurer.ShopOffer> shops) {
    return new Adventurer.View(
        minute,
        (int) (minute / 60 % 24),
        town,
        hp,
        20,
        coin,
        cargo,
        List.of(new Adventurer.Job("dockhand", 300, 8)),
        200,
        boards,
        Map.of("a", 1_000_000L, "b", 1_000_000L, "c", 40L),
        roads,
        estate,
        shops);
  }

  static final Map<String, Map<String, Adventurer.Price>> BOARDS =
      Map.of(
          "a", Map.of("salt", new Adventurer.Price(100, 90, 400, 200)),
          "b", Map.of("salt", new Adventurer.Price(420, 400, 50, 200)),
          "c", Map.of("salt", new Adventurer.Price(450, 430, 50, 200)));

  @Test
  void aCarefulTraderCarriesAGoodWhereItPaysOnASafeRoad() {
    Adventurer careful = first(Adventurer.Kind.CAREFUL_TRADER);
    List<Adventurer.Act> acts =
        careful.decide(
            view(
                "a",
                20,
                100_000,
                Map.of(),
                BOARDS,
                List.of(new Adventurer.Road("b", 5, 8), new Adventurer.Road("c", 5, 14)),
                600));
    assertEquals(2, acts.size(), acts.toString());
    Adventurer.Buy buy = assertInstanceOf(Adventurer.Buy.class, acts.get(0));
    assertEquals("salt", buy.good());
    assertTrue(buy.qty() > 0 && buy.qty() <= 400 / 20, "a careful load: " + buy);
    // c pays more, but its road (danger 14) is beyond a careful trader.
    assertEquals(new Adventurer.Travel("b"), acts.get(1));
  }

  @Test
  void aTraderSellsAtAProfitNoMoreThanTheMarketCanPay() {
    Adventurer trader = first(Adventurer.Kind.RECKLESS_TRADER);
    trader.bought("salt", 120, 600);
    List<Adventurer.Act> inB =
        trader.decide(view("b", 20, 0, Map.of("salt", 30L), BOARDS, List.of(), 900));
    assertEquals(new Adventurer.Sell("salt", 30, 240), inB.get(0));
    // Market c holds 40 copper: it can pay for no unit at 430.
    List<Adventurer.Act> inC =
        trader.decide(view("c", 20, 0, Map.of("salt", 30L), BOARDS, List.of(), 900));
    assertTrue(inC.stream().noneMatch(Adventurer.Sell.class::isInstance), inC.toString());
    trader.sold("salt", 0);
    assertEquals(0, trader.paid("salt"));
  }

  @Test
  void theWoundedRestAndSettlersGoHomeAndLookInAtTheHallOnceADay() {
    Adventurer careful = first(Adventurer.Kind.CAREFUL_TRADER);
    assertEquals(
        List.of(new Adventurer.Rest(8)),
        careful.decide(view("a", 12, 5_000, Map.of(), BOARDS, List.of(), 600)));

    Adventurer settler = first(Adventurer.Kind.SETTLER);
    assertEquals("a", settler.home(), "the first settler takes the first town");
    assertTrue(settler.ambitious(), "the first two settlers of a town stand");
    List<Adventurer.Road> roads = List.of(new Adventurer.Road("a", 4, 6));
    assertEquals(
        List.of(new Adventurer.Travel("a")),
        settler.decide(view("b", 20, 100, Map.of(), BOARDS, roads, 600)));
    List<Adventurer.Act> home = settler.decide(view("a", 20, 100, Map.of(), BOARDS, roads, 660));
    assertEquals(new Adventurer.Politics(), home.get(0));
    assertInstanceOf(Adventurer.Work.class, home.get(1));
    List<Adventurer.Act> later = settler.decide(view("a", 20, 100, Map.of(), BOARDS, roads, 900));
    assertTrue(later.stream().noneMatch(Adventurer.Politics.class::isInstance), "once a day");
  }

  @Test
  void aSettlerWithSavingsBuysTheCheapestFreePlotAtHome() {
    Adventurer.Estate free = new Adventurer.Estate(null, 0, 0, 0, null, 0, "a_lane_1", 20_000);
    Adventurer poor = first(Adventurer.Kind.SETTLER);
    List<Adventurer.Act> saving =
        poor.decide(view("a", 20, 20_000, Map.of(), BOARDS, List.of(), 600, free, Map.of()));
    assertTrue(
        saving.stream().noneMatch(Adventurer.BuyHouse.class::isInstance),
        "not without the reserve beyond the price: " + saving);
    Adventurer saver = first(Adventurer.Kind.SETTLER);
    List<Adventurer.Act> buying =
        saver.decide(
            view(
                "a",
                20,
                20_000 + Adventurer.HOUSE_RESERVE,
                Map.of(),
                BOARDS,
                List.of(),
                600,
                free,
                Map.of()));
    assertTrue(buying.contains(new Adventurer.BuyHouse("a_lane_1")), buying.toString());
  }

  @Test
  void aShopkeeperTakesItsTakingsAndStocksABareShelfWithWhatTradersComeFor() {
    Adventurer keeper = first(Adventurer.Kind.SETTLER);
    // Salt: 100 a unit in a, and b, a road away, pays 400.
    List<Adventurer.Road> toB = List.of(new Adventurer.Road("b", 5, 8));
    Adventurer.Estate bare = new Adventurer.Estate("a_lane_1", 100, 9_000, 0, null, 0, null, 0);
    List<Adventurer.Act> acts =
        keeper.decide(view("a", 20, 10_000, Map.of(), BOARDS, toB, 600, bare, Map.of()));
    assertTrue(
        acts.contains(new Adventurer.TakeTakings("a_lane_1", 9_000 - Adventurer.UPKEEP_RESERVE)),
        acts.toString());
    Adventurer.Buy buy =
        acts.stream()
            .filter(Adventurer.Buy.class::isInstance)
            .map(Adventurer.Buy.class::cast)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no purchase: " + acts));
    assertEquals("salt", buy.good());
    // A third of 17,000 copper at 100 a unit is 51; half its storage is 50; a tenth of the stock
    // 40.
    assertEquals(40, buy.qty());
    assertEquals(new Adventurer.Shelve("a_lane_1", "salt", 40), acts.get(acts.indexOf(buy) + 1));
    keeper.bought("salt", 104, 600);
    assertEquals(131, keeper.shelfPrice("salt"), "a quarter over its cost");
    keeper.shelved("salt");
    assertEquals(0, keeper.paid("salt"), "no longer carried");

    // The next day: the shelf is stocked at 131 and the market asks 100 for salt; the shop goes
    // no lower than its cost and a twentieth.
    Adventurer.Estate full = new Adventurer.Estate("a_lane_1", 100, 0, 40, "salt", 131, null, 0);
    List<Adventurer.Act> next =
        keeper.decide(view("a", 20, 10_000, Map.of(), BOARDS, List.of(), 2040, full, Map.of()));
    assertTrue(
        next.stream().noneMatch(a -> a instanceof Adventurer.Buy || a instanceof Adventurer.Shelve),
        "a stocked shelf is not stocked again: " + next);
    assertTrue(next.contains(new Adventurer.Reprice("a_lane_1", "salt", 110)), next.toString());
    // Salt dearer at the market (420): the shop asks a copper under it.
    Map<String, Map<String, Adventurer.Price>> dear =
        Map.of("a", Map.of("salt", new Adventurer.Price(420, 400, 50, 200)));
    Adventurer.Estate repriced =
        new Adventurer.Estate("a_lane_1", 100, 0, 40, "salt", 110, null, 0);
    List<Adventurer.Act> later =
        keeper.decide(view("a", 20, 10_000, Map.of(), dear, List.of(), 3480, repriced, Map.of()));
    assertTrue(later.contains(new Adventurer.Reprice("a_lane_1", "salt", 419)), later.toString());

    // With no neighbour that pays well for anything here, a bare shelf stays bare.
    Adventurer idle = first(Adventurer.Kind.SETTLER);
    List<Adventurer.Act> none =
        idle.decide(view("a", 20, 10_000, Map.of(), BOARDS, List.of(), 600, bare, Map.of()));
    assertTrue(none.stream().noneMatch(Adventurer.Buy.class::isInstance), none.toString());
  }

  /** What a careful trader in a, with b a safe road away, does when a shop in a sells salt. */
  static List<Adventurer.Act> carefulWithAShop(long unitPrice, long qty) {
    return first(Adventurer.Kind.CAREFUL_TRADER)
        .decide(
            view(
                "a",
                20,
                100_000,
                Map.of(),
                BOARDS,
                List.of(new Adventurer.Road("b", 5, 8)),
                600,
                null,
                Map.of("salt", new Adventurer.ShopOffer("a_lane_1", unitPrice, qty))));
  }

  @Test
  void aTraderBuysFromAShopCheaperThanTheMarket() {
    // The careful load is 20 units (a twentieth of the market's 400): the shop's 12 first.
    assertEquals(
        List.of(
            new Adventurer.ShopBuy("a_lane_1", "salt", 12, 80),
            new Adventurer.Buy("salt", 8, 111),
            new Adventurer.Travel("b")),
        carefulWithAShop(80, 12));
    // Dearer than the market: the market it is.
    assertEquals(new Adventurer.Buy("salt", 20, 111), carefulWithAShop(150, 12).get(0));
  }
}
