package io.wayfarer.shared.bus;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.Replies;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address something is published on, declared once: a fixed address ({@code world.clock}) or a
 * family of them with one key ({@code market.<town>.prices}), the body's record, and who may hear
 * it through the bridge. The bridge's permits, the browser's addresses ({@code /js/contract.js})
 * and README's table all come from these declarations.
 *
 * @param template the address, with the key's name in angle brackets where a family's key goes
 *     ({@code <town>})
 * @param keyPattern what a key may be (null for a fixed address)
 * @param audience who hears it through the bridge
 * @param latestOnly each message supersedes the ones before (the time, a board, who is in a town):
 *     a socket that cannot keep up is sent the latest, not a backlog
 */
public record Topic<E extends Body>(
    String name,
    String template,
    String keyPattern,
    Audience audience,
    Function<JsonObject, E> body,
    String summary,
    boolean latestOnly) {

  /** Who hears a topic through the bridge. */
  public enum Audience {
    /** Never bridged: server-side only. */
    SERVER,
    /** Every socket, signed in or not. */
    EVERYONE,
    /** Every socket of a signed-in player. */
    SIGNED_IN,
    /** Only sockets of the player whose id is the key. */
    OWNER
  }

  private static final Pattern KEY = Pattern.compile("<[a-z]+>");

  public static <E extends Body> Topic<E> fixed(
      String name,
      String address,
      Audience audience,
      Function<JsonObject, E> body,
      String summary) {
    return new Topic<>(name, address, null, audience, body, summary, false);
  }

  public static <E extends Body> Topic<E> keyed(
      String name,
      String template,
      String keyPattern,
      Audience audience,
      Function<JsonObject, E> body,
      String summary) {
    if (!KEY.matcher(template).find()) {
      throw new IllegalArgumentException(template + " names no <key>");
    }
    return new Topic<>(name, template, keyPattern, audience, body, summary, false);
  }

  /** The same topic, each of its messages superseding the ones before. */
  public Topic<E> superseding() {
    return new Topic<>(name, template, keyPattern, audience, body, summary, true);
  }

  /** The address of a fixed topic. */
  public String address() {
    if (keyPattern != null) {
      throw new IllegalStateException(template + " needs a key");
    }
    return template;
  }

  /** The address for {@code key} in a family. */
  public String address(Object key) {
    if (keyPattern == null) {
      throw new IllegalStateException(template + " takes no key");
    }
    return KEY.matcher(template).replaceFirst(Matcher.quoteReplacement(String.valueOf(key)));
  }

  /** A regex every address of this topic matches (and nothing else). */
  public String addressPattern() {
    if (keyPattern == null) {
      return Pattern.quote(template);
    }
    Matcher m = KEY.matcher(template);
    m.find();
    return Pattern.quote(template.substring(0, m.start()))
        + "("
        + keyPattern
        + ")"
        + Pattern.quote(template.substring(m.end()));
  }

  public void publish(EventBus bus, E event) {
    bus.publish(address(), event.toJson());
  }

  public void publish(EventBus bus, Object key, E event) {
    bus.publish(address(key), event.toJson());
  }

  /** Listens on a fixed topic until {@code replies} stops, reading each body into its record. */
  public MessageConsumer<JsonObject> listen(Replies replies, Handler<E> handler) {
    return replies.serve(address(), m -> handler.handle(body.apply(m.body())));
  }

  /** Listens on one address of a family until {@code replies} stops. */
  public MessageConsumer<JsonObject> listen(Replies replies, Object key, Handler<E> handler) {
    return replies.serve(address(key), m -> handler.handle(body.apply(m.body())));
  }

  /** Listens on a fixed topic, reading each body into its record. */
  public MessageConsumer<JsonObject> consumer(EventBus bus, Handler<E> handler) {
    return bus.consumer(address(), m -> handler.handle(body.apply(m.body())));
  }

  /** Listens on one address of a family, reading each body into its record. */
  public MessageConsumer<JsonObject> consumer(EventBus bus, Object key, Handler<E> handler) {
    return bus.consumer(address(key), m -> handler.handle(body.apply(m.body())));
  }

  /** For the browser: the address (or its template and key) and who hears it. */
  public JsonObject toJson() {
    JsonObject j =
        new JsonObject()
            .put("address", template)
            .put("audience", audience.name().toLowerCase(Locale.ROOT));
    if (keyPattern != null) {
      j.put("key", keyPattern);
    }
    return j;
  }
}
