package io.wayfarer.gateway;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a request came from, for per-address limits such as login throttling. That is the TCP peer,
 * unless the peer is one of the operator's own reverse proxies ({@code http.trustedProxies}): then
 * it is the address those proxies say they received the request from, read from the right of {@code
 * X-Forwarded-For} and skipping the trusted hops. Anyone can send that header, so it is believed
 * only as far as the chain of trusted proxies goes; with no trusted proxies (the default) it is
 * ignored.
 */
final class ClientAddress {
  /**
   * Starts with a hex digit or a colon: the JDK then parses it as a literal and never looks it up
   * as a name.
   */
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

  /**
   * The most hops read: more than any real chain of proxies, few enough that a long header costs
   * nothing.
   */
  private static final int MAX_HOPS = 20;

  private record Network(byte[] prefix, int bits) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      return rest == 0 || ((address[whole] ^ prefix[whole]) & (0xFF << (8 - rest)) & 0xFF) == 0;
    }
  }

  private final List<Network> trusted;

  private ClientAddress(List<Network> trusted) {
    this.trusted = trusted;
  }

  /**
   * From the configured entries: IP addresses ({@code 10.0.0.5}) or networks ({@code 10.0.0.0/8},
   * {@code fd00::/8}). Throws {@link IllegalArgumentException} naming an entry that is neither.
   */
  static ClientAddress trusting(List<String> entries) {
    List<Network> networks = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.trim();
      int slash = e.indexOf('/');
      byte[] address = literal(slash < 0 ? e : e.substring(0, slash));
      int bits;
      try {
        bits =
            slash < 0
                ? (address == null ? 0 : address.length * 8)
                : Integer.parseInt(e.substring(slash + 1));
      } catch (NumberFormatException ex) {
        bits = -1;
      }
      if (address == null || bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException(
            "http.trustedProxies: '" + entry + "' is not an IP address or network (10.0.0.0/8)");
      }
      networks.add(new Network(address, bits));
    }
    return new ClientAddress(List.copyOf(networks));
  }

  String of(HttpServerRequest request) {
    return resolve(
        request.remoteAddress().hostAddress(), request.headers().getAll("X-Forwarded-For"));
  }

  /**
   * {@code forwardedFor}: the header's values in the order received, each a comma-separated list of
   * hops.
   */
  String resolve(String peer, List<String> forwardedFor) {
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String value : forwardedFor) {
      for (String hop : value.split(",")) {
        hops.add(hop.trim());
      }
    }
    String address = peer;
    for (int i = hops.size() - 1, read = 0;
        i >= 0 && read < MAX_HOPS && isTrusted(address);
        i--, read++) {
      String hop = normalize(hops.get(i));
      if (hop == null) {
        // Garbage where an address should be: believe no further than the proxy that passed it on.
        break;
      }
      address = hop;
    }
    return address;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = literal(address);
    if (bytes == null) {
      return false;
    }
    for (Network n : trusted) {
      if (n.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An IP literal as its canonical text (brackets and IPv4 ports dropped), or null for anything
   * else.
   */
  private static String normalize(String hop) {
    String h = hop;
    if (h.startsWith("[") && h.contains("]")) {
      h = h.substring(1, h.indexOf(']'));
    } else if (h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':')) {
      h = h.substring(0, h.indexOf(':'));
    }
    byte[] bytes = literal(h);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * The bytes of an IPv4 or IPv6 literal, or null. Never a name lookup: IPv4 is parsed here, and
   * the JDK refuses a malformed text with a colon as an IPv6 literal without looking it up.
   */
  private static byte[] literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] v4 = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
          return null;
        }
        v4[i] = (byte) Integer.parseInt(parts[i]);
      }
      return v4;
    }
    if (!IPV6.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }
}
