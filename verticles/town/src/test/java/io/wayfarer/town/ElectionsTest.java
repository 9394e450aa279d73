package io.wayfarer.town;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Db;
import io.wayfarer.shared.test.TestInfra;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The count against a real PostgreSQL: however many counts of one election run at once (a restarted
 * town verticle counting while the old one still is), one counts it, its term and its news are
 * written once, and the others find it counted.
 */
@ExtendWith(VertxExtension.class)
class ElectionsTest {
  @Test
  void anElectionIsCountedOnceHoweverManyCountsRace(Vertx vertx) {
    // Its subject is the count, not how long a busy machine keeps a connection waiting.
    JsonObject config = TestInfra.patientConfig(new JsonObject());
    Pool pool = Clients.pgPool(vertx, config);
    Elections elections =
        new Elections(
            pool,
            new Db(vertx, pool, config),
            TestInfra.world().charters(),
            Map.of("redhaven", "Redhaven"),
            new News(vertx, pool, 1000));
    elections.found(0).await();
    long id = elections.open(pool, "redhaven", "regular", 0).await();
    long ann = candidate(pool, id, 1, "Ann", 10);
    long ben = candidate(pool, id, 2, "Ben", 20);
    long cat = candidate(pool, id, 3, "Cat", 30);
    // Ann 2, Ben 2, Cat 1 first; Cat's ballot goes to Ben.
    ballot(pool, id, 11, ann);
    ballot(pool, id, 12, ann);
    ballot(pool, id, 13, ben, cat);
    ballot(pool, id, 14, ben);
    ballot(pool, id, 15, cat, ben);

    List<Future<Boolean>> counts =
        List.of(elections.count(id), elections.count(id), elections.count(id));
    Future.join(counts).await();
    assertEquals(
        1, counts.stream().filter(f -> f.succeeded() && f.result()).count(), "counted once");
    assertEquals(
        2,
        counts.stream().filter(f -> f.succeeded() && !f.result()).count(),
        "the rest find it counted");

    Row office =
        pool.preparedQuery("SELECT * FROM town_offices WHERE town = 'redhaven'")
            .execute()
            .await()
            .iterator()
            .next();
    assertEquals("Ben", office.getString("mayor_name"));
    assertEquals(id, office.getLong("election_id"));
    assertEquals(
        1L,
        pool.preparedQuery("SELECT count(*) AS n FROM town_news WHERE key = $1")
            .execute(Tuple.of("election:" + id))
            .await()
            .iterator()
            .next()
            .getLong("n"));
    // Counting it again later changes nothing.
    assertEquals(false, elections.count(id).await());
    pool.close().await();
  }

  static long candidate(Pool pool, long election, long player, String name, long declaredAt) {
    return pool.preparedQuery(TownSql.DECLARE)
        .execute(Tuple.of(election, player, name, "I stand.", declaredAt))
        .await()
        .iterator()
        .next()
        .getLong("id");
  }

  static void ballot(Pool pool, long election, long player, Long... ranking) {
    pool.preparedQuery(TownSql.CAST).execute(Tuple.of(election, player, ranking, 0L)).await();
  }
}
