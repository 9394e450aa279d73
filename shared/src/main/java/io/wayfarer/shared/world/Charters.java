package io.wayfarer.shared.world;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Money;
import io.wayfarer.shared.config.DataCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How each town governs itself ({@code conf/world/charters.json}): its offices, the election
 * calendar and rules, who is a citizen, the taxes its mayor may set and their caps, the decrees the
 * mayor may make and the spending limit above which a vote is needed. A {@code default} charter
 * applies to every town; a town's entry replaces any of its top-level keys.
 */
public final class Charters {
  public static final String SALES_TAX = "sales_tax";
  public static final String UPKEEP = "upkeep";
  public static final String TOLL = "toll";

  /** Every tax a charter names, in the order the town hall shows them. */
  public static final List<String> TAXES = List.of(SALES_TAX, UPKEEP, TOLL);

  /** How a tie in the count is broken. */
  public static final List<String> TIE_RULES = List.of("earliest_declared", "incumbent");

  /**
   * What an empty ballot means: nothing ({@code ignored}), or a vote for nobody, which wins when it
   * outlasts every candidate and leaves the steward ({@code none_of_the_above}).
   */
  public static final List<String> EMPTY_BALLOT_RULES = List.of("ignored", "none_of_the_above");

  /**
   * A tax: {@code unit} is {@code percent} (of a sale, or of a plot's upkeep) or {@code copper} (a
   * toll per arrival); the rate stays from {@code min} to {@code max}.
   */
  public record Tax(String kind, String name, String unit, long start, long min, long max) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("kind", kind)
          .put("name", name)
          .put("unit", unit)
          .put("start", start)
          .put("min", min)
          .put("max", max);
    }
  }

  /**
   * A kind of decree: {@code amount} from {@code min} to {@code max} game days ({@code per: day})
   * or units of a good ({@code per: <good>}), each costing {@code costPer} copper from the
   * treasury; its effect is the world event {@code event} in the town.
   */
  public record DecreeKind(
      String id,
      String name,
      String event,
      String per,
      int min,
      int max,
      long costPer,
      String text) {
    public boolean perDay() {
      return "day".equals(per);
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("per", per)
          .put("min", min)
          .put("max", max)
          .put("costPer", costPer)
          .put("text", text);
    }
  }

  /** One town's charter; days are game days, money is copper. */
  public record Charter(
      String town,
      String steward,
      int council,
      int termDays,
      int candidacyDays,
      int votingDays,
      int residentDays,
      boolean houseOwnersAreCitizens,
      String ties,
      String emptyBallots,
      int recallPercent,
      Map<String, Tax> taxes,
      int noticeDays,
      int changeEveryDays,
      List<String> powers,
      long spendingLimit,
      int firstWeekDays,
      int voteDays) {
    public Tax tax(String kind) {
      return taxes.get(kind);
    }

    public JsonObject toJson() {
      JsonArray t = new JsonArray();
      taxes.values().forEach(x -> t.add(x.toJson()));
      return new JsonObject()
          .put("town", town)
          .put("steward", steward)
          .put("council", council)
          .put("termDays", termDays)
          .put("candidacyDays", candidacyDays)
          .put("votingDays", votingDays)
          .put("residentDays", residentDays)
          .put("houseOwnersAreCitizens", houseOwnersAreCitizens)
          .put("ties", ties)
          .put("emptyBallots", emptyBallots)
          .put("recallPercent", recallPercent)
          .put("taxes", t)
          .put("noticeDays", noticeDays)
          .put("changeEveryDays", changeEveryDays)
          .put("powers", new JsonArray(powers))
          .put("spendingLimit", spendingLimit)
          .put("firstWeekDays", firstWeekDays)
          .put("voteDays", voteDays);
    }
  }

  private final Map<String, Charter> towns;
  private final Map<String, DecreeKind> decrees;

  private Charters(Map<String, Charter> towns, Map<String, DecreeKind> decrees) {
    this.towns = towns;
    this.decrees = decrees;
  }

  /** Every town's charter, in towns.json's order. */
  public Map<String, Charter> towns() {
    return towns;
  }

  public Optional<Charter> of(String town) {
    return Optional.ofNullable(town == null ? null : towns.get(town));
  }

  public Map<String, DecreeKind> decrees() {
    return decrees;
  }

  /**
   * Reads the charters for {@code towns}; {@code salesTax} is each market's starting rate (as a
   * fraction, from towns.json), which the town's cap must allow.
   */
  static Charters fromJson(
      JsonObject json,
      String source,
      Collection<String> towns,
      Map<String, Double> salesTax,
      Set<String> goods,
      Set<String> eventTypes) {
    DataCheck c = new DataCheck(source);
    Map<String, DecreeKind> decrees = new LinkedHashMap<>();
    JsonObject d = c.object(json.getValue("decrees"), "decrees");
    for (String id : d.fieldNames()) {
      String at = "decrees." + id;
      JsonObject k = c.object(d.getValue(id), at);
      String per = c.id(k.getValue("per"), at + ".per");
      if (!per.equals("day") && !goods.contains(per)) {
        throw c.error(at + ".per", "must be day or a good in goods.json, not " + per);
      }
      int min = c.integer(k.getValue("min"), at + ".min", 1, 10_000);
      decrees.put(
          c.id(id, "decrees key"),
          new DecreeKind(
              id,
              c.name(k.getValue("name"), at + ".name"),
              c.oneOf(k.getValue("event"), at + ".event", eventTypes),
              per,
              min,
              c.integer(k.getValue("max"), at + ".max", min, per.equals("day") ? 30 : 10_000),
              c.coins(k.getValue("costPer"), at + ".costPer", 1, 10_000 * Money.CP_PER_GP),
              c.name(k.getValue("text"), at + ".text", 200)));
    }
    JsonObject base = c.object(json.getValue("default"), "default");
    JsonObject overrides = c.object(json.getValue("towns"), "towns");
    for (String town : overrides.fieldNames()) {
      c.oneOf(town, "towns key", towns);
    }
    Map<String, Charter> out = new LinkedHashMap<>();
    for (String town : towns) {
      JsonObject merged = base.copy();
      JsonObject own = overrides.getJsonObject(town, new JsonObject());
      own.forEach(e -> merged.put(e.getKey(), e.getValue()));
      out.put(
          town,
          charter(
              c,
              town,
              merged,
              "towns." + town,
              salesTax.getOrDefault(town, 0.0),
              decrees.keySet()));
    }
    return new Charters(Collections.unmodifiableMap(out), Collections.unmodifiableMap(decrees));
  }

  private static Charter charter(
      DataCheck c, String town, JsonObject j, String at, double salesTax, Set<String> decrees) {
    int candidacy = c.integer(j.getValue("candidacyDays"), at + ".candidacyDays", 1, 30);
    int voting = c.integer(j.getValue("votingDays"), at + ".votingDays", 1, 30);
    int term =
        c.integer(j.getValue("termDays"), at + ".termDays", candidacy + voting + 1, 10 * 365);
    JsonObject t = c.object(j.getValue("taxes"), at + ".taxes");
    Map<String, Tax> taxes = new LinkedHashMap<>();
    for (String kind : TAXES) {
      String tat = at + ".taxes." + kind;
      JsonObject x = c.object(t.getValue(kind), tat);
      String unit = c.oneOf(x.getValue("unit"), tat + ".unit", List.of("percent", "copper"));
      int top = kind.equals(SALES_TAX) ? 100 : kind.equals(UPKEEP) ? 1000 : 1_000_000;
      int min = c.integer(x.getValue("min"), tat + ".min", 0, top);
      int max = c.integer(x.getValue("max"), tat + ".max", min, top);
      // The sales tax starts where the town's market has always charged it (towns.json).
      long start =
          kind.equals(SALES_TAX)
              ? Math.round(salesTax * 100)
              : c.integer(x.getValue("start"), tat + ".start", min, max);
      if (start < min || start > max) {
        throw c.error(
            tat, "allows " + min + " to " + max + ", but the market's salesTax starts at " + start);
      }
      taxes.put(
          kind, new Tax(kind, c.name(x.getValue("name"), tat + ".name"), unit, start, min, max));
    }
    JsonArray p = c.array(j.getValue("powers"), at + ".powers", 0, decrees.size());
    List<String> powers = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      powers.add(c.oneOf(p.getValue(i), at + ".powers[" + i + "]", decrees));
    }
    c.unique(powers, at + ".powers");
    Object house = j.getValue("houseOwnersAreCitizens");
    if (!(house instanceof Boolean)) {
      throw c.error(at + ".houseOwnersAreCitizens", "must be true or false");
    }
    return new Charter(
        town,
        c.name(j.getValue("steward"), at + ".steward"),
        c.integer(j.getValue("council"), at + ".council", 0, 9),
        term,
        candidacy,
        voting,
        c.integer(j.getValue("residentDays"), at + ".residentDays", 0, 365),
        (Boolean) house,
        c.oneOf(j.getValue("ties"), at + ".ties", TIE_RULES),
        c.oneOf(j.getValue("emptyBallots"), at + ".emptyBallots", EMPTY_BALLOT_RULES),
        c.integer(j.getValue("recallPercent"), at + ".recallPercent", 1, 100),
        Collections.unmodifiableMap(taxes),
        c.integer(j.getValue("noticeDays"), at + ".noticeDays", 1, 30),
        c.integer(j.getValue("changeEveryDays"), at + ".changeEveryDays", 1, 365),
        List.copyOf(powers),
        c.coins(j.getValue("spendingLimit"), at + ".spendingLimit", 0, 1_000_000 * Money.CP_PER_GP),
        c.integer(j.getValue("firstWeekDays"), at + ".firstWeekDays", 0, 365),
        c.integer(j.getValue("voteDays"), at + ".voteDays", 1, 30));
  }
}
