package io.wayfarer.shared.world;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.config.DataCheck;
import io.wayfarer.shared.world.Goods.Good;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each town's market ({@code market} and {@code salesTax} in towns.json), with the goods it trades
 * ({@code goods.json}): what the market verticle prices and what a town starts with and aims for.
 */
public final class MarketData {

  /** What a town's market starts with and aims for, per good. */
  public record Stock(long start, long need) {}

  public record Market(String town, String name, double salesTax, Map<String, Stock> goods) {}

  private final Map<String, Good> goods;
  private final Map<String, Market> markets;

  private MarketData(Map<String, Good> goods, Map<String, Market> markets) {
    this.goods = goods;
    this.markets = markets;
  }

  public Map<String, Good> goods() {
    return goods;
  }

  public Map<String, Market> markets() {
    return markets;
  }

  public Optional<Market> market(String town) {
    return Optional.ofNullable(town == null ? null : markets.get(town));
  }

  public Optional<Good> good(String id) {
    return Optional.ofNullable(id == null ? null : goods.get(id));
  }

  /**
   * The markets' part of {@code towns.json}; the map and the goods come already read and checked
   * (see {@link World}), so a market naming an unknown good names the file, the town and the good.
   */
  static MarketData fromJson(
      JsonObject townsJson,
      String townsSource,
      WorldData.Geography map,
      Map<String, Good> goods,
      String goodsSource) {
    DataCheck t = new DataCheck(townsSource);
    Map<String, Market> markets = new LinkedHashMap<>();
    JsonArray townArr = townsJson.getJsonArray("towns");
    for (int i = 0; i < townArr.size(); i++) {
      String at = "towns[" + i + "]";
      JsonObject town = townArr.getJsonObject(i);
      if (!town.containsKey("market")) {
        continue;
      }
      String id = town.getString("id");
      JsonObject m = t.object(town.getValue("market"), at + ".market");
      Map<String, Stock> stock = new LinkedHashMap<>();
      for (String goodId : m.fieldNames()) {
        if (!goods.containsKey(goodId)) {
          throw t.error(at + ".market." + goodId, "is not a good in " + goodsSource);
        }
        JsonObject sn = t.object(m.getValue(goodId), at + ".market." + goodId);
        stock.put(
            goodId,
            new Stock(
                t.integer(
                    sn.getValue("stock"), at + ".market." + goodId + ".stock", 0, 100_000_000),
                t.integer(
                    sn.getValue("need"), at + ".market." + goodId + ".need", 0, 100_000_000)));
      }
      markets.put(
          id,
          new Market(
              id,
              map.towns().get(id).name(),
              t.number(town.getValue("salesTax", 0.0), at + ".salesTax", 0, 0.5),
              Collections.unmodifiableMap(stock)));
    }
    return new MarketData(goods, Collections.unmodifiableMap(markets));
  }
}
