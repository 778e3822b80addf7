package io.surge.app;

import io.surge.catalog.CatalogBus.CatalogEvent;
import io.surge.flashsale.FlashSaleBus.UnitsReturned;
import io.surge.orders.OrdersBus.Pay;
import io.surge.orders.OrdersBus.Refund;
import io.surge.support.tickets.TicketsBus.OpenTicket;
import io.surge.users.PrivacyBus;
import io.surge.users.PrivacyBus.Subject;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The event-bus records keep their wire form (the order's events carry the payment fields as they are). No server. */
class BusRecordsTest {

  private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID PAYMENT = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final UUID OTHER = UUID.fromString("00000000-0000-0000-0000-00000000000c");

  @Test
  @DisplayName("pay and refund requests are the JSON the orders domain always read, and read back to the same record")
  void ordersRequests() {
    Pay pay = new Pay(ORDER, PAYMENT, "pi_1");
    assertEquals(new JsonObject().put("order_id", ORDER.toString()).put("payment_id", PAYMENT.toString())
      .put("provider_payment_id", "pi_1"), pay.toJson());
    assertEquals(pay, Pay.from(pay.toJson()));
    Refund refund = new Refund(ORDER, PAYMENT, OTHER, 1250, false, true, "damaged");
    assertEquals(new JsonObject().put("order_id", ORDER.toString()).put("payment_id", PAYMENT.toString())
      .put("refund_id", OTHER.toString()).put("amount", 1250L).put("full", false).put("goods_returned", true)
      .put("reason", "damaged"), refund.toJson());
    assertEquals(refund, Refund.from(refund.toJson()));
    assertThrows(RuntimeException.class, () -> Pay.from(new JsonObject().put("order_id", "nope")));
  }

  @Test
  @DisplayName("returned flash-sale units, an opened ticket and a catalog event survive the trip through JSON")
  void otherRecords() {
    UnitsReturned units = new UnitsReturned(ORDER, OTHER, 2);
    assertEquals(units, UnitsReturned.from(units.toJson()));
    OpenTicket ticket = new OpenTicket(OTHER, "Chat", "transcript", null, null, ORDER, PAYMENT);
    assertEquals(ticket, OpenTicket.from(ticket.toJson()));
    assertThrows(RuntimeException.class, () -> OpenTicket.from(new JsonObject().put("customer_id", "nobody")));
    CatalogEvent price = new CatalogEvent("price.changed", ORDER, 7, new JsonObject().put("sku_id", OTHER.toString()));
    assertEquals(new JsonObject().put("sku_id", OTHER.toString()).put("type", "price.changed")
      .put("product_id", ORDER.toString()).put("version", 7), price.toJson());
    assertEquals(price, CatalogEvent.from(price.toJson()));
    assertEquals(new JsonObject().put("type", "categories.changed"), CatalogEvent.categoriesChanged().toJson());
  }

  @Test
  @DisplayName("a privacy request names the customer by id only, and every part has its own export and erase address")
  void privacyRecords() {
    Subject subject = new Subject(OTHER);
    assertEquals(new JsonObject().put("user_id", OTHER.toString()), subject.toJson());
    assertEquals(subject, Subject.from(subject.toJson()));
    assertThrows(RuntimeException.class, () -> Subject.from(new JsonObject().put("user_id", "someone@example.com")));
    assertEquals("surge.privacy.export.orders", PrivacyBus.export(PrivacyBus.ORDERS));
    assertEquals("surge.privacy.erase.chat", PrivacyBus.erase(PrivacyBus.CHAT));
  }
}
