package io.surge.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ClientAddressesTest {

  private final ClientAddresses proxies = ClientAddresses.fromConfig("10.0.0.0/8, 192.168.1.5, fd00::/8");

  @Test
  @DisplayName("X-Forwarded-For is read from the right, past trusted proxies; only a trusted peer is believed")
  void resolve() {
    assertEquals("203.0.113.7", proxies.resolve("10.1.2.3", "203.0.113.7"));
    assertEquals("198.51.100.1", proxies.resolve("10.1.2.3", "203.0.113.7, 198.51.100.1"),
      "the client's own entries are left of ours");
    assertEquals("203.0.113.7", proxies.resolve("10.1.2.3", "203.0.113.7, 192.168.1.5, 10.9.9.9"),
      "a chain of our proxies");
    assertEquals("2001:db8::1", proxies.resolve("fd00::2", "2001:db8::1"));
    assertEquals("203.0.113.9", proxies.resolve("203.0.113.9", "1.2.3.4"), "an untrusted peer's header is ignored");
    assertEquals("10.1.2.3", proxies.resolve("10.1.2.3", null));
    assertEquals("not-an-ip", proxies.resolve("10.1.2.3", "not-an-ip"),
      "garbage is at worst its own bucket, never a proxy");
    assertEquals("10.1.2.3", proxies.resolve("10.1.2.3", "10.4.4.4"), "only proxies: the peer");
    assertNull(ClientAddresses.fromConfig(" "), "nothing trusted: no handler, the socket address counts");
  }
}
