package io.wayfarer.server.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wayfarer.shared.quests.Quests;
import java.util.ArrayList;
import java.util.HashMap;
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
    return view(town, hp, coin, cargo, boards, roads, minute, null, Map.of(), List.of(), null);
  }

  /** A view with a house (or null) and the town's shops. */
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
    return view(town, hp, coin, cargo, boards, roads, minute, estate, shops, List.of(), null);
  }

  /** A view with quests: those offered here, and the one it is on (or null). */
  static Adventurer.View view(
      String town,
      int hp,
      long coin,
      Map<String, Long> cargo,
      Map<String, Map<String, Adventurer.Price>> boards,
      List<Adventurer.Road> roads,
      long minute,
      Adventurer.Estate estate,
      Map<String, Adventurer.ShopOffer> shops,
      List<Adventurer.Errand> offered,
      Adventurer.Errand errand) {
    // The roads from here, both ways, and whatever else the test's towns join.
    Map<String, List<Adventurer.Road>> atlas = new HashMap<>();
    for (Adventurer.Road r : roads) {
      atlas.computeIfAbsent(town, k -> new ArrayList<>()).add(r);
      atlas
          .computeIfAbsent(r.to(), k -> new ArrayList<>())
          .add(new Adventurer.Road(town, r.hours(), r.danger()));
    }
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
        shops,
        atlas,
        offered,
        errand);
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

  @Test
  void aShopkeeperStocksFirstWhatAQuestGivenAtHomeAsksPlayersToDeliver() {
    // Salt pays best in b; a quest given in a wants grain delivered.
    Map<String, Map<String, Adventurer.Price>> boards = new HashMap<>(BOARDS);
    boards.put(
        "a",
        Map.of(
            "salt", new Adventurer.Price(100, 90, 400, 200),
            "grain", new Adventurer.Price(50, 45, 300, 300)));
    Adventurer.Estate bare = new Adventurer.Estate("a_lane_1", 100, 0, 0, null, 0, null, 0);
    Adventurer.Errand wantsGrain = quest("grain_for_b", 900, deliver("b", "grain", 4));
    List<Adventurer.Act> acts =
        first(Adventurer.Kind.SETTLER)
            .decide(
                view(
                    "a",
                    20,
                    10_000,
                    Map.of(),
                    boards,
                    List.of(new Adventurer.Road("b", 5, 8)),
                    600,
                    bare,
                    Map.of(),
                    List.of(wantsGrain),
                    null));
    assertTrue(acts.contains(new Adventurer.Shelve("a_lane_1", "grain", 30)), acts.toString());
  }

  /** A view of a hale player with the usual boards and no house, with quests. */
  static Adventurer.View questView(
      String town,
      long coin,
      Map<String, Long> cargo,
      List<Adventurer.Road> roads,
      long minute,
      Map<String, Adventurer.ShopOffer> shops,
      List<Adventurer.Errand> offered,
      Adventurer.Errand errand) {
    return view(town, 20, coin, cargo, BOARDS, roads, minute, null, shops, offered, errand);
  }

  static Adventurer.Errand quest(String id, long reward, Quests.Step step) {
    return new Adventurer.Errand(id, reward, List.of(step), 0, 0);
  }

  static Quests.Step deliver(String town, String good, long qty) {
    return new Quests.Step(null, Quests.Kind.DELIVER, town, null, null, good, qty, null, 0);
  }

  @Test
  void aTraderTakesADeliveryWorthItsGoodsBuysThemHereAndHandsThemInThere() {
    Adventurer trader = first(Adventurer.Kind.CAREFUL_TRADER);
    List<Adventurer.Road> toB = List.of(new Adventurer.Road("b", 5, 8));
    // Four salt at 100 a unit here, for a reward of 900.
    Adventurer.Errand grain = quest("salt_for_b", 900, deliver("b", "salt", 4));
    List<Adventurer.Act> taking =
        trader.decide(questView("a", 100_000, Map.of(), toB, 600, Map.of(), List.of(grain), null));
    assertEquals(
        List.of(
            new Adventurer.TakeQuest("salt_for_b"),
            new Adventurer.Buy("salt", 4, 131),
            new Adventurer.Travel("b")),
        taking);
    // In b, on the quest, carrying the four: it keeps them from the market and hands them in.
    List<Adventurer.Act> there =
        trader.decide(
            questView(
                "b",
                100_000,
                Map.of("salt", 4L),
                List.of(new Adventurer.Road("a", 5, 8)),
                900,
                Map.of(),
                List.of(),
                grain));
    assertEquals(List.of(new Adventurer.HandIn("salt_for_b")), there);
    // A shop here cheaper than the market sells it the goods.
    Adventurer other = first(Adventurer.Kind.RECKLESS_TRADER);
    List<Adventurer.Act> fromShop =
        other.decide(
            questView(
                "a",
                100_000,
                Map.of(),
                toB,
                600,
                Map.of("salt", new Adventurer.ShopOffer("a_lane_1", 95, 3)),
                List.of(grain),
                null));
    assertEquals(
        List.of(
            new Adventurer.TakeQuest("salt_for_b"),
            new Adventurer.ShopBuy("a_lane_1", "salt", 3, 95),
            new Adventurer.Buy("salt", 1, 131),
            new Adventurer.Travel("b")),
        fromShop);
    // A reward under what the goods cost is no errand.
    Adventurer.Errand stingy = quest("salt_for_b", 300, deliver("b", "salt", 4));
    List<Adventurer.Act> passed =
        first(Adventurer.Kind.CAREFUL_TRADER)
            .decide(questView("a", 100_000, Map.of(), toB, 600, Map.of(), List.of(stingy), null));
    assertTrue(
        passed.stream().noneMatch(Adventurer.TakeQuest.class::isInstance), passed.toString());
  }

  @Test
  void onlyARecklessPlayerRidesAQuestDownADangerousRoad() {
    List<Adventurer.Road> roads =
        List.of(new Adventurer.Road("b", 5, 8), new Adventurer.Road("c", 7, 14));
    Adventurer.Errand caravan =
        quest(
            "caravan_to_c",
            1200,
            new Quests.Step(null, Quests.Kind.TRAVEL, null, "a", "c", null, 0, null, 0));
    List<Adventurer.Act> careful =
        first(Adventurer.Kind.CAREFUL_TRADER)
            .decide(questView("a", 100, Map.of(), roads, 600, Map.of(), List.of(caravan), null));
    assertTrue(
        careful.stream().noneMatch(Adventurer.TakeQuest.class::isInstance), careful.toString());
    assertEquals(
        List.of(new Adventurer.TakeQuest("caravan_to_c"), new Adventurer.Travel("c")),
        first(Adventurer.Kind.RECKLESS_TRADER)
            .decide(questView("a", 100, Map.of(), roads, 600, Map.of(), List.of(caravan), null)));
  }

  @Test
  void aSettlerTakesAShiftAtHomeAsAQuestAndWaitsForTheJobsHours() {
    Adventurer settler = first(Adventurer.Kind.SETTLER);
    Adventurer.Errand herbs =
        quest(
            "herbs",
            300,
            new Quests.Step(null, Quests.Kind.WORK, "a", null, null, null, 0, "dockhand", 4));
    List<Adventurer.Act> acts =
        settler.decide(
            questView("a", 100, Map.of(), List.of(), 600, Map.of(), List.of(herbs), null));
    assertEquals(
        List.of(
            new Adventurer.Politics(),
            new Adventurer.TakeQuest("herbs"),
            new Adventurer.Work("dockhand", 4)),
        acts);
    // Three hours done: one to go.
    Adventurer.Errand onIt = new Adventurer.Errand("herbs", 300, herbs.steps(), 0, 3);
    assertEquals(
        List.of(new Adventurer.Work("dockhand", 1)),
        settler.decide(questView("a", 100, Map.of(), List.of(), 900, Map.of(), List.of(), onIt)));
    // A delivery away from home is not a settler's.
    Adventurer.Errand away = quest("salt_for_b", 900, deliver("b", "salt", 4));
    assertTrue(
        settler
            .decide(
                questView(
                    "a",
                    100_000,
                    Map.of(),
                    List.of(new Adventurer.Road("b", 5, 8)),
                    1000,
                    Map.of(),
                    List.of(away),
                    null))
            .stream()
            .noneMatch(Adventurer.TakeQuest.class::isInstance));
  }

  @Test
  void theWayHomeGoesByTrustedRoadsWhenThereAreAny() {
    Adventurer settler = first(Adventurer.Kind.SETTLER);
    Adventurer.View inC =
        view("c", 20, 100, Map.of(), BOARDS, List.of(new Adventurer.Road("a", 4, 14)), 600);
    // c to a: four hours by a road of danger 14, or six by b over safe roads.
    Map<String, List<Adventurer.Road>> atlas =
        Map.of(
            "c", List.of(new Adventurer.Road("a", 4, 14), new Adventurer.Road("b", 3, 5)),
            "b", List.of(new Adventurer.Road("c", 3, 5), new Adventurer.Road("a", 3, 5)),
            "a", List.of(new Adventurer.Road("c", 4, 14), new Adventurer.Road("b", 3, 5)));
    assertEquals("b", settler.toward(withAtlas(inC, atlas), "a", true));
    assertEquals("a", settler.toward(withAtlas(inC, atlas), "a", false));
    assertEquals(List.of(new Adventurer.Travel("b")), settler.decide(withAtlas(inC, atlas)));
  }

  static Adventurer.View withAtlas(Adventurer.View v, Map<String, List<Adventurer.Road>> atlas) {
    return new Adventurer.View(
        v.minute(),
        v.hourOfDay(),
        v.town(),
        v.hp(),
        v.maxHp(),
        v.coin(),
        v.cargo(),
        v.jobs(),
        v.innPerHour(),
        v.boards(),
        v.marketCoin(),
        v.roads(),
        v.estate(),
        v.shops(),
        atlas,
        v.offered(),
        v.errand());
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
