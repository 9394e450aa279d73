package io.wayfarer.gateway;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The live bus inspector for admins: while at least one admin's socket watches, an outbound
 * interceptor on this process's event bus samples the messages whose address matches a watcher's
 * pattern (a glob: {@code market.*}), redacts secrets, caps the size, and hands each to that
 * watcher's socket only; every second each watcher gets the rates per address it matches. With
 * nobody watching the interceptor is removed, so it costs nothing.
 *
 * <p>The interceptor runs on whichever thread sends; it only checks the address against an
 * immutable list of patterns and copies the body, then hands over to the bridge's context, which
 * owns the watchers.
 */
final class BusInspector {
  /** What a watcher is shown at most, per second. */
  static final int SAMPLES_PER_SECOND = 20;

  static final int MAX_BODY_CHARS = 2048;
  static final String ADDRESS = "admin.inspector";
  static final String RATES = "admin.inspector.rates";
  private static final Set<String> SECRETS =
      Set.of("password", "passwordHash", "token", "previousToken", "tokenHash", "tokenHashes");

  /** One admin's socket watching a pattern. */
  static final class Watcher {
    final Pattern pattern;
    final String glob;
    final BiConsumer<String, JsonObject> send;
    final Map<String, Integer> counts = new HashMap<>();
    int sampled;

    Watcher(String glob, BiConsumer<String, JsonObject> send) {
      this.glob = glob;
      this.pattern = globToRegex(glob);
      this.send = send;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final Map<Object, Watcher> watchers = new HashMap<>();
  private final Handler<DeliveryContext<Object>> interceptor = this::intercept;
  private volatile List<Pattern> patterns = List.of();
  private long ticker = -1;

  BusInspector(Vertx vertx, Context context) {
    this.vertx = vertx;
    this.context = context;
  }

  /** {@code key} (a socket) watches {@code glob}, replacing what it watched. */
  void watch(Object key, String glob, BiConsumer<String, JsonObject> send) {
    boolean first = watchers.isEmpty();
    watchers.put(key, new Watcher(glob, send));
    patterns = watchers.values().stream().map(w -> w.pattern).toList();
    if (first) {
      vertx.eventBus().addOutboundInterceptor(interceptor);
      ticker = vertx.setPeriodic(1000, id -> tick());
    }
  }

  /** {@code key} stops watching; with nobody left the interceptor goes. */
  void stop(Object key) {
    if (watchers.remove(key) == null) {
      return;
    }
    patterns = watchers.values().stream().map(w -> w.pattern).toList();
    if (watchers.isEmpty()) {
      vertx.eventBus().removeOutboundInterceptor(interceptor);
      vertx.cancelTimer(ticker);
    }
  }

  boolean active() {
    return !watchers.isEmpty();
  }

  /** A glob of letters, digits, dots, dashes, underscores and {@code *}; anything else is null. */
  static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
        regex.append(c);
      } else if (c == '.') {
        regex.append("\\.");
      } else {
        return null;
      }
    }
    return Pattern.compile(regex.toString());
  }

  private void intercept(DeliveryContext<Object> dc) {
    try {
      String address = dc.message().address();
      List<Pattern> now = patterns;
      if (!address.startsWith("__vertx")
          && now.stream().anyMatch(p -> p.matcher(address).matches())) {
        Object body = dc.message().body();
        boolean send = dc.message().isSend();
        // A copy now, on the sender's thread: the body may change once the message is gone.
        Object copy =
            body instanceof JsonObject j
                ? redacted(j)
                : body instanceof JsonArray a ? a.copy() : String.valueOf(body);
        context.runOnContext(v -> seen(address, send, copy));
      }
    } finally {
      dc.next();
    }
  }

  private void seen(String address, boolean send, Object body) {
    for (Watcher w : watchers.values()) {
      if (!w.pattern.matcher(address).matches()) {
        continue;
      }
      w.counts.merge(address, 1, Integer::sum);
      if (w.sampled >= SAMPLES_PER_SECOND) {
        continue;
      }
      w.sampled++;
      String text =
          body instanceof JsonObject j
              ? j.encode()
              : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
      JsonObject shown =
          new JsonObject()
              .put("address", address)
              .put("kind", send ? "send" : "publish")
              .put("at", System.currentTimeMillis());
      if (text.length() > MAX_BODY_CHARS) {
        shown.put("truncated", true).put("preview", text.substring(0, MAX_BODY_CHARS));
      } else {
        shown.put("body", body);
      }
      w.send.accept(ADDRESS, shown);
    }
  }

  private void tick() {
    for (Watcher w : watchers.values()) {
      JsonObject rates = new JsonObject();
      w.counts.forEach(rates::put);
      w.send.accept(RATES, new JsonObject().put("pattern", w.glob).put("perSecond", rates));
      w.counts.clear();
      w.sampled = 0;
    }
  }

  /** A copy without secrets, at any depth. */
  static JsonObject redacted(JsonObject body) {
    JsonObject out = new JsonObject();
    body.forEach(
        e -> {
          if (SECRETS.contains(e.getKey())) {
            out.put(e.getKey(), "(redacted)");
          } else if (e.getValue() instanceof JsonObject j) {
            out.put(e.getKey(), redacted(j));
          } else if (e.getValue() instanceof JsonArray a) {
            JsonArray list = new JsonArray();
            a.forEach(x -> list.add(x instanceof JsonObject j ? redacted(j) : x));
            out.put(e.getKey(), list);
          } else {
            out.put(e.getKey(), e.getValue());
          }
        });
    return out;
  }
}
