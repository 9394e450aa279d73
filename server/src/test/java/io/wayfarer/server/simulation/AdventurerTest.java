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
        roads);
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
}
