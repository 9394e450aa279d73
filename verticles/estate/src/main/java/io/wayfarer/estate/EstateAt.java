package io.wayfarer.estate;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the estate's history says of a past game minute: the keys an account held then ({@code
 * estate_key_log}) and what a shelf asked then ({@code estate_shelf_prices}). Admins ask it through
 * the estate verticle ({@code estate.admin.ownedAt}); a replay of a stopped world reads it too, so
 * both answer from one query.
 */
public final class EstateAt {
  private EstateAt() {}

  /** A key to a house, held since a game minute. */
  public record Key(String plot, long since) {}

  /** The keys an account held at a minute, the earliest given first. */
  public static Future<List<Key>> keys(SqlClient client, long account, long minute) {
    return client
        .preparedQuery(EstateSql.KEYS_AT)
        .execute(Tuple.of(account, minute))
        .map(
            rows -> {
              List<Key> keys = new ArrayList<>();
              for (Row r : rows) {
                keys.add(new Key(r.getString("plot_id"), r.getLong("given_minute")));
              }
              return keys;
            });
  }

  /**
   * What a house's shelf asked a unit of each good at a minute (goods off the shelf then left out).
   */
  public static Future<Map<String, Long>> shelfPrices(SqlClient client, String plot, long minute) {
    return client
        .preparedQuery(EstateSql.SHELF_PRICES_AT)
        .execute(Tuple.of(plot, minute))
        .map(
            rows -> {
              Map<String, Long> prices = new LinkedHashMap<>();
              for (Row r : rows) {
                if (r.getLong("unit_price") != null) {
                  prices.put(r.getString("good"), r.getLong("unit_price"));
                }
              }
              return prices;
            });
  }
}
