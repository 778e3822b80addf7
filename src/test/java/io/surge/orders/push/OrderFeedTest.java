package io.surge.orders.push;

import com.fasterxml.jackson.core.JsonParseException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The feed reads an event's buyer from the envelope's text without building its tree. */
class OrderFeedTest {

  @Test
  @DisplayName("the buyer is data.user_id wherever the fields stand, nested values before it skipped unread")
  void readsTheBuyer() throws Exception {
    String envelope = "{\"id\":\"e1\",\"type\":\"order.created\",\"aggregate_id\":\"o1\",\"version\":1,\"data\":"
      + "{\"order_id\":\"o1\",\"lines\":[{\"user_id\":\"not-this\"}],\"total\":{\"amount\":4900},\"user_id\":\"u1\"}}";
    assertEquals("u1", OrderFeed.buyer(envelope));
    assertEquals("u2", OrderFeed.buyer("{\"data\":{\"user_id\":\"u2\"},\"user_id\":\"not-this\",\"type\":\"x\"}"));
    assertEquals("u3",
      OrderFeed.buyer("{\"meta\":{\"data\":{\"user_id\":\"not-this\"}},\"data\": {\"user_id\" : \"u3\"}}"));
  }

  @Test
  @DisplayName("an event without a buyer names none; an unreadable one fails")
  void noBuyer() {
    assertDoesNotName("{\"type\":\"order.created\",\"data\":{\"order_id\":\"o1\"}}");
    assertDoesNotName("{\"type\":\"order.created\",\"data\":null}");
    assertDoesNotName("{\"type\":\"order.created\",\"data\":{\"user_id\":null}}");
    assertDoesNotName("[1,2]");
    assertThrows(JsonParseException.class, () -> OrderFeed.buyer("{\"data\":{\"user_id\":"));
  }

  private static void assertDoesNotName(String envelope) {
    try {
      assertNull(OrderFeed.buyer(envelope), envelope);
    } catch (Exception e) {
      throw new AssertionError(envelope, e);
    }
  }
}
