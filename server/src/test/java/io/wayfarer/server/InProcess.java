package io.wayfarer.server;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Starts a Wayfarer process inside the test JVM, exactly as Main does but with a test
 * configuration.
 */
final class InProcess {
  private InProcess() {}

  static final String ADMIN = "warden";
  static final String ADMIN_PASSWORD = "the keys of the keep";

  /** {@code overrides} with the configured admin account the admin tests sign in as. */
  static JsonObject withAdmin(JsonObject overrides) {
    return overrides
        .copy()
        .put("admin", new JsonObject().put("username", ADMIN).put("password", ADMIN_PASSWORD));
  }

  static Wayfarer start(JsonObject config, String... only) {
    List<String> names = only.length == 0 ? List.copyOf(Verticles.ALL.keySet()) : List.of(only);
    Wayfarer.checkRanges(config);
    return Wayfarer.start(new LaunchOptions(names, false, null), config);
  }

  static Wayfarer startClustered(JsonObject config, String... only) {
    Wayfarer.checkRanges(config);
    return Wayfarer.start(new LaunchOptions(List.of(only), true, null), config);
  }

  /**
   * The conservation check (ARCHITECTURE.md rule 4): every asset sums to zero over all holders,
   * world included.
   */
  static void assertConserved(Wayfarer w) {
    io.vertx.sqlclient.Pool pool = io.wayfarer.shared.infra.Clients.pgPool(w.vertx(), w.config());
    try {
      java.util.Map<String, Long> imbalances =
          io.wayfarer.shared.ledger.Ledger.imbalances(pool).await();
      if (!imbalances.isEmpty()) {
        throw new AssertionError("the books do not balance: " + imbalances);
      }
    } finally {
      pool.close().await();
    }
  }

  /**
   * Waits for {@code done} (up to two minutes: a loaded machine is slow, not wrong), then asserts
   * it with the last answer.
   */
  static void until(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    boolean met = done.getAsBoolean();
    while (!met && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      met = done.getAsBoolean();
    }
    if (!met) {
      throw new AssertionError("gave up waiting for " + what);
    }
  }

  static int httpPort(Wayfarer w) {
    return w.config().getJsonObject("http").getInteger("port");
  }
}
