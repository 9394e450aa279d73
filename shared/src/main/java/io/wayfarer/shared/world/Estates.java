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

/**
 * The land players may own ({@code conf/world/estates.json}): per town its plots, each with a size
 * (which sets how much its house can store), a price and an upkeep due each game week, and how many
 * plots one player may hold.
 */
public final class Estates {
  /** What a size of plot allows: {@code storage} units of goods in its house. */
  public record Size(String id, int storage) {}

  /**
   * The ladder of unpaid upkeep: after the first unpaid week's notice, {@code graceWeeks} with
   * {@code interestPercent} a week on what is owed, then {@code lienWeeks} of lien, then seizure;
   * the former owner may reclaim the contents for {@code reclaimFeePercent} of the plot's price
   * within {@code reclaimDays} game days.
   */
  public record Ladder(
      int graceWeeks, int interestPercent, int lienWeeks, int reclaimDays, int reclaimFeePercent) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("graceWeeks", graceWeeks)
          .put("interestPercent", interestPercent)
          .put("lienWeeks", lienWeeks)
          .put("reclaimDays", reclaimDays)
          .put("reclaimFeePercent", reclaimFeePercent);
    }
  }

  /** One plot; {@code price} and {@code upkeep} (per game week) in copper. */
  public record Plot(String id, String town, String name, Size size, long price, long upkeep) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("town", town)
          .put("name", name)
          .put("size", size.id())
          .put("storage", size.storage())
          .put("price", price)
          .put("upkeep", upkeep);
    }
  }

  private final Map<String, Plot> plots;
  private final int maxPlotsPerPlayer;
  private final Ladder ladder;

  private Estates(Map<String, Plot> plots, int maxPlotsPerPlayer, Ladder ladder) {
    this.plots = plots;
    this.maxPlotsPerPlayer = maxPlotsPerPlayer;
    this.ladder = ladder;
  }

  public Ladder ladder() {
    return ladder;
  }

  /** Every plot by id, town by town in the file's order. */
  public Map<String, Plot> plots() {
    return plots;
  }

  public Optional<Plot> plot(String id) {
    return Optional.ofNullable(id == null ? null : plots.get(id));
  }

  public List<Plot> in(String town) {
    return plots.values().stream().filter(p -> p.town().equals(town)).toList();
  }

  public int maxPlotsPerPlayer() {
    return maxPlotsPerPlayer;
  }

  static Estates fromJson(JsonObject json, String source, Collection<String> towns) {
    DataCheck c = new DataCheck(source);
    JsonObject sizesJson = c.object(json.getValue("sizes"), "sizes");
    Map<String, Size> sizes = new LinkedHashMap<>();
    for (String id : sizesJson.fieldNames()) {
      JsonObject s = c.object(sizesJson.getValue(id), "sizes." + id);
      sizes.put(
          c.id(id, "sizes key"),
          new Size(id, c.integer(s.getValue("storage"), "sizes." + id + ".storage", 1, 1_000_000)));
    }
    if (sizes.isEmpty()) {
      throw c.error("sizes", "must name at least one size of plot");
    }
    int max = c.integer(json.getValue("maxPlotsPerPlayer"), "maxPlotsPerPlayer", 1, 100);
    JsonObject u = c.object(json.getValue("upkeep"), "upkeep");
    Ladder ladder =
        new Ladder(
            c.integer(u.getValue("graceWeeks"), "upkeep.graceWeeks", 0, 52),
            c.integer(u.getValue("interestPercent"), "upkeep.interestPercent", 0, 100),
            c.integer(u.getValue("lienWeeks"), "upkeep.lienWeeks", 0, 52),
            c.integer(u.getValue("reclaimDays"), "upkeep.reclaimDays", 1, 365),
            c.integer(u.getValue("reclaimFeePercent"), "upkeep.reclaimFeePercent", 0, 100));
    Map<String, Plot> plots = new LinkedHashMap<>();
    JsonArray byTown = c.array(json, "towns", 0, 1000);
    List<String> seenTowns = new ArrayList<>();
    for (int i = 0; i < byTown.size(); i++) {
      String at = "towns[" + i + "]";
      JsonObject t = c.object(byTown.getValue(i), at);
      String town = c.oneOf(t.getValue("town"), at + ".town", towns);
      seenTowns.add(town);
      JsonArray list = c.array(t.getValue("plots"), at + ".plots", 0, 1000);
      for (int j = 0; j < list.size(); j++) {
        String pat = at + ".plots[" + j + "]";
        JsonObject p = c.object(list.getValue(j), pat);
        String id = c.id(p.getValue("id"), pat + ".id");
        if (plots.containsKey(id)) {
          throw c.error(pat + ".id", id + " names two plots");
        }
        Size size = sizes.get(c.oneOf(p.getValue("size"), pat + ".size", sizes.keySet()));
        long price = c.coins(p.getValue("price"), pat + ".price", 1, 1_000_000 * Money.CP_PER_GP);
        long upkeep = c.coins(p.getValue("upkeep"), pat + ".upkeep", 0, price);
        plots.put(
            id, new Plot(id, town, c.name(p.getValue("name"), pat + ".name"), size, price, upkeep));
      }
    }
    c.unique(seenTowns, "towns[].town");
    return new Estates(Collections.unmodifiableMap(plots), max, ladder);
  }
}
