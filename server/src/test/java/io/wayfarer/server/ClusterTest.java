package io.wayfarer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.wayfarer.shared.clock.ClockContract;
import io.wayfarer.shared.clock.WorldTime;
import io.wayfarer.shared.test.BridgeClient;
import io.wayfarer.shared.test.TestInfra;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The clock and the gateway as two clustered Vert.x instances joined through Hazelcast on
 * 127.0.0.1: the gateway's browsers get the clock's ticks and its API gets the clock's answers
 * across the cluster.
 */
@ExtendWith(VertxExtension.class)
class ClusterTest {
  static Wayfarer clockNode;
  static Wayfarer gatewayNode;

  @BeforeAll
  static void startCluster() {
    int[] ports = TestInfra.freePorts(3);
    int hz1 = ports[1];
    int hz2 = ports[2];
    String name = "wayfarer-test-" + UUID.randomUUID();
    JsonArray members = new JsonArray().add("127.0.0.1:" + hz1).add("127.0.0.1:" + hz2);
    JsonObject shared =
        TestInfra.config(
            new JsonObject()
                .put("clock", new JsonObject().put("secondsPerGameHour", 0.6))
                .put("http", new JsonObject().put("port", ports[0])));
    clockNode = InProcess.startClustered(withCluster(shared, name, hz1, members), "clock");
    gatewayNode = InProcess.startClustered(withCluster(shared, name, hz2, members), "gateway");
  }

  static JsonObject withCluster(JsonObject config, String name, int port, JsonArray members) {
    JsonObject c = config.copy();
    c.getJsonObject("cluster")
        .put("name", name)
        .put("port", port)
        .put("members", members)
        .put("config", TestInfra.root().resolve("conf/cluster.xml").toString());
    return c;
  }

  @AfterAll
  static void stopCluster() {
    if (gatewayNode != null) {
      gatewayNode.close();
    }
    if (clockNode != null) {
      clockNode.close();
    }
  }

  @Test
  void theGatewaysBrowsersReceiveTheClocksTicks(Vertx vertx, VertxTestContext ctx) {
    // Lax: ticks keep coming after the fifth, and each later one would fail a strict checkpoint.
    Checkpoint ticks = ctx.laxCheckpoint(5);
    BridgeClient.connect(vertx, InProcess.httpPort(gatewayNode))
        .onComplete(
            ctx.succeeding(
                ws -> {
                  ws.onFrame(
                      frame ->
                          ctx.verify(
                              () -> {
                                assertEquals(
                                    ClockContract.TICKS,
                                    frame.getString("address"),
                                    frame.encode());
                                ticks.flag();
                              }));
                  ws.register(ClockContract.TICKS);
                }));
  }

  @Test
  void theGatewayAsksTheClockAcrossTheCluster(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    var res =
        client
            .get(InProcess.httpPort(gatewayNode), "127.0.0.1", "/api/world")
            .send()
            .await(10, TimeUnit.SECONDS);
    client.close();
    assertEquals(200, res.statusCode(), res.bodyAsString());
    assertEquals(1247, WorldTime.fromJson(res.bodyAsJsonObject()).year());
  }
}
