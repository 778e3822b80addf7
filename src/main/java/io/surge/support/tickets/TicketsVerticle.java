package io.surge.support.tickets;

import io.surge.Infrastructure;
import io.surge.http.ApiException;
import io.surge.http.HttpErrors;
import io.surge.support.tickets.Tickets.Actor;
import io.surge.support.tickets.Tickets.Change;
import io.surge.support.tickets.Tickets.NewTicket;
import io.surge.support.tickets.Tickets.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The tickets domain's own verticle (one per process): opens tickets for other domains on
 * {@link Tickets#OPEN_ADDRESS} (the chat turns a conversation into a ticket), and closes solved tickets
 * nobody answered for {@code tickets.autoCloseDays}. The deadline lives in the database and each ticket
 * is closed under its row lock, so several instances may sweep.
 */
public final class TicketsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TicketsVerticle.class);
  private static final long SWEEP_TICK_MS = 5_000;
  private static final Actor SYSTEM = new Actor(null, Role.SYSTEM);

  private Pool pg;
  private Tickets tickets;
  private int autoCloseDays;

  @Override
  public Future<?> start() {
    pg = Infrastructure.postgres(vertx, config().getJsonObject("postgres"));
    TicketSettings settings = TicketSettings.from(config());
    tickets = new Tickets(vertx, pg, settings.topic());
    autoCloseDays = settings.autoCloseDays();
    vertx.setPeriodic(SWEEP_TICK_MS, id -> closeSolved());
    return vertx.eventBus().<JsonObject>consumer(Tickets.OPEN_ADDRESS, this::open).completion();
  }

  /** Replies with the ticket; fails with the problem's status and code. */
  private void open(Message<JsonObject> message) {
    JsonObject body = message.body();
    NewTicket ticket;
    try {
      UUID customer = UUID.fromString(body.getString("customer_id"));
      String agent = body.getString("agent_id");
      ticket = new NewTicket(customer, body.getString("subject"), body.getString("body"), body.getString("category"),
        uuid(body.getString("order_id")), uuid(body.getString("conversation_id")),
        agent == null ? new Actor(customer, Role.CUSTOMER) : new Actor(UUID.fromString(agent), Role.AGENT));
    } catch (RuntimeException e) {
      message.fail(400, HttpErrors.BAD_REQUEST);
      return;
    }
    tickets.open(ticket)
      .onSuccess(message::reply)
      .onFailure(e -> message.fail(e instanceof ApiException api ? api.status() : 500,
        e instanceof ApiException api ? api.code() : "internal_error"));
  }

  private static UUID uuid(String value) {
    return value == null ? null : UUID.fromString(value);
  }

  private void closeSolved() {
    pg.preparedQuery(TicketSql.DUE_FOR_CLOSING).execute(Tuple.of(autoCloseDays)).compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row row : rows) {
        UUID id = row.getUUID("id");
        // closes only the version read here: a reply since then reopened the ticket (412, skipped)
        Integer version = row.getInteger("version");
        chain = chain.compose(v -> tickets.change(id, SYSTEM, Change.status("closed",
            "closed automatically " + autoCloseDays + " days after it was solved", version))
          .<Void>mapEmpty()
          .recover(e -> {
            if (!(e instanceof ApiException)) {
              LOG.warn("Could not close ticket {}", id, e);
            }
            return Future.succeededFuture();
          }));
      }
      return chain;
    }).onFailure(e -> LOG.warn("Ticket sweep failed; will retry", e));
  }

  @Override
  public Future<?> stop() {
    return pg.close();
  }
}
