package io.surge.support.tickets;

import io.surge.db.ConstraintViolation;
import io.surge.http.ApiException;
import io.surge.http.ETags;
import io.surge.orders.DueOrders;
import io.surge.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Feedback tickets: open one (from the help form or from a chat), reply in its thread, and let agents
 * change its status, assignee and category. Each change runs in one transaction under the ticket's row
 * lock, bumps its version, writes an audit row per change and its event to the outbox
 * (topic {@code tickets.topic}: {@code ticket.created}, {@code ticket.replied}, {@code ticket.updated}).
 *
 * <p>Status rules: a ticket starts {@code new}; a customer's reply reopens a {@code pending} or {@code solved}
 * one; an agent's first public reply or assignment opens a {@code new} one; {@code closed} is final.
 */
public final class Tickets {

  /** Who acts: stored in the thread and the history. Admins act as agents. */
  public enum Role {
    CUSTOMER, AGENT, SYSTEM;

    String db() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public record Actor(UUID id, Role role) {
    boolean staff() {
      return role != Role.CUSTOMER;
    }
  }

  /** A ticket to open; {@code conversationId} set when a chat becomes a ticket (then it is opened at most once). */
  public record NewTicket(UUID customerId, String subject, String body, String category, UUID orderId,
    UUID conversationId,
    Actor openedBy) {
  }

  /** What an agent changes; null leaves a field as it is ({@code assigneeGiven} with a null id unassigns). */
  record Change(String status, boolean assigneeGiven, UUID assigneeId, String category, String note,
    Integer expectedVersion) {

    /** A status change alone, e.g. the automatic close of a solved ticket. */
    static Change status(String status, String note, Integer expectedVersion) {
      return new Change(status, false, null, null, note, expectedVersion);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final String topic;

  public Tickets(Vertx vertx, Pool pool, String topic) {
    this.vertx = vertx;
    this.pool = pool;
    this.topic = topic;
  }

  /** Opens a ticket with its first message; yields the ticket. The entry point the chat uses to turn a chat into a ticket. */
  public Future<JsonObject> open(NewTicket ticket) {
    String category = ticket.category() == null ? "other" : ticket.category();
    return ownOrder(ticket.customerId(), ticket.orderId())
      .compose(v -> pool.withTransaction(tx -> tx.preparedQuery(TicketSql.INSERT)
        .execute(Tuple.of(ticket.customerId(), ticket.subject(), category, ticket.orderId(), ticket.conversationId()))
        .compose(rows -> rows.size() == 0
          ? tx.preparedQuery(TicketSql.BY_CONVERSATION).execute(Tuple.of(ticket.conversationId()))
            .map(found -> sameCustomer(TicketJson.ticket(found.iterator().next()), ticket.customerId()))
          : created(tx, rows.iterator().next(), ticket))))
      .recover(Tickets::mapDatabaseError)
      .onSuccess(created -> Outbox.nudge(vertx));
  }

  private Future<JsonObject> created(SqlConnection tx, Row row, NewTicket ticket) {
    UUID id = row.getUUID("id");
    Actor by = ticket.openedBy();
    JsonObject json = TicketJson.ticket(row);
    return tx.preparedQuery(TicketSql.INSERT_MESSAGE)
      .execute(Tuple.of(id, by.id(), by.role().db(), ticket.body(), false))
      .compose(v -> history(tx, id, "created", null, "new", by, ticket.conversationId() == null ? null : "from a chat"))
      .compose(v -> Outbox.append(tx, topic, "ticket", id, "ticket.created", 1, json.copy()))
      .map(json);
  }

  /** The chat's ticket exists already: it is that customer's, never another's. */
  private static JsonObject sameCustomer(JsonObject existing, UUID customerId) {
    if (!customerId.toString().equals(existing.getString("customer_id"))) {
      throw ApiException.conflict(TicketErrors.CONVERSATION_TAKEN,
        "This conversation already became another customer's ticket.");
    }
    return existing;
  }

  private Future<Void> ownOrder(UUID customerId, UUID orderId) {
    if (orderId == null) {
      return Future.succeededFuture();
    }
    // an order answered 202 a moment ago (a flash sale's) may still be due: written out first
    return DueOrders.readWrittenOut(vertx, pool, orderId,
      () -> pool.preparedQuery(TicketSql.OWN_ORDER).execute(Tuple.of(orderId, customerId)))
      .compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.unprocessable(TicketErrors.UNKNOWN_ORDER, "The customer has no such order."))
        : Future.succeededFuture());
  }

  /** The ticket with its history; {@code owner} null for staff, else another customer's ticket is not found. */
  Future<JsonObject> read(UUID ticketId, UUID owner) {
    return pool.preparedQuery(TicketSql.FIND).execute(Tuple.of(ticketId, owner)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("The ticket"));
      }
      Row row = rows.iterator().next();
      JsonObject ticket = TicketJson.ticket(row);
      Future<RowSet<Row>> history = pool.preparedQuery(TicketSql.HISTORY).execute(Tuple.of(ticketId));
      // staff see who they are talking to: the customer's name, email and latest orders
      Future<RowSet<Row>> customer = owner != null ? Future.succeededFuture()
        : pool.preparedQuery(TicketSql.CUSTOMER_CONTEXT).execute(Tuple.of(row.getUUID("customer_id")));
      return Future.all(history, customer).map(all -> {
        ticket.put("history", TicketJson.history(history.result()));
        if (customer.result() != null) {
          ticket.put("customer", TicketJson.customer(customer.result()));
        }
        return ticket;
      });
    });
  }

  /** Adds a message to the thread; yields it. Internal notes (staff only) change nothing else. */
  Future<JsonObject> reply(UUID ticketId, Actor actor, String body, boolean internal) {
    return pool.withTransaction(tx -> lock(tx, ticketId, actor.staff() ? null : actor.id()).compose(ticket -> {
      refuseClosed(ticket);
      String from = ticket.getString("status");
      String to = internal ? from : statusAfterReply(from, actor);
      return tx.preparedQuery(TicketSql.INSERT_MESSAGE)
        .execute(Tuple.of(ticketId, actor.id(), actor.role().db(), body, internal))
        .compose(inserted -> {
          JsonObject message = TicketJson.message(inserted.iterator().next());
          if (internal) {
            return Future.succeededFuture(message);
          }
          return update(tx, ticket, to, assigneeOf(ticket), ticket.getString("category"), Update.REPLY)
            .compose(updated -> (to.equals(from) ? Future.<Void>succeededFuture()
              : history(tx, ticketId, "status", from, to, actor, actor.staff() ? "agent replied" : "customer replied"))
              .compose(v -> Outbox.append(tx, topic, "ticket", ticketId, "ticket.replied",
                updated.getInteger("version"),
                new JsonObject().put("ticket_id", ticketId.toString())
                  .put("customer_id", updated.getString("customer_id"))
                  .put("author_role", actor.role().db()).put("status", to).put("message_id", message.getString("id")))))
            .map(message);
        });
    }))
      .onSuccess(message -> Outbox.nudge(vertx));
  }

  private static String statusAfterReply(String status, Actor actor) {
    if (actor.staff()) {
      return "new".equals(status) ? "open" : status;
    }
    return "pending".equals(status) || "solved".equals(status) ? "open" : status;
  }

  /** An agent's change of status, assignee or category; yields the ticket with its history. */
  Future<JsonObject> change(UUID ticketId, Actor actor, Change change) {
    return pool.withTransaction(tx -> lock(tx, ticketId, null).compose(ticket -> {
      ETags.requireCurrent(change.expectedVersion(), ticket.getInteger("version"),
        "The ticket has changed since it was read (version " + ticket.getInteger("version") + ").");
      refuseClosed(ticket);
      UUID assignee = change.assigneeGiven() ? change.assigneeId() : assigneeOf(ticket);
      String category = change.category() == null ? ticket.getString("category") : change.category();
      String status = change.status() != null ? change.status()
        : "new".equals(ticket.getString("status")) && assignee != null ? "open" : ticket.getString("status");
      return staffMember(tx, Objects.equals(assignee, assigneeOf(ticket)) ? null : assignee)
        .compose(v -> apply(tx, ticket, actor, status, assignee, category, change.note()));
    }))
      .compose(changed -> read(ticketId, null))
      .onSuccess(ticket -> Outbox.nudge(vertx));
  }

  private Future<Boolean> apply(SqlConnection tx, JsonObject ticket, Actor actor, String status, UUID assignee,
    String category,
    String note) {
    UUID id = UUID.fromString(ticket.getString("id"));
    List<String[]> changes = new ArrayList<>();
    addIfChanged(changes, "status", ticket.getString("status"), status);
    addIfChanged(changes, "assignee", ticket.getString("assignee_id"), assignee == null ? null : assignee.toString());
    addIfChanged(changes, "category", ticket.getString("category"), category);
    if (changes.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return update(tx, ticket, status, assignee, category, Update.CHANGE).compose(updated -> {
      Future<Void> chain = Future.succeededFuture();
      JsonObject data = new JsonObject().put("ticket_id", id.toString())
        .put("customer_id", updated.getString("customer_id"))
        .put("status", status).put("assignee_id", updated.getString("assignee_id")).put("category", category);
      for (String[] c : changes) {
        chain = chain.compose(v -> history(tx, id, c[0], c[1], c[2], actor, note));
        data.put("previous_" + c[0], c[1]);
      }
      return chain
        .compose(v -> Outbox.append(tx, topic, "ticket", id, "ticket.updated", updated.getInteger("version"), data));
    }).map(true);
  }

  private static void addIfChanged(List<String[]> changes, String what, String from, String to) {
    if (!Objects.equals(from, to)) {
      changes.add(new String[] {what, from, to});
    }
  }

  private Future<Void> staffMember(SqlConnection tx, UUID assignee) {
    if (assignee == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(TicketSql.IS_STAFF).execute(Tuple.of(assignee)).compose(rows -> rows.size() == 0
      ? Future
        .failedFuture(ApiException.unprocessable(TicketErrors.UNKNOWN_AGENT, "Tickets can only be assigned to agents."))
      : Future.succeededFuture());
  }

  private static Future<JsonObject> lock(SqlConnection tx, UUID ticketId, UUID owner) {
    return tx.preparedQuery(TicketSql.LOCK).execute(Tuple.of(ticketId, owner)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The ticket"))
      : Future.succeededFuture(TicketJson.ticket(rows.iterator().next())));
  }

  private static UUID assigneeOf(JsonObject ticket) {
    String assignee = ticket.getString("assignee_id");
    return assignee == null ? null : UUID.fromString(assignee);
  }

  private static void refuseClosed(JsonObject ticket) {
    if ("closed".equals(ticket.getString("status"))) {
      throw ApiException.conflict(TicketErrors.TICKET_CLOSED, "The ticket is closed; open a new one.");
    }
  }

  /** Why a ticket row is updated: a public reply (which moves {@code last_reply_at}) or an agent's change. */
  private enum Update {
    REPLY, CHANGE
  }

  private static Future<JsonObject> update(SqlConnection tx, JsonObject ticket, String status, UUID assignee,
    String category,
    Update why) {
    return tx.preparedQuery(TicketSql.UPDATE)
      .execute(Tuple.of(UUID.fromString(ticket.getString("id")), status, assignee, category, why == Update.REPLY))
      .map(rows -> TicketJson.ticket(rows.iterator().next()));
  }

  private static Future<Void> history(SqlConnection tx, UUID ticketId, String change, String from, String to,
    Actor actor,
    String note) {
    return tx.preparedQuery(TicketSql.INSERT_HISTORY)
      .execute(Tuple.of(ticketId, change, from, to, actor.id(), actor.role().db(), note)).mapEmpty();
  }

  /** Rules the database enforces (lengths, categories) come back as 422, never a bare 500. */
  private static <T> Future<T> mapDatabaseError(Throwable failure) {
    return ConstraintViolation.answer(failure, violation -> violation.kind() == ConstraintViolation.Kind.UNIQUE ? null
      : ApiException.unprocessable(TicketErrors.CONSTRAINT_VIOLATED,
        "The ticket breaks a rule (" + violation.constraint() + ")."));
  }
}
