package io.wayfarer.town;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.events.EventsContract;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the town hall tells the realm (a result, a new rate, a decree and its effect), written in
 * the transaction that made it and then raised as a world event by the events verticle, keyed so a
 * resend after a crash raises nothing twice. Decrees take effect this way: guards, festivals, road
 * repairs and relief are world events every verticle already reacts to.
 */
final class News {
  private static final Logger LOG = LoggerFactory.getLogger(News.class);

  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMillis;

  News(Vertx vertx, Pool pool, long timeoutMillis) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMillis = timeoutMillis;
  }

  Future<Void> write(SqlClient tx, String key, String town, String type, int hours, String text) {
    return tx.preparedQuery(TownSql.NEWS)
        .execute(Tuple.of(key, town, type, hours, text))
        .mapEmpty();
  }

  /** Sends what is unsent; what fails stays for the next hour (and is logged). */
  Future<Void> send() {
    return pool.query(TownSql.UNSENT)
        .execute()
        .compose(
            rows -> {
              List<Future<?>> all = new ArrayList<>();
              for (Row r : rows) {
                String key = r.getString("key");
                all.add(
                    EventsContract.PROCLAIM
                        .request(
                            vertx,
                            new EventsContract.Proclaim(
                                r.getString("type"),
                                r.getString("town"),
                                r.getInteger("hours"),
                                r.getString("text"),
                                key,
                                "the town hall of " + r.getString("town")),
                            timeoutMillis)
                        .compose(e -> pool.preparedQuery(TownSql.SENT).execute(Tuple.of(key)))
                        .onFailure(
                            err ->
                                LOG.warn(
                                    "News {} not proclaimed yet ({}); sent again next game hour",
                                    key,
                                    err.getMessage())));
              }
              // Each failure is logged above and stays unsent; the hour carries on.
              return Future.join(all).<Void>mapEmpty().recover(err -> Future.succeededFuture());
            });
  }
}
