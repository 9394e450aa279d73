package io.wayfarer.shared.town;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.bus.AskUntilAnswered;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import io.wayfarer.shared.world.Charters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verticle's copy of every town's tax rates, for the taxes it charges (the market's and the
 * shops' sales tax, the estate's upkeep rate, the toll on arrival). A rate is a schedule: the
 * charter's starting rate, then each announced change from its game minute. Because a change is
 * announced at least a game day before it applies, a copy that heard it charges the new rate from
 * the very minute the town hall shows, and a rate "in force" is never a guess about message order.
 *
 * <p>Kept right as {@code ActiveEvents} keeps the events: it hears each town's schedule when it
 * changes ({@link TownContract#LAWS}), asks the owner for all of them at start and until the owner
 * answers once, and takes the whole schedule the owner publishes when it starts. Until then every
 * town charges its charter's starting rates. Confined to the owning verticle's event loop.
 */
public final class TownLaws {
  private static final Logger LOG = LoggerFactory.getLogger(TownLaws.class);

  private final Vertx vertx;
  private final Charters charters;
  private final String who;
  private final Consumer<String> changed;
  private final Map<String, List<TownContract.RateChange>> schedules = new HashMap<>();
  private final AskUntilAnswered<Document> owner;

  /**
   * @param who the verticle keeping the copy, for the log
   * @param changed called with a town whose schedule changed
   */
  public TownLaws(
      Vertx vertx, Charters charters, String who, long timeoutMillis, Consumer<String> changed) {
    this.vertx = vertx;
    this.charters = charters;
    this.who = who;
    this.changed = changed;
    this.owner =
        new AskUntilAnswered<>(
            vertx,
            who,
            "the towns' rates",
            () -> TownContract.LAWS_LIST.request(vertx, Empty.INSTANCE, timeoutMillis),
            reply ->
                reply
                    .json()
                    .getJsonObject("towns", new JsonObject())
                    .forEach(
                        e ->
                            take(
                                new JsonObject()
                                    .put("town", e.getKey())
                                    .put("changes", e.getValue()))));
  }

  /** Listens, then asks the owner; completes once listening (the answer may come later). */
  public Future<Void> start() {
    MessageConsumer<JsonObject> one =
        vertx.eventBus().consumer(TownContract.LAWS.address(), m -> take(m.body()));
    return one.completion().onSuccess(v -> owner.start()).mapEmpty();
  }

  public void stop() {
    owner.stop();
  }

  /** Whether the owner has answered since this started. */
  public boolean known() {
    return owner.isAnswered();
  }

  /**
   * The rate of {@code kind} in {@code town} at {@code gameMinutes}: a percent for the sales tax
   * and the upkeep, copper for the toll.
   */
  public long rate(String town, String kind, long gameMinutes) {
    long rate = charters.of(town).map(c -> c.tax(kind)).map(Charters.Tax::start).orElse(0L);
    long from = Long.MIN_VALUE;
    for (TownContract.RateChange c : schedules.getOrDefault(town, List.of())) {
      if (c.kind().equals(kind) && c.from() <= gameMinutes && c.from() >= from) {
        rate = c.rate();
        from = c.from();
      }
    }
    return rate;
  }

  /** The sales tax in {@code town} at {@code gameMinutes}, as a fraction of a sale. */
  public double salesTax(String town, long gameMinutes) {
    return rate(town, Charters.SALES_TAX, gameMinutes) / 100.0;
  }

  /** A week's upkeep of a plot whose charter upkeep is {@code base}, at the town's rate. */
  public long upkeep(String town, long base, long gameMinutes) {
    return Math.round(base * rate(town, Charters.UPKEEP, gameMinutes) / 100.0);
  }

  /** The toll, in copper, on arriving in {@code town} at {@code gameMinutes}. */
  public long toll(String town, long gameMinutes) {
    return rate(town, Charters.TOLL, gameMinutes);
  }

  private void take(JsonObject body) {
    TownContract.Laws laws;
    try {
      laws = TownContract.Laws.fromJson(body);
    } catch (RuntimeException e) {
      LOG.warn("{}: ignored a malformed rate schedule {}: {}", who, body, e.toString());
      return;
    }
    List<TownContract.RateChange> before =
        schedules.put(laws.town(), new ArrayList<>(laws.changes()));
    if (!laws.changes().equals(before)) {
      changed.accept(laws.town());
    }
  }
}
