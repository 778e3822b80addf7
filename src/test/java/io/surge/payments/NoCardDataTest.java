package io.surge.payments;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.surge.support.Api;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Surge never holds card data: after a full payment life (including events that carry a card number, which a
 * careless server would store or log), no Luhn-valid 13-19 digit number is in any text column of the database,
 * in this run's log lines, or in the log output of the test classes that ran before.
 */
@ExtendWith({VertxExtension.class, SurgeServerExtension.class})
class NoCardDataTest {

  private static final String CARD = "4242 4242 4242 4242";
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  private Api api;
  private PaymentFixtures shop;

  @BeforeAll
  static void captureLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LOGS.setContext(root.getLoggerContext());
    LOGS.start();
    root.addAppender(LOGS);
  }

  @AfterAll
  static void stopCapturing() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    api = new Api(vertx);
    shop = new PaymentFixtures(api, vertx);
  }

  @Test
  @DisplayName("the card finder finds cards (spaced, dashed, Amex) and not ids, timestamps or amounts")
  void finderWorks() {
    assertEquals(List.of("4242424242424242"), CardNumbers.find("paid with " + CARD + "."));
    assertEquals(List.of("4000056655665556"), CardNumbers.find("{\"n\":\"4000-0566-5566-5556\"}"));
    assertEquals(List.of("378282246310005"), CardNumbers.find("amex=378282246310005"));
    assertEquals(List.of(),
      CardNumbers.find("4242424242424241 1764036778123 5b4a9c3e-8d1f-4a2b-9c3d-1234567890ab 12345"));
  }

  @Test
  @DisplayName("after paying, failing, refunding, reconciling and receiving card-bearing events: no card number in the database or the logs")
  void noCardNumberAnywhere() throws IOException {
    String sku = shop.sku("CARD-1", 4999, 10);
    String token = api.customerToken();
    String orderId = shop.order(token, sku, 1);
    JsonObject failed = shop.payment(token, orderId);
    shop.customerAtProvider(failed.getString("provider_payment_id"), "fail");
    shop.awaitPayment(failed.getString("id"), "status", "failed");
    JsonObject paid = shop.payment(token, orderId);
    shop.customerAtProvider(paid.getString("provider_payment_id"), "succeed");
    shop.awaitPayment(paid.getString("id"), "order_outcome", "paid");
    assertEquals(201, shop.refund(paid.getString("id"), 999, "card-test-refund", false).status());
    assertEquals(200, api.post("/api/v1/admin/payments:reconcile", shop.admin(), null).status());

    // Events that carry card details: a signed one Surge has no use for, and a forged one it refuses.
    JsonObject card = new JsonObject().put("number", CARD).put("exp_month", 12).put("exp_year", 2030);
    Buffer attached = PaymentFixtures.event("evt_card_1", "payment_method.attached",
      new JsonObject().put("id", "pm_1").put("object", "payment_method").put("card", card));
    assertEquals(200, shop.webhook(attached, PaymentFixtures.signed(attached)).status());
    Buffer forged = PaymentFixtures.event("evt_card_2", "payment_intent.succeeded",
      new JsonObject().put("id", paid.getString("provider_payment_id")).put("payment_method",
        new JsonObject().put("card", card)));
    assertEquals(400, shop.webhook(forged, "t=1,v1=00").status());
    Wait.until("the sandbox's own deliveries (failed, succeeded, refunded) to land too", PaymentFixtures.WEBHOOKS,
      () -> shop.stats().getInteger("webhooks_delivered"), delivered -> delivered >= 3);

    List<String> inDatabase = scanDatabase();
    assertTrue(inDatabase.isEmpty(), () -> "card numbers in the database: " + inDatabase);

    List<String> inLogs = new ArrayList<>();
    for (ILoggingEvent event : LOGS.list) {
      String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
        : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      CardNumbers.find(line).forEach(found -> inLogs.add(found + " in: " + line));
    }
    assertTrue(LOGS.list.size() > 0, "the log capture works");
    Path reports = Path.of("target/surefire-reports");
    if (Files.isDirectory(reports)) {
      try (Stream<Path> files = Files.list(reports)) {
        for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-output.txt")).toList()) {
          String text = Files.readString(file, StandardCharsets.UTF_8);
          CardNumbers.find(text).forEach(found -> inLogs.add(found + " in " + file.getFileName()));
        }
      }
    }
    assertTrue(inLogs.isEmpty(), () -> "card numbers in the logs: " + inLogs);
  }

  /** Every text-like column of every table, as text (bytea as escaped text: idempotent responses are stored there). */
  private static List<String> scanDatabase() {
    List<String> found = new ArrayList<>();
    List<Row> columns = new ArrayList<>();
    Wait.forResult(TestServer.db().query("""
        SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
        """).execute()).forEach(columns::add);
    assertTrue(columns.size() > 20, "the scan covers the schema");
    for (Row column : columns) {
      String name = "\"" + column.getString("column_name") + "\"";
      String expression = "bytea".equals(column.getString("data_type")) ? "encode(" + name + ", 'escape')"
        : name + "::text";
      String sql = "SELECT " + expression + " FROM \"" + column.getString("table_name") + "\" WHERE " + name
        + " IS NOT NULL";
      Wait.forResult(TestServer.db().query(sql).execute())
        .forEach(row -> CardNumbers.find(row.getString(0))
          .forEach(card -> found.add(card + " in " + column.getString("table_name") + "."
            + column.getString("column_name"))));
    }
    return found;
  }
}
