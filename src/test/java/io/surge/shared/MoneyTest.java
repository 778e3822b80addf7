package io.surge.shared;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MoneyTest {

  @Test
  @DisplayName("money is written as {amount in minor units, currency}; an absent amount is JSON null")
  void money() {
    assertEquals("{\"amount\":1999,\"currency\":\"EUR\"}", new Money(1999, "EUR").toJson().encode());
    assertEquals("{\"amount\":1999,\"currency\":\"EUR\"}", Money.jsonOrNull(1999L, "EUR").encode());
    assertNull(Money.jsonOrNull(null, "EUR"));
  }

  @Test
  @DisplayName("times are written as UTC instants; null stays null")
  void time() {
    assertEquals("2025-05-01T07:30:00Z", JsonTime.time(OffsetDateTime.parse("2025-05-01T09:30:00+02:00")));
    assertNull(JsonTime.time(null));
  }
}
