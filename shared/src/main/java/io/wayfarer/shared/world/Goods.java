package io.wayfarer.shared.world;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.config.DataCheck;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The goods of the world ({@code conf/world/goods.json}), read and checked once for every verticle
 * that names them: the markets price them, the townsfolk make and use them.
 */
public final class Goods {
  /**
   * A good; its base price is in copper (written in coins in goods.json). {@code food}: a town that
   * runs out of it goes hungry (what a simulation's report watches).
   */
  public record Good(
      String id,
      String name,
      String unit,
      long basePrice,
      Map<String, Double> seasons,
      boolean food) {
    public double seasonFactor(String season) {
      return seasons.getOrDefault(season, 1.0);
    }
  }

  private Goods() {}

  /**
   * The goods by id, in the file's order; a bad entry stops the start naming file, entry and field.
   */
  static Map<String, Good> fromJson(JsonObject goodsJson, String goodsSource) {
    DataCheck g = new DataCheck(goodsSource);
    Map<String, Good> goods = new LinkedHashMap<>();
    JsonArray goodArr = g.array(goodsJson, "goods", 1, 200);
    for (int i = 0; i < goodArr.size(); i++) {
      String at = "goods[" + i + "]";
      JsonObject o = g.object(goodArr.getValue(i), at);
      String id = g.id(o.getValue("id"), at + ".id");
      Map<String, Double> seasons =
          g.numbersBy(
              g.object(o.getValue("seasons"), at + ".seasons"),
              at + ".seasons",
              ClockContract.SEASONS,
              0.1,
              10);
      Good good =
          new Good(
              id,
              g.name(o.getValue("name"), at + ".name"),
              g.name(o.getValue("unit"), at + ".unit"),
              g.coins(o.getValue("basePrice"), at + ".basePrice", 1, 10_000_000),
              Collections.unmodifiableMap(seasons),
              food(g, o.getValue("food"), at + ".food"));
      if (goods.put(id, good) != null) {
        throw g.error(at + ".id", "good '" + id + "' appears twice");
      }
    }
    return Collections.unmodifiableMap(goods);
  }

  private static boolean food(DataCheck g, Object value, String at) {
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    throw g.error(at, "must be true or false");
  }
}
