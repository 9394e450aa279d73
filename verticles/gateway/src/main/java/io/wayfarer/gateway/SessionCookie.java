package io.wayfarer.gateway;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The session cookie: opaque token, HttpOnly (scripts never see it), SameSite=Strict (no cross-site
 * sends).
 */
final class SessionCookie {
  static final String NAME = "wf_session";

  private SessionCookie() {}

  static Cookie issue(String token, long maxAgeSeconds, boolean secure) {
    return Cookie.cookie(NAME, token)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(secure)
        .setMaxAge(maxAgeSeconds);
  }

  static Cookie cleared(boolean secure) {
    return Cookie.cookie(NAME, "")
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(secure)
        .setMaxAge(0);
  }

  static String from(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(NAME);
    return c == null || c.getValue().isEmpty() ? null : c.getValue();
  }

  /**
   * Reads the token from a raw Cookie header (the bridge's sockets give headers, not a routing
   * context).
   */
  static String fromHeader(String header) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(NAME + "=")) {
        String v = p.substring(NAME.length() + 1);
        return v.isEmpty() ? null : v;
      }
    }
    return null;
  }
}
