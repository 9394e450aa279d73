package io.wayfarer.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.wayfarer.shared.test.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class WayfarerConfigTest {
  final JsonObject defaults = TestInfra.readJson(TestInfra.root().resolve(WayfarerConfig.DEFAULTS));

  final JsonObject schema = TestInfra.readJson(TestInfra.root().resolve(WayfarerConfig.SCHEMA));

  /** The schema declares every key the defaults have (it requires them all and allows no other). */
  @Test
  void theDefaultsMeetTheSchemaAndTheSchemaCoversEveryKey() {
    WayfarerConfig.check(defaults, schema);
    for (String section : defaults.fieldNames()) {
      JsonObject keys = schema.getJsonObject("properties").getJsonObject(section);
      assertTrue(keys != null, section + " is declared");
      for (String key : defaults.getJsonObject(section).fieldNames()) {
        assertTrue(
            keys.getJsonObject("properties").containsKey(key),
            section + "." + key + " is declared");
      }
    }
    JsonObject extra = defaults.copy();
    extra.getJsonObject("market").put("spreadd", 0.1);
    assertThrows(
        ConfigException.class,
        () -> WayfarerConfig.check(extra, schema),
        "a key the schema does not know");
  }

  @Test
  void aValueOutOfItsRangeStopsTheStartNamingTheKeyAndTheRule() {
    Map<String, Object> bad = new java.util.LinkedHashMap<>();
    bad.put("player.hashWorkers", 0);
    bad.put("player.hashQueue", 0);
    bad.put("player.loginFailuresPerAddress", 0);
    bad.put("player.sessionIdleMinutes", 0);
    bad.put("market.driftRate", 1.5);
    bad.put("market.maxOrderQty", 0);
    bad.put("market.historyHours", 100_000);
    bad.put("bridge.pingTimeoutMillis", 10);
    bad.put("http.port", 70_000);
    bad.put("http.publicHosts", new JsonArray());
    bad.put("data.dir", "");
    bad.put("instances.npc", 0);
    bad.forEach(
        (key, value) -> {
          JsonObject c = defaults.copy();
          String[] parts = key.split("\\.");
          c.getJsonObject(parts[0]).put(parts[1], value);
          ConfigException e =
              assertThrows(ConfigException.class, () -> WayfarerConfig.check(c, schema), key);
          assertTrue(
              e.getMessage().startsWith("configuration key " + key + ": must "), e.getMessage());
        });
    JsonObject c = defaults.copy();
    c.getJsonObject("player").put("hashWorkers", 0);
    assertEquals(
        "configuration key player.hashWorkers: must be a whole number from 1 to 64, not 0",
        assertThrows(ConfigException.class, () -> WayfarerConfig.check(c, schema)).getMessage());
  }

  @Test
  void theClocksScaleLimitsAreTheSchemas() {
    JsonObject scale =
        schema
            .getJsonObject("properties")
            .getJsonObject("clock")
            .getJsonObject("properties")
            .getJsonObject("secondsPerGameHour");
    assertEquals(
        io.wayfarer.shared.clock.ClockContract.MIN_SECONDS_PER_GAME_HOUR,
        scale.getDouble("minimum"));
    assertEquals(
        io.wayfarer.shared.clock.ClockContract.MAX_SECONDS_PER_GAME_HOUR,
        scale.getDouble("maximum"));
  }

  @Test
  void envNamesFollowTheRule() {
    assertEquals("WAYFARER_HTTP_PORT", WayfarerConfig.envName("http.port"));
    assertEquals(
        "WAYFARER_CLOCK_SECONDSPERGAMEHOUR", WayfarerConfig.envName("clock.secondsPerGameHour"));
    assertEquals("WAYFARER_DATA_DIR", WayfarerConfig.envName("data.dir"));
  }

  @Test
  void environmentOverridesTypedValues() {
    JsonObject c =
        WayfarerConfig.resolve(
            defaults,
            new JsonObject(),
            Map.of(
                "WAYFARER_HTTP_PORT", "9090",
                "WAYFARER_DATA_DIR", "/srv/wayfarer",
                "WAYFARER_PG_URI", "postgresql://u:p@db:5432/w",
                "WAYFARER_REDIS_URI", "redis://cache:6379",
                "WAYFARER_CLOCK_SECONDSPERGAMEHOUR", "2.5",
                "WAYFARER_CLOCK_IGNOREDOWNTIME", "false",
                "WAYFARER_HTTP_ALLOWEDORIGINS", "https://a.example, https://b.example",
                "PATH", "/usr/bin"));
    assertEquals(9090, c.getJsonObject("http").getInteger("port"));
    assertEquals("/srv/wayfarer", c.getJsonObject("data").getString("dir"));
    assertEquals("postgresql://u:p@db:5432/w", c.getJsonObject("pg").getString("uri"));
    assertEquals("redis://cache:6379", c.getJsonObject("redis").getString("uri"));
    assertEquals(2.5, c.getJsonObject("clock").getDouble("secondsPerGameHour"));
    assertEquals(false, c.getJsonObject("clock").getBoolean("ignoreDowntime"));
    assertEquals(
        new JsonArray().add("https://a.example").add("https://b.example"),
        c.getJsonObject("http").getJsonArray("allowedOrigins"));
    // Untouched keys keep their defaults.
    assertEquals(defaults.getJsonObject("cluster"), c.getJsonObject("cluster"));
  }

  @Test
  void illTypedEnvironmentValuesNameTheKey() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                WayfarerConfig.resolve(
                    defaults, new JsonObject(), Map.of("WAYFARER_HTTP_PORT", "eighty")));
    assertTrue(
        e.getMessage().contains("WAYFARER_HTTP_PORT") && e.getMessage().contains("http.port"),
        e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () ->
                WayfarerConfig.resolve(
                    defaults, new JsonObject(), Map.of("WAYFARER_CLOCK_IGNOREDOWNTIME", "yes")));
    assertTrue(e.getMessage().contains("clock.ignoreDowntime"), e.getMessage());
  }

  @Test
  void unknownVariablesAndKeysStopTheStart() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                WayfarerConfig.resolve(
                    defaults, new JsonObject(), Map.of("WAYFARER_HTTP_PROT", "80")));
    assertTrue(e.getMessage().contains("WAYFARER_HTTP_PROT"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () ->
                WayfarerConfig.resolve(
                    defaults,
                    new JsonObject().put("clock", new JsonObject().put("speed", 3)),
                    Map.of()));
    assertTrue(e.getMessage().contains("clock.speed"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () ->
                WayfarerConfig.resolve(
                    defaults,
                    new JsonObject().put("http", new JsonObject().put("port", "80")),
                    Map.of()));
    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
    e =
        assertThrows(
            ConfigException.class,
            () ->
                WayfarerConfig.resolve(
                    defaults,
                    new JsonObject().put("http", new JsonObject().put("port", 80.5)),
                    Map.of()));
    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
  }

  @Test
  void loadReadsDefaultsThenTheConfFileThenTheEnvironment(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Path conf = dir.resolve("override.json");
    Files.writeString(
        conf,
        "{\"http\": {\"port\": 7000, \"host\": \"0.0.0.0\"}, \"clock\": {\"weatherSeed\": 7}}");
    // The defaults are read from conf/ under the working directory, as the server does.
    String cwdDefaults = TestInfra.root().resolve(WayfarerConfig.DEFAULTS).toString();
    assertTrue(Files.exists(Path.of(cwdDefaults)));
    JsonObject c =
        WayfarerConfig.load(
                vertx, conf.toString(), Map.of("WAYFARER_HTTP_PORT", "7001"), cwdDefaults)
            .await();
    assertEquals(
        7001, c.getJsonObject("http").getInteger("port"), "the environment wins over -conf");
    assertEquals("0.0.0.0", c.getJsonObject("http").getString("host"), "-conf wins over defaults");
    assertEquals(7, c.getJsonObject("clock").getLong("weatherSeed"));
    assertEquals(60.0, c.getJsonObject("clock").getDouble("secondsPerGameHour"));
  }

  @Test
  void aMissingConfFileIsAClearError(Vertx vertx) {
    String defaultsFile = TestInfra.root().resolve(WayfarerConfig.DEFAULTS).toString();
    Throwable e =
        assertThrows(
            Throwable.class,
            () ->
                WayfarerConfig.load(vertx, "/nonexistent/wayfarer.json", Map.of(), defaultsFile)
                    .await());
    assertTrue(e.getMessage().contains("/nonexistent/wayfarer.json"), e.getMessage());
  }
}
