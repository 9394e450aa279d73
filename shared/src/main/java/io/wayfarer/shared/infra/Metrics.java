package io.wayfarer.shared.infra;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.EnumSet;

/**
 * The process's metrics (vertx-micrometer-metrics with a Prometheus registry): Vert.x's own (HTTP
 * server and client, pools, the event bus per address) and the game's, which verticles register on
 * {@link #registry}. The label sets stay bounded: a player's address is folded to {@code
 * player.*.inbox} and every reply address to {@code reply}, and HTTP paths are not labels.
 */
public final class Metrics {
  /** Where a process built with {@link #options} names its registry in the configuration. */
  public static final String REGISTRY = "registry";

  private Metrics() {}

  /** Vert.x's metrics options for a process whose registry is called {@code registryName}. */
  public static MicrometerMetricsOptions options(String registryName) {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setJvmMetricsEnabled(true)
        .setLabels(
            EnumSet.of(
                Label.EB_ADDRESS,
                Label.EB_SIDE,
                Label.EB_FAILURE,
                Label.HTTP_METHOD,
                Label.HTTP_CODE,
                Label.POOL_TYPE,
                Label.POOL_NAME))
        .setPrometheusOptions(
            new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false))
        .addLabelMatch(
            new Match()
                .setDomain(MetricsDomain.EVENT_BUS)
                .setLabel("address")
                .setType(MatchType.REGEX)
                .setValue("player\\.[0-9]+\\.inbox")
                .setAlias("player.*.inbox"))
        .addLabelMatch(
            new Match()
                .setDomain(MetricsDomain.EVENT_BUS)
                .setLabel("address")
                .setType(MatchType.REGEX)
                .setValue("__vertx\\.reply\\..*|[0-9]+")
                .setAlias("reply"));
  }

  /**
   * The registry the game's meters go on: the process's (named in {@code metrics.registry}), or a
   * private one when there is none (a verticle deployed alone in a test), so code never checks.
   */
  public static MeterRegistry registry(JsonObject config) {
    JsonObject metrics = config.getJsonObject("metrics");
    String name = metrics == null ? null : metrics.getString(REGISTRY);
    MeterRegistry registry = name == null ? null : BackendRegistries.getNow(name);
    return registry != null ? registry : new SimpleMeterRegistry();
  }
}
