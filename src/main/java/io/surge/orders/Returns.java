package io.surge.orders;

import io.surge.catalog.Stock;
import io.surge.http.ApiException;
import io.surge.orders.OrderStatus.Transition;
import io.surge.orders.OrderTransitions.Actor;
import io.surge.orders.OrderTransitions.AfterCommit;
import io.surge.orders.OrdersBus.RefundWanted;
import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Returns: after delivery money comes back only this way. The customer asks within
 * {@code orders.returnWindowDays} of delivery, with a reason and optionally some lines (the order goes to
 * refund_requested; one open request per order); the merchant approves (all of it or some lines, each put back
 * on the shelf or not) and payments is asked for those lines' amount, or declines with a reason and the order goes
 * back to where it was. Each step is one transaction that also writes the order's history and an outbox event.
 */
final class Returns {

  private final Vertx vertx;
  private final Pool pool;
  private final OrderTransitions transitions;
  private final String topic;
  private final int windowDays;

  Returns(Vertx vertx, Pool pool, OrderTransitions transitions, String topic, int windowDays) {
    this.vertx = vertx;
    this.pool = pool;
    this.transitions = transitions;
    this.topic = topic;
    this.windowDays = windowDays;
  }

  /** The customer's request; 404 for anyone else's order. Yields the request. */
  Future<JsonObject> request(UUID orderId, UUID owner, JsonObject body) {
    String reason = text(body.getString("reason"), "reason", "Say why the goods go back.");
    JsonArray asked = body.getJsonArray("lines", new JsonArray());
    UUID returnId = UUID.randomUUID();
    AfterCommit after = new AfterCommit();
    return pool.withTransaction(tx -> tx.preparedQuery(OrderSql.LOCK_ORDER).execute(Tuple.of(orderId, owner))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(ApiException.notFound("The order"));
        }
        Row order = rows.iterator().next();
        return tx.preparedQuery(ReturnSql.OPEN_OF_ORDER).execute(Tuple.of(orderId)).compose(open -> {
          if (open.size() > 0) {
            return Future.failedFuture(ApiException.conflict(OrderErrors.RETURN_ALREADY_OPEN,
              "The order has an open return request (" + open.iterator().next().getUUID("id")
                + "); wait for the merchant's answer."));
          }
          OrderStatus status = OrderStatus.of(order.getString("status"));
          if (!Transition.REQUEST_RETURN.allowedFrom(status)) {
            return Future.failedFuture(new ApiException(409, OrderErrors.ILLEGAL_TRANSITION, "Conflict",
              "The order is " + status.db() + "; goods can be returned only once it is delivered."));
          }
          OffsetDateTime closes = order.getOffsetDateTime("delivered_at").plusDays(windowDays);
          if (OffsetDateTime.now().isAfter(closes)) {
            return Future.failedFuture(ApiException.conflict(OrderErrors.RETURN_WINDOW_CLOSED,
              "Returns close " + windowDays + " days after delivery; this order's window closed at " + closes + "."));
          }
          return orderLines(tx, orderId).compose(lines -> {
            JsonArray wanted = requestedLines(asked, lines);
            return tx.preparedQuery(ReturnSql.INSERT)
              .execute(Tuple.of(returnId, orderId, reason, wanted, status.db()))
              .compose(v -> transitions.within(tx, orderId, owner, Transition.REQUEST_RETURN, Actor.CUSTOMER, owner,
                reason, new JsonObject().put("return_id", returnId.toString()).put("lines", wanted), after));
          });
        });
      }))
      .onSuccess(row -> transitions.announce(after))
      .compose(row -> one(returnId));
  }

  /**
   * The merchant's yes: {@code lines} [{line_no, quantity?, restock?}] or, without it, everything asked
   * ({@code restock} for all). The approved goods to restock go back on the shelf now; then payments is asked for
   * their amount. Approving an approved request again asks payments again for the same refund (after a provider
   * outage, say). Yields the request with the refund as payments answered.
   */
  Future<JsonObject> approve(UUID returnId, UUID adminId, JsonObject body) {
    AfterCommit after = new AfterCommit();
    return pool.withTransaction(tx -> lock(tx, returnId).compose(request -> {
      String status = request.getString("status");
      if ("approved".equals(status)) {
        return Future.succeededFuture(request);
      }
      if (!"requested".equals(status)) {
        return Future.failedFuture(decided(status));
      }
      UUID orderId = request.getUUID("order_id");
      return tx.preparedQuery(OrderSql.LOCK_ORDER).execute(Tuple.of(orderId, (UUID) null))
        .compose(locked -> orderLines(tx, orderId))
        .compose(lines -> {
          JsonArray approved = approvedLines(body, request.getJsonArray("lines"), lines);
          long amount = 0;
          Map<UUID, Integer> restock = new TreeMap<>();
          for (int i = 0; i < approved.size(); i++) {
            JsonObject line = approved.getJsonObject(i);
            amount += line.getLong("amount");
            if (line.getBoolean("restock")) {
              restock.merge(lines.get(line.getInteger("line_no")).getUUID("sku_id"), line.getInteger("quantity"),
                Integer::sum);
            }
          }
          long refund = amount;
          Future<Void> shelved = restock.isEmpty() ? Future.succeededFuture()
            : Stock.restock(tx, restock).compose(moved -> {
              after.moved.addAll(moved);
              // the order's goods came back through its return: a later refund "with goods returned" restocks none
              return tx.preparedQuery(OrderSql.MARK_RESTOCKED).execute(Tuple.of(orderId)).<Void>mapEmpty();
            });
          String note = "return approved: " + refund + " " + request.getString("currency") + " minor units";
          return shelved
            .compose(v -> tx.preparedQuery(ReturnSql.APPROVE).execute(Tuple.of(returnId, approved, refund, adminId)))
            .compose(v -> tx.preparedQuery(ReturnSql.BUMP_ORDER).execute(Tuple.of(orderId)))
            .compose(bumped -> {
              String orderStatus = OrderStatus.REFUND_REQUESTED.db();
              return OrderLedger.recordHistory(tx, orderId, orderStatus, orderStatus, adminId, "admin", note)
                .compose(v -> Outbox.append(tx, topic, "order", orderId, "order.return_approved",
                  bumped.iterator().next().getInteger("version"), new JsonObject()
                    .put("order_id", orderId.toString())
                    .put("user_id", request.getUUID("user_id").toString())
                    .put("return_id", returnId.toString())
                    .put("lines", approved)
                    .put("refund",
                      new JsonObject().put("amount", refund).put("currency", request.getString("currency")))));
            })
            .compose(v -> lock(tx, returnId));
        });
    }))
      .onSuccess(row -> transitions.announce(after))
      .compose(request -> askRefund(request).map(refund -> ReturnJson.of(request).put("refund_at_payments", refund)));
  }

  /** The merchant's no, with a reason the customer sees; the order goes back to delivered or completed. */
  Future<JsonObject> decline(UUID returnId, UUID adminId, JsonObject body) {
    String reason = text(body.getString("reason"), "reason", "Tell the customer why the return is declined.");
    AfterCommit after = new AfterCommit();
    return pool.withTransaction(tx -> lock(tx, returnId).compose(request -> {
      String status = request.getString("status");
      if (!"requested".equals(status)) {
        return Future.failedFuture(decided(status));
      }
      Transition back = OrderStatus.COMPLETED.db().equals(request.getString("order_status_before"))
        ? Transition.DECLINE_RETURN_TO_COMPLETED : Transition.DECLINE_RETURN_TO_DELIVERED;
      return tx.preparedQuery(ReturnSql.DECLINE).execute(Tuple.of(returnId, reason, adminId))
        .compose(v -> transitions.within(tx, request.getUUID("order_id"), null, back, Actor.ADMIN, adminId,
          "return declined: " + reason, new JsonObject().put("return_id", returnId.toString()), after));
    }))
      .onSuccess(row -> transitions.announce(after))
      .compose(row -> one(returnId));
  }

  /** The order's return requests, oldest first (on the order's view). */
  Future<JsonArray> ofOrder(UUID orderId) {
    return pool.preparedQuery(ReturnSql.OF_ORDER).execute(Tuple.of(orderId)).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(ReturnJson.of(row)));
      return items;
    });
  }

  private Future<JsonObject> one(UUID returnId) {
    return pool.preparedQuery(ReturnSql.ONE).execute(Tuple.of(returnId))
      .map(rows -> ReturnJson.of(rows.iterator().next()));
  }

  /**
   * Payments refunds the approved amount (the same refund however often it is asked); the order moves to
   * partially_refunded or refunded when the refund succeeds. A refusal is the payment's problem (409, 503...).
   */
  private Future<JsonObject> askRefund(Row request) {
    RefundWanted wanted = new RefundWanted(request.getUUID("order_id"), request.getUUID("id"),
      request.getLong("refund_amount"), "return approved: " + request.getString("reason"));
    return vertx.eventBus().<JsonObject>request(OrdersBus.REFUND_WANTED, wanted.toJson())
      .map(reply -> reply.body())
      .recover(e -> Future.failedFuture(e instanceof ReplyException reply && reply.failureCode() >= 400
        && reply.failureCode() < 600
          ? new ApiException(reply.failureCode(), reply.getMessage(), "Refund not made",
            "The return is approved but payments did not refund it (" + reply.getMessage()
              + "); approving it again asks for the same refund.")
          : new ApiException(503, "payments_unavailable", "Service Unavailable",
            "The return is approved but payments did not answer; approving it again asks for the same refund.")));
  }

  private static Future<Row> lock(SqlConnection tx, UUID returnId) {
    return tx.preparedQuery(ReturnSql.LOCK).execute(Tuple.of(returnId)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The return request"))
      : Future.succeededFuture(rows.iterator().next()));
  }

  private static ApiException decided(String status) {
    return ApiException.conflict(OrderErrors.RETURN_DECIDED, "The return request is " + status + " already.");
  }

  /** The order's lines by number, in order. */
  private static Future<Map<Integer, Row>> orderLines(SqlConnection tx, UUID orderId) {
    return tx.preparedQuery(OrderSql.LINES).execute(Tuple.of(orderId)).map(rows -> {
      Map<Integer, Row> lines = new LinkedHashMap<>();
      rows.forEach(row -> lines.put(row.getInteger("line_no"), row));
      return lines;
    });
  }

  /** What the customer asks back, [{line_no, quantity}] checked against the order; empty: the whole order. */
  private static JsonArray requestedLines(JsonArray asked, Map<Integer, Row> lines) {
    JsonArray wanted = new JsonArray();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < asked.size(); i++) {
      JsonObject line = asked.getJsonObject(i);
      int number = lineNo(line, "lines[" + i + "]", lines, seen);
      int most = lines.get(number).getInteger("quantity");
      int quantity = quantity(line, "lines[" + i + "]", most, most);
      wanted.add(new JsonObject().put("line_no", number).put("quantity", quantity));
    }
    return wanted;
  }

  /**
   * The merchant's approved lines, each with its quantity, restock and amount (unit price times quantity), within
   * what was asked: a line the customer did not ask for, or more units than asked, is a 400 naming it.
   */
  private static JsonArray approvedLines(JsonObject body, JsonArray asked, Map<Integer, Row> lines) {
    Map<Integer, Integer> askable = new TreeMap<>();
    if (asked.isEmpty()) {
      lines.forEach((number, row) -> askable.put(number, row.getInteger("quantity")));
    } else {
      asked.forEach(o -> askable.put(((JsonObject) o).getInteger("line_no"), ((JsonObject) o).getInteger("quantity")));
    }
    boolean restockAll = body.getBoolean("restock", false);
    JsonArray chosen = body.getJsonArray("lines");
    JsonArray approved = new JsonArray();
    if (chosen == null) {
      askable.forEach((number, quantity) -> approved.add(approvedLine(lines.get(number), quantity, restockAll)));
      return approved;
    }
    if (chosen.isEmpty()) {
      throw ApiException.invalidField("lines", "min_items",
        "Approve at least one line, or leave lines out to approve everything asked.");
    }
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < chosen.size(); i++) {
      JsonObject line = chosen.getJsonObject(i);
      String field = "lines[" + i + "]";
      int number = lineNo(line, field, lines, seen);
      Integer most = askable.get(number);
      if (most == null) {
        throw ApiException.invalidField(field + ".line_no", "not_asked",
          "The customer did not ask to return line " + number + ".");
      }
      approved.add(approvedLine(lines.get(number), quantity(line, field, most, most),
        line.getBoolean("restock", restockAll)));
    }
    return approved;
  }

  private static JsonObject approvedLine(Row line, int quantity, boolean restock) {
    return new JsonObject().put("line_no", line.getInteger("line_no")).put("quantity", quantity)
      .put("restock", restock).put("amount", line.getLong("unit_amount") * quantity);
  }

  private static int lineNo(JsonObject line, String field, Map<Integer, Row> lines, Set<Integer> seen) {
    Integer number = line.getInteger("line_no");
    if (number == null || !lines.containsKey(number)) {
      throw ApiException.invalidField(field + ".line_no", "unknown", "The order has no line " + number + ".");
    }
    if (!seen.add(number)) {
      throw ApiException.invalidField(field + ".line_no", "duplicate", "Line " + number + " is named twice.");
    }
    return number;
  }

  private static int quantity(JsonObject line, String field, int most, int fallback) {
    Integer quantity = line.getInteger("quantity", fallback);
    if (quantity < 1 || quantity > most) {
      throw ApiException.invalidField(field + ".quantity", "range", "Between 1 and " + most + " units of this line.");
    }
    return quantity;
  }

  private static String text(String value, String field, String message) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalidField(field, "required", message);
    }
    return value.strip();
  }
}
