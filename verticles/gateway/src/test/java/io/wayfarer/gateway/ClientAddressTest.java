package io.wayfarer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Whose address a request counts against, with and without the operator's reverse proxies. */
class ClientAddressTest {
  static final ClientAddress NONE = ClientAddress.trusting(List.of());
  static final ClientAddress PROXIES =
      ClientAddress.trusting(List.of("127.0.0.1", "10.0.0.0/8", "::1"));

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertEquals("127.0.0.1", NONE.resolve("127.0.0.1", List.of("203.0.113.7")));
    assertEquals("192.0.2.1", NONE.resolve("192.0.2.1", List.of()));
  }

  @Test
  void aTrustedProxyIsBelievedAboutItsClient() {
    assertEquals("203.0.113.7", PROXIES.resolve("127.0.0.1", List.of("203.0.113.7")));
    assertEquals(
        "127.0.0.1", PROXIES.resolve("127.0.0.1", List.of()), "no header: the proxy itself");
  }

  @Test
  void onlyAsFarAsTheChainOfTrustedProxiesGoes() {
    // The client wrote the first entry itself; our proxies appended the rest.
    assertEquals(
        "203.0.113.7",
        PROXIES.resolve("127.0.0.1", List.of("198.51.100.1, 203.0.113.7, 10.0.0.2")));
    assertEquals(
        "203.0.113.7",
        PROXIES.resolve("127.0.0.1", List.of("198.51.100.1", "203.0.113.7,10.0.0.2")),
        "several header lines are one list");
    assertEquals(
        "192.0.2.9",
        PROXIES.resolve("192.0.2.9", List.of("203.0.113.7")),
        "an untrusted peer's header is ignored");
    assertEquals(
        "10.9.9.9",
        PROXIES.resolve("127.0.0.1", List.of("10.9.9.9, 10.1.2.3")),
        "all hops trusted: the first");
  }

  @Test
  void garbageStopsTheWalk() {
    assertEquals(
        "10.0.0.2", PROXIES.resolve("127.0.0.1", List.of("203.0.113.7, evil.example, 10.0.0.2")));
    assertEquals(
        "127.0.0.1",
        PROXIES.resolve("127.0.0.1", List.of("999.1.1.1")),
        "not an address, and never looked up");
    assertEquals("127.0.0.1", PROXIES.resolve("127.0.0.1", List.of("")));
    assertEquals("127.0.0.1", PROXIES.resolve("127.0.0.1", List.of(".:1")));
    assertEquals("127.0.0.1", PROXIES.resolve("127.0.0.1", List.of("fe80::zz")));
  }

  @Test
  void portsBracketsAndIpv6() {
    assertEquals("203.0.113.7", PROXIES.resolve("127.0.0.1", List.of("203.0.113.7:51234")));
    assertEquals(
        "2001:db8:0:0:0:0:0:1", PROXIES.resolve("0:0:0:0:0:0:0:1", List.of("[2001:db8::1]:443")));
    assertEquals(
        "2001:db8:0:0:0:0:0:2", PROXIES.resolve("0:0:0:0:0:0:0:1", List.of("2001:db8::2")));
  }

  @Test
  void networksMatchByPrefix() {
    ClientAddress half = ClientAddress.trusting(List.of("192.168.1.0/25"));
    assertEquals("203.0.113.7", half.resolve("192.168.1.127", List.of("203.0.113.7")));
    assertEquals("192.168.1.128", half.resolve("192.168.1.128", List.of("203.0.113.7")));
    ClientAddress everyone = ClientAddress.trusting(List.of("0.0.0.0/0"));
    assertEquals("203.0.113.7", everyone.resolve("8.8.8.8", List.of("203.0.113.7")));
    assertEquals(
        "11.0.0.1", PROXIES.resolve("11.0.0.1", List.of("203.0.113.7")), "11/8 is not 10/8");
  }

  @Test
  void badEntriesAreNamed() {
    for (String bad :
        List.of(
            "proxy.example", "10.0.0.0/33", "10.0.0/8", "", "10.0.0.1/x", "::1/129", "256.0.0.1")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ClientAddress.trusting(List.of(bad)));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }
}
