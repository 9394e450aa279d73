package io.wayfarer.town;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.OneAtATime;
import io.wayfarer.shared.ledger.Ledger;
import java.util.Collection;

/**
 * Each town's treasury as the public sees it: the ledger holder {@code town:<town>} is the money,
 * and every ledger entry into or out of it is listed with its cause (the entry's reason: the tax,
 * the decree, the vote) and the game time it was first seen, so the list always sums to the balance
 * once it has caught up, which every read does first.
 */
final class Treasury {
  private final Pool pool;
  private final String[] holders;
  private final OneAtATime<String, Void> catching = new OneAtATime<>();

  Treasury(Pool pool, Collection<String> towns) {
    this.pool = pool;
    this.holders = towns.stream().map(Ledger::town).toArray(String[]::new);
  }

  /** Lists every treasury entry not yet listed, stamped {@code now}. */
  Future<Void> catchUp(long now) {
    return catching.run(
        "all",
        () -> pool.preparedQuery(TownSql.CATCH_UP).execute(Tuple.of(holders, now)).mapEmpty());
  }

  /** The balance, the totals in and out, and the newest {@code limit} flows. */
  Future<JsonObject> list(String town, long now, int limit) {
    return catchUp(now)
        .compose(v -> Ledger.balance(pool, Ledger.town(town), Ledger.COIN))
        .compose(
            balance ->
                pool.preparedQuery(TownSql.FLOW_TOTALS)
                    .execute(Tuple.of(town))
                    .compose(
                        totals ->
                            pool.preparedQuery(TownSql.FLOWS)
                                .execute(Tuple.of(town, limit))
                                .map(
                                    rows -> {
                                      Row t = totals.iterator().next();
                                      JsonArray flows = new JsonArray();
                                      rows.forEach(r -> flows.add(flow(r)));
                                      return new JsonObject()
                                          .put("town", town)
                                          .put("balance", balance)
                                          .put("inflow", t.getLong("inflow"))
                                          .put("outflow", t.getLong("outflow"))
                                          .put("count", t.getLong("n"))
                                          .put("flows", flows);
                                    })));
  }

  /** One flow; the other side is named by its kind only (a player, a market, the world…). */
  private static JsonObject flow(Row r) {
    String other = r.getString("other");
    int colon = other.indexOf(':');
    return new JsonObject()
        .put("gameMinutes", r.getLong("game_minutes"))
        .put("qty", r.getLong("qty"))
        .put("with", colon < 0 ? other : other.substring(0, colon))
        .put("cause", r.getString("cause"));
  }
}
