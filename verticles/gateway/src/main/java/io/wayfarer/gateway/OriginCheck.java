package io.wayfarer.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses browser requests from other sites: a request that carries an {@code Origin} must come
 * from one of the configured origins, or, when none are configured, from the same origin as the
 * request's {@code Host}. Requests without an Origin are not from a browser page on another site
 * (browsers always send it on WebSocket and cross-site requests), so they pass.
 */
final class OriginCheck implements Handler<RoutingContext> {
  private final Set<String> allowed;

  OriginCheck(List<String> allowedOrigins) {
    this.allowed =
        allowedOrigins.stream().map(OriginCheck::normalise).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    // The authority is the Host header in HTTP/1 and :authority in HTTP/2, where there is no Host
    // header.
    var authority = ctx.request().authority();
    if (origin == null || permits(origin, authority == null ? null : authority.toString())) {
      ctx.next();
    } else {
      HttpErrors.send(ctx, 403, "origin " + origin + " is not allowed");
    }
  }

  boolean permits(String origin, String host) {
    String o = normalise(origin);
    if (!allowed.isEmpty()) {
      return allowed.contains(o);
    }
    return host != null
        && (o.equals("http://" + host.toLowerCase(Locale.ROOT))
            || o.equals("https://" + host.toLowerCase(Locale.ROOT)));
  }

  private static String normalise(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
