package io.wayfarer.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import io.wayfarer.shared.infra.Clients;
import io.wayfarer.shared.infra.Metrics;
import io.wayfarer.shared.ledger.Ledger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every process measures besides its verticles: whether the ledger still balances (the {@code
 * wayfarer_ledger_imbalanced_assets} gauge: assets whose holdings do not sum to zero, checked every
 * {@code metrics.ledgerCheckSeconds}; -1 until the first check), and, when {@code metrics.port} is
 * set, a management port on {@code metrics.host} serving only {@code /metrics}, for a Prometheus on
 * the same machine or network. Deployed by {@link Wayfarer} when metrics are on.
 */
public class ProcessMetrics extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessMetrics.class);

  private final AtomicLong imbalanced = new AtomicLong(-1);
  private Pool pool;
  private long timer = -1;
  private HttpServer management;

  @Override
  public Future<?> start() {
    JsonObject conf = config().getJsonObject("metrics");
    MeterRegistry registry = Metrics.registry(config());
    Gauge.builder("wayfarer.ledger.imbalanced.assets", imbalanced, AtomicLong::get)
        .description(
            "assets whose holdings over all holders do not sum to zero (0: the ledger balances)")
        .register(registry);
    JsonObject small = config().copy();
    small.getJsonObject("pg").put("poolSize", 1);
    pool = Clients.pgPool(vertx, small);
    check();
    timer = vertx.setPeriodic(conf.getInteger("ledgerCheckSeconds") * 1000L, id -> check());
    int port = conf.getInteger("port");
    if (port == 0) {
      return Future.succeededFuture();
    }
    Router router = Router.router(vertx);
    router
        .get("/metrics")
        .handler(PrometheusScrapingHandler.create(conf.getString(Metrics.REGISTRY)));
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, conf.getString("host"))
        .onSuccess(
            s -> {
              management = s;
              LOG.info(
                  "Metrics on http://{}:{}/metrics (no session asked: keep it off the public network)",
                  conf.getString("host"),
                  s.actualPort());
            });
  }

  private void check() {
    Ledger.imbalances(pool)
        .onSuccess(off -> imbalanced.set(off.size()))
        .onFailure(err -> LOG.warn("Ledger conservation not checked: {}", err.getMessage()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    Future<Void> closing = management == null ? Future.succeededFuture() : management.close();
    return closing.eventually(pool::close);
  }
}
