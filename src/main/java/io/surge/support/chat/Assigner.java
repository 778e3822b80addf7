package io.surge.support.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hands queued conversations to online agents, round robin (the agent assigned longest ago first)
 * within each agent's capacity, oldest conversation first; then tells every customer still waiting
 * their place in the queue. One run at a time across all instances (a transaction-scoped advisory
 * lock), so two instances never hand out the same seat.
 */
final class Assigner {

  private static final Logger LOG = LoggerFactory.getLogger(Assigner.class);
  private static final long POSITIONS_MILLIS = 1000;

  private final Pool pool;
  private final Conversations conversations;
  private final ChatRelay relay;
  private final int capacity;
  private boolean running;
  private boolean again;
  /** Positions were asked for but held back by the throttle: the next run tells them. */
  private boolean owed;
  private long lastPositions;

  private record Seat(UUID agent, int load) {
  }

  private record Assignment(UUID conversation, UUID agent, OffsetDateTime queuedAt) {
  }

  private record Outcome(List<Assignment> assigned, List<Row> waiting) {
  }

  Assigner(Pool pool, Conversations conversations, ChatRelay relay, int capacity) {
    this.pool = pool;
    this.conversations = conversations;
    this.relay = relay;
    this.capacity = capacity;
  }

  /** Runs now, or once more right after the run in progress; {@code announce}: tell positions even if nothing moved. */
  void run(boolean announce) {
    if (running) {
      again |= announce;
      return;
    }
    running = true;
    pool.withTransaction(this::assign)
      .onSuccess(Assigner::measure)
      .compose(outcome -> announce(outcome, announce))
      .onFailure(e -> LOG.warn("Chat assignment failed; the next run retries", e))
      .onComplete(ar -> {
        running = false;
        if (again) {
          again = false;
          run(true);
        }
      });
  }

  /**
   * The queue first: with nobody waiting (most runs, one every {@code assignMillis} on every process) the agents' loads,
   * a count per online agent, are not read at all.
   */
  private Future<Outcome> assign(SqlClient tx) {
    return tx.query(ChatSql.ASSIGN_LOCK).execute()
      .compose(v -> tx.preparedQuery(ChatSql.QUEUED).execute())
      .compose(queued -> {
        List<Row> waiting = new ArrayList<>();
        queued.forEach(waiting::add);
        if (waiting.isEmpty()) {
          return Future.succeededFuture(new Outcome(List.of(), waiting));
        }
        return tx.preparedQuery(ChatSql.ASSIGNABLE_AGENTS).execute().compose(agentRows -> {
          List<Seat> seats = new ArrayList<>();
          agentRows.forEach(row -> seats.add(new Seat(row.getUUID("agent_id"), row.getInteger("load"))));
          List<Assignment> assigned = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          while (!waiting.isEmpty()) {
            Seat seat = nextSeat(seats);
            if (seat == null) {
              break;
            }
            Row conversation = waiting.remove(0);
            Assignment assignment = new Assignment(conversation.getUUID("id"), seat.agent(),
              conversation.getOffsetDateTime("queued_at"));
            assigned.add(assignment);
            chain = chain.compose(v -> write(tx, assignment));
          }
          return chain.map(new Outcome(assigned, waiting));
        });
      });
  }

  private static void measure(Outcome outcome) {
    ChatMeters.queue(outcome.waiting().size());
    OffsetDateTime now = OffsetDateTime.now();
    outcome.assigned().stream().filter(a -> a.queuedAt() != null)
      .forEach(a -> ChatMeters.assigned(Duration.between(a.queuedAt(), now)));
  }

  /** The first agent in round-robin order with a free seat, moved to the back of the line. */
  private Seat nextSeat(List<Seat> seats) {
    for (int i = 0; i < seats.size(); i++) {
      Seat seat = seats.get(i);
      if (seat.load() < capacity) {
        seats.remove(i);
        seats.add(new Seat(seat.agent(), seat.load() + 1));
        return seat;
      }
    }
    return null;
  }

  private Future<Void> write(SqlClient tx, Assignment assignment) {
    return tx.preparedQuery(ChatSql.ASSIGN).execute(Tuple.of(assignment.conversation(), assignment.agent()))
      .compose(
        v -> Conversations.audit(tx, assignment.conversation(), "assigned", "queued", "open", null, assignment.agent()))
      .compose(v -> tx.preparedQuery(ChatSql.AGENT_ASSIGNED).execute(Tuple.of(assignment.agent())))
      .mapEmpty();
  }

  private Future<Void> announce(Outcome outcome, boolean announce) {
    List<Future<Void>> sent = new ArrayList<>();
    List<Future<JsonObject>> views = new ArrayList<>(outcome.assigned().size());
    outcome.assigned().forEach(assignment -> views.add(conversations.find(assignment.conversation())));
    // the customer's and the agent's copies of every assignment of this run go out together
    sent.add(Future.join(views).transform(found -> {
      ChatRelay.Batch assignments = relay.batch();
      for (int i = 0; i < views.size(); i++) {
        if (views.get(i).succeeded()) {
          Assignment assignment = outcome.assigned().get(i);
          JsonObject view = views.get(i).result();
          assignments.add(List.of(view.getString("customer_id"), assignment.agent().toString()),
            assignment.conversation(), 0, ChatRelay.Envelope.UNKNOWN,
            ChatFrames.of("assigned").put("action", "assigned").put("conversation", view));
        }
      }
      return assignments.publish();
    }));
    // Every waiting customer hears their position; during a rush at most once a second (O(queue) frames per run).
    long now = System.currentTimeMillis();
    boolean due = announce || owed || !outcome.assigned().isEmpty();
    if (due && now - lastPositions < POSITIONS_MILLIS) {
      owed = true;
    } else if (due) {
      owed = false;
      lastPositions = now;
      int position = 0;
      ChatRelay.Batch positions = relay.batch();
      for (Row waiting : outcome.waiting()) {
        position++;
        JsonObject frame = ChatFrames.of("queued").put("conversation_id", waiting.getUUID("id").toString())
          .put("position", position).put("queued", outcome.waiting().size());
        positions.add(List.of(waiting.getUUID("customer_id")), waiting.getUUID("id"), 0,
          ChatRelay.Envelope.UNKNOWN, frame);
      }
      sent.add(positions.publish());
      conversations.announceQueue();
    }
    return Future.join(sent).mapEmpty();
  }
}
