package io.wayfarer.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.bus.AskUntilAnswered;
import io.wayfarer.shared.bus.Document;
import io.wayfarer.shared.bus.Empty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A verticle's copy of the world events in force, for the effects it applies (a market's risk
 * premium, a road's danger), kept right whatever the order in which verticles start or are
 * redeployed:
 *
 * <ul>
 *   <li>it hears every event as it starts and ends ({@link EventsContract#EVENTS});
 *   <li>it asks the owner for the active ones ({@link EventsContract#LIST}) at start, and again
 *       every few seconds (up to half a minute apart) until the owner has answered once, so a
 *       subscriber that starts first catches up;
 *   <li>it takes the whole list the owner publishes when it starts ({@link EventsContract#ACTIVE}),
 *       so a redeployed owner corrects anything a subscriber missed.
 * </ul>
 *
 * An event has its effect only while the game time is inside it ({@link #activeAt}), so one whose
 * end was not heard still stops on time. Confined to the owning verticle's event loop.
 */
public final class ActiveEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ActiveEvents.class);

  private final Vertx vertx;
  private final String who;
  private final Consumer<Set<String>> changed;
  private final Map<Long, WorldEvent> events = new LinkedHashMap<>();
  private final AskUntilAnswered<Document> owner;

  /**
   * @param who the verticle keeping the copy, for the log
   * @param changed called with the towns whose events changed (started, ended, corrected)
   */
  public ActiveEvents(Vertx vertx, String who, long timeoutMillis, Consumer<Set<String>> changed) {
    this.vertx = vertx;
    this.who = who;
    this.changed = changed;
    this.owner =
        new AskUntilAnswered<>(
            vertx,
            who,
            "the world's active events",
            () -> EventsContract.LIST.request(vertx, Empty.INSTANCE, timeoutMillis),
            reply -> replace(reply.json()));
  }

  /** Listens, then asks the owner; completes once listening (the answer may come later). */
  public Future<Void> start() {
    MessageConsumer<JsonObject> one =
        vertx.eventBus().consumer(EventsContract.EVENT.address(), m -> heard(m.body()));
    MessageConsumer<JsonObject> all =
        vertx.eventBus().consumer(EventsContract.ACTIVE.address(), m -> replace(m.body()));
    return Future.all(one.completion(), all.completion()).onSuccess(v -> owner.start()).mapEmpty();
  }

  public void stop() {
    owner.stop();
  }

  /** Whether the owner has answered (or published its list) since this started. */
  public boolean known() {
    return owner.isAnswered();
  }

  /** The events whose time includes {@code gameMinutes}. */
  public List<WorldEvent> activeAt(long gameMinutes) {
    List<WorldEvent> out = new ArrayList<>();
    for (WorldEvent e : events.values()) {
      if (e.activeAt(gameMinutes)) {
        out.add(e);
      }
    }
    return out;
  }

  private void heard(JsonObject body) {
    WorldEvent e = decode(body);
    if (e == null) {
      return;
    }
    if (e.ended()) {
      events.remove(e.id());
    } else {
      events.put(e.id(), e);
    }
    changed.accept(Set.of(e.town()));
  }

  /**
   * Takes the owner's whole list. Events with a higher id than any on the list began after it was
   * made and are kept; everything else is as the list says.
   */
  private void replace(JsonObject body) {
    JsonArray list = body == null ? null : body.getJsonArray("active");
    if (list == null) {
      LOG.warn("{}: ignored a list of active events without 'active': {}", who, body);
      return;
    }
    Map<Long, WorldEvent> now = new LinkedHashMap<>();
    long newest = Long.MIN_VALUE;
    for (Object o : list) {
      WorldEvent e = o instanceof JsonObject j ? decode(j) : null;
      if (e != null && !e.ended()) {
        now.put(e.id(), e);
        newest = Math.max(newest, e.id());
      }
    }
    for (WorldEvent e : events.values()) {
      if (e.id() > newest) {
        now.put(e.id(), e);
      }
    }
    Set<String> towns = new HashSet<>();
    events.values().stream()
        .filter(e -> !e.equals(now.get(e.id())))
        .forEach(e -> towns.add(e.town()));
    now.values().stream()
        .filter(e -> !e.equals(events.get(e.id())))
        .forEach(e -> towns.add(e.town()));
    events.clear();
    events.putAll(now);
    if (!owner.isAnswered()) {
      owner.answered();
      LOG.info("{}: {} world events in force", who, events.size());
    }
    if (!towns.isEmpty()) {
      changed.accept(towns);
    }
  }

  private WorldEvent decode(JsonObject body) {
    try {
      return WorldEvent.fromJson(body);
    } catch (RuntimeException e) {
      LOG.warn("{}: ignored a malformed world event {}: {}", who, body, e.toString());
      return null;
    }
  }
}
