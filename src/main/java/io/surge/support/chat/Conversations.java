package io.surge.support.chat;

import io.surge.http.ApiException;
import io.surge.orders.DueOrders;
import io.surge.shared.JsonTime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a chat participant can do, whatever the transport: open, write, mark read, sync, and the
 * agents' moves (take, transfer, pending, resolve, reopen). Each change is committed (with its audit
 * row) before it is acknowledged, then announced to the conversation's people through the relay.
 * A customer only ever finds their own conversations (others are "not found"); any agent may read
 * any conversation, only the assigned agent writes in it.
 */
public final class Conversations {

  static final int MAX_ACTIVE_PER_CUSTOMER = 3;
  static final int SYNC_BATCH = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final ChatRelay relay;
  private final int agentCapacity;

  /** Who is acting. */
  public record Caller(UUID id, boolean agent) {
  }

  /**
   * A stored message, the id of the one before it in its conversation (0: none; what lets a connection tell that it
   * missed one, see {@link ChatSync}) and whether it was stored by an earlier try with the same client id.
   */
  record Posted(JsonObject message, long previousId, boolean duplicate) {

    static Posted first(JsonObject message, long previousId) {
      return new Posted(message, previousId, false);
    }

    /** The same client id again: the message stored the first time. */
    static Posted again(JsonObject message, long previousId) {
      return new Posted(message, previousId, true);
    }
  }

  /** Messages after a point, the read receipts and whether more remain. */
  record Synced(JsonArray messages, JsonArray reads, boolean more) {
  }

  private record Moved(UUID conversationId, String from, String to, UUID agentBefore, UUID agentAfter) {
  }

  private record Target(String status, UUID agent) {
  }

  Conversations(Vertx vertx, Pool pool, ChatRelay relay, int agentCapacity) {
    this.vertx = vertx;
    this.pool = pool;
    this.relay = relay;
    this.agentCapacity = agentCapacity;
  }

  Future<JsonObject> open(Caller caller, String clientId, UUID orderId, String subject, String text) {
    if (caller.agent()) {
      return Future.failedFuture(ApiException.forbidden("Agents answer conversations; customers open them."));
    }
    return ownOrder(caller.id(), orderId)
      .compose(
        v -> pool.withTransaction(tx -> tx.preparedQuery(ChatSql.BY_CLIENT_ID).execute(Tuple.of(caller.id(), clientId))
          .compose(known -> known.size() > 0
            ? Future.succeededFuture(known.iterator().next().getUUID("id"))
            : create(tx, caller, clientId, orderId, subject, text))))
      .compose(this::find)
      .onSuccess(view -> {
        assignSoon();
        announceQueue();
      });
  }

  private Future<UUID> create(SqlClient tx, Caller caller, String clientId, UUID orderId, String subject, String text) {
    return underCustomerCap(tx, caller.id())
      .compose(v -> tx.preparedQuery(ChatSql.OPEN)
        .execute(Tuple.of(caller.id(), orderId, subject == null ? "" : subject, clientId)))
      .compose(rows -> {
        UUID id = rows.iterator().next().getUUID("id");
        Future<Void> audited = audit(tx, id, "opened", null, "queued", caller.id(), null);
        if (text == null || text.isBlank()) {
          return audited.map(id);
        }
        return audited.compose(
          v -> tx.preparedQuery(ChatSql.INSERT_MESSAGE).execute(Tuple.of(id, caller.id(), "customer", clientId, text)))
          .compose(inserted -> tx.preparedQuery(ChatSql.AFTER_MESSAGE)
            .execute(Tuple.of(id, inserted.iterator().next().getLong("id"), true)))
          .map(id);
      });
  }

  private Future<Void> ownOrder(UUID customerId, UUID orderId) {
    if (orderId == null) {
      return Future.succeededFuture();
    }
    // an order answered 202 a moment ago (a flash sale's) may still be due: written out first
    return DueOrders.readWrittenOut(vertx, pool, orderId,
      () -> pool.preparedQuery(ChatSql.OWN_ORDER).execute(Tuple.of(orderId, customerId)))
      .compose(
        rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The order")) : Future.succeededFuture());
  }

  Future<Posted> post(Caller caller, UUID conversationId, String clientId, String text) {
    String role = caller.agent() ? "agent" : "customer";
    List<Object> people = new ArrayList<>(2);
    return pool.preparedQuery(ChatSql.POST)
      .execute(Tuple.of(conversationId, caller.id(), role, clientId, text, caller.agent()))
      .compose(rows -> visible(rows.size() == 0 ? null : rows.iterator().next(), caller)).compose(row -> {
        if (caller.agent() && !caller.id().equals(row.getUUID("agent_id"))) {
          return Future
            .failedFuture(ApiException.forbidden("Only the agent assigned to this conversation writes in it."));
        }
        if ("resolved".equals(row.getString("status"))) {
          return Future.failedFuture(
            ApiException.conflict(ChatErrors.CONVERSATION_RESOLVED, "The conversation is resolved; reopen it first."));
        }
        people.addAll(people(row));
        if (row.getLong("id") != null) {
          return Future.succeededFuture(Posted.first(ChatJson.message(row), row.getLong("previous_id")));
        }
        // allowed, and nothing stored: an earlier try with this client id stored it
        return pool.preparedQuery(ChatSql.MESSAGE_BY_CLIENT_ID).execute(Tuple.of(conversationId, caller.id(), clientId))
          .map(earlier -> {
            Row stored = earlier.iterator().next();
            return Posted.again(ChatJson.message(stored), stored.getLong("previous_id"));
          });
      }).onSuccess(posted -> {
        // After the commit only: nobody hears of a message that could still be rolled back. A retry (same client id)
        // announces it again: the first try may have committed and never announced it (its process stopped between
        // the two, or its answer was lost); each connection sends a message once (ChatSync), so nothing is doubled.
        relay.send(people, conversationId, posted.message().getLong("id"), posted.previousId(),
          ChatFrames.of("message").put("message", posted.message()));
      });
  }

  Future<Void> typing(Caller caller, UUID conversationId, boolean typing) {
    return participants(conversationId, caller).compose(row -> relay.send(people(row), conversationId, 0,
      ChatFrames.of("typing").put("conversation_id", conversationId.toString()).put("user_id", caller.id().toString())
        .put("role", caller.agent() ? "agent" : "customer").put("typing", typing)));
  }

  Future<JsonObject> read(Caller caller, UUID conversationId, long messageId) {
    return participants(conversationId, caller)
      .compose(row -> pool.preparedQuery(ChatSql.MARK_READ).execute(Tuple.of(conversationId, caller.id(), messageId))
        .map(rows -> {
          Row read = rows.iterator().next();
          JsonObject receipt = new JsonObject().put("conversation_id", conversationId.toString())
            .put("user_id", caller.id().toString()).put("message_id", read.getLong("message_id"))
            .put("read_at", JsonTime.time(read.getOffsetDateTime("read_at")));
          relay.send(people(row), conversationId, 0, ChatFrames.of("read").mergeIn(receipt));
          return receipt;
        }));
  }

  Future<Synced> sync(Caller caller, UUID conversationId, long afterId) {
    return participants(conversationId, caller)
      .compose(
        row -> pool.preparedQuery(ChatSql.MESSAGES_AFTER).execute(Tuple.of(conversationId, afterId, SYNC_BATCH + 1)))
      .compose(rows -> {
        JsonArray messages = new JsonArray();
        rows.forEach(row -> {
          if (messages.size() < SYNC_BATCH) {
            messages.add(ChatJson.message(row));
          }
        });
        boolean more = rows.size() > SYNC_BATCH;
        return pool.preparedQuery(ChatSql.READS).execute(Tuple.of(conversationId))
          .map(reads -> new Synced(messages, ChatJson.reads(reads), more));
      });
  }

  /** The conversation as its people see it; a customer's foreign conversation is not found. */
  public Future<JsonObject> get(Caller caller, UUID conversationId) {
    return find(conversationId)
      .compose(view -> !caller.agent() && !caller.id().toString().equals(view.getString("customer_id"))
        ? Future.failedFuture(ApiException.notFound("The conversation"))
        : Future.succeededFuture(view));
  }

  Future<JsonObject> find(UUID conversationId) {
    return pool.preparedQuery(ChatSql.FIND).execute(Tuple.of(conversationId)).compose(rows -> rows.size() == 0
      ? Future.failedFuture(ApiException.notFound("The conversation"))
      : Future.succeededFuture(ChatJson.conversation(rows.iterator().next())));
  }

  // ---- agents' moves ----

  Future<JsonObject> take(Caller caller, UUID conversationId) {
    return agentsOnly(caller) != null ? agentsOnly(caller) : move(caller, conversationId, "taken", (tx, row) -> {
      if (!"queued".equals(row.getString("status"))) {
        return Future
          .failedFuture(ApiException.conflict(ChatErrors.NOT_QUEUED, "Only a queued conversation can be taken."));
      }
      return underCapacity(caller.id()).map(new Target("open", caller.id()));
    });
  }

  Future<JsonObject> transfer(Caller caller, UUID conversationId, UUID toAgent) {
    return agentsOnly(caller) != null ? agentsOnly(caller) : move(caller, conversationId, "transferred", (tx, row) -> {
      assigned(caller, row);
      if (toAgent.equals(row.getUUID("agent_id"))) {
        return Future
          .failedFuture(ApiException.conflict(ChatErrors.SAME_AGENT, "The conversation is already with this agent."));
      }
      return pool.preparedQuery(ChatSql.IS_AGENT).execute(Tuple.of(toAgent))
        .compose(rows -> rows.size() == 0
          ? Future.failedFuture(
            ApiException.unprocessable(ChatErrors.NOT_AN_AGENT, "The conversation can only go to an agent."))
          : underCapacity(toAgent))
        .map(new Target(row.getString("status"), toAgent));
    });
  }

  Future<JsonObject> pending(Caller caller, UUID conversationId) {
    return agentsOnly(caller) != null ? agentsOnly(caller) : move(caller, conversationId, "pending", (tx, row) -> {
      assigned(caller, row);
      return "open".equals(row.getString("status"))
        ? Future.succeededFuture(new Target("pending", caller.id()))
        : Future.failedFuture(
          ApiException.conflict(ChatErrors.NOT_OPEN, "Only an open conversation can wait on the customer."));
    });
  }

  Future<JsonObject> resolve(Caller caller, UUID conversationId) {
    return move(caller, conversationId, "resolved", (tx, row) -> {
      if (caller.agent()) {
        assigned(caller, row);
      }
      return "resolved".equals(row.getString("status"))
        ? Future
          .failedFuture(ApiException.conflict(ChatErrors.ALREADY_RESOLVED, "The conversation is already resolved."))
        : Future.succeededFuture(new Target("resolved", row.getUUID("agent_id")));
    });
  }

  /** An agent reopens it for themselves; a customer puts it back in the queue. */
  Future<JsonObject> reopen(Caller caller, UUID conversationId) {
    return move(caller, conversationId, "reopened", (tx, row) -> {
      if (!"resolved".equals(row.getString("status"))) {
        return Future.failedFuture(
          ApiException.conflict(ChatErrors.NOT_RESOLVED, "Only a resolved conversation can be reopened."));
      }
      Future<Void> room = underCustomerCap(tx, row.getUUID("customer_id"));
      return caller.agent()
        ? room.compose(v -> underCapacity(caller.id())).map(new Target("open", caller.id()))
        : room.map(new Target("queued", null));
    });
  }

  private static Future<JsonObject> agentsOnly(Caller caller) {
    return caller.agent() ? null : Future.failedFuture(ApiException.forbidden("Only agents can do this."));
  }

  private interface Rule {
    Future<Target> target(SqlClient tx, Row conversation);
  }

  private Future<JsonObject> move(Caller caller, UUID conversationId, String action, Rule rule) {
    return pool.withTransaction(tx -> lock(tx, conversationId, caller)
      .compose(row -> rule.target(tx, row).compose(target -> tx.preparedQuery(ChatSql.SET_STATE)
        .execute(Tuple.of(conversationId, target.status(), target.agent()))
        .compose(
          v -> audit(tx, conversationId, action, row.getString("status"), target.status(), caller.id(), target.agent()))
        .map(v -> new Moved(conversationId, row.getString("status"), target.status(), row.getUUID("agent_id"),
          target.agent())))))
      .compose(moved -> find(conversationId).map(view -> {
        announce(action, moved, view);
        return view;
      }));
  }

  private void announce(String action, Moved moved, JsonObject view) {
    String type = "resolved".equals(moved.to()) ? "closed"
      : moved.agentAfter() != null && !moved.agentAfter().equals(moved.agentBefore()) ? "assigned" : "conversation";
    List<Object> people = new ArrayList<>(3);
    people.add(view.getString("customer_id"));
    people.add(moved.agentBefore());
    people.add(moved.agentAfter());
    relay.send(people, moved.conversationId(), 0, ChatFrames.of(type).put("action", action).put("conversation", view));
    if ("queued".equals(moved.from()) || "queued".equals(moved.to())) {
      announceQueue();
    }
    // a freed seat or a newly queued conversation: the assigner may have work
    assignSoon();
  }

  /** The queue changed: this process's {@link ChatVerticle} tells the agents, coalesced (at most a few times a second). */
  void announceQueue() {
    vertx.eventBus().send(ChatBus.QUEUE_CHANGED, null);
  }

  /** Tells every connected agent how long the queue is. */
  void publishQueueLength() {
    pool.preparedQuery(ChatSql.QUEUE_LENGTH).execute().onSuccess(rows -> relay.send(List.of(ChatRelay.AGENTS), null, 0,
      ChatFrames.of("queue").put("queued", rows.iterator().next().getLong(0))));
  }

  void assignSoon() {
    vertx.eventBus().send(ChatBus.ASSIGN, null);
  }

  private static void assigned(Caller caller, Row row) {
    if (!caller.id().equals(row.getUUID("agent_id"))) {
      throw ApiException.forbidden("Only the agent assigned to this conversation can do this.");
    }
  }

  /**
   * A customer has at most {@link #MAX_ACTIVE_PER_CUSTOMER} unresolved conversations, whether a new one is opened
   * or a resolved one reopened (by them or an agent). The customer's lock serialises those moves, so two at once
   * cannot both see room for one.
   */
  private static Future<Void> underCustomerCap(SqlClient tx, UUID customerId) {
    return tx.preparedQuery(ChatSql.LOCK_CUSTOMER).execute(Tuple.of(customerId.toString()))
      .compose(locked -> tx.preparedQuery(ChatSql.ACTIVE_FOR_CUSTOMER).execute(Tuple.of(customerId)))
      .compose(rows -> rows.iterator().next().getLong(0) >= MAX_ACTIVE_PER_CUSTOMER
        ? Future.failedFuture(ApiException.conflict(ChatErrors.TOO_MANY_CONVERSATIONS,
          "You have " + MAX_ACTIVE_PER_CUSTOMER + " conversations open; resolve one first."))
        : Future.succeededFuture());
  }

  private Future<Void> underCapacity(UUID agentId) {
    return pool.preparedQuery(ChatSql.AGENT_LOAD).execute(Tuple.of(agentId))
      .compose(rows -> rows.iterator().next().getLong(0) >= agentCapacity
        ? Future.failedFuture(ApiException.conflict(ChatErrors.AT_CAPACITY,
          "The agent already has " + agentCapacity + " open conversations."))
        : Future.succeededFuture());
  }

  /** Locks the row and checks the caller may see it. */
  private static Future<Row> lock(SqlClient tx, UUID conversationId, Caller caller) {
    return tx.preparedQuery(ChatSql.LOCK).execute(Tuple.of(conversationId))
      .compose(rows -> visible(rows.size() == 0 ? null
        : rows.iterator().next(), caller));
  }

  private Future<Row> participants(UUID conversationId, Caller caller) {
    return pool.preparedQuery(ChatSql.PARTICIPANTS).execute(Tuple.of(conversationId))
      .compose(rows -> visible(rows.size() == 0 ? null : rows.iterator().next(), caller));
  }

  private static Future<Row> visible(Row row, Caller caller) {
    if (row == null || !caller.agent() && !caller.id().equals(row.getUUID("customer_id"))) {
      return Future.failedFuture(ApiException.notFound("The conversation"));
    }
    return Future.succeededFuture(row);
  }

  private static List<Object> people(Row row) {
    List<Object> people = new ArrayList<>(2);
    people.add(row.getUUID("customer_id"));
    people.add(row.getUUID("agent_id"));
    return people;
  }

  static Future<Void> audit(SqlClient tx, UUID conversationId, String action, String from, String to, UUID actor,
    UUID agent) {
    return tx.preparedQuery(ChatSql.AUDIT).execute(Tuple.of(conversationId, action, from, to, actor, agent)).mapEmpty();
  }
}
