package io.surge.support.tickets;

import io.surge.Infrastructure;
import io.surge.http.ApiException;
import io.surge.support.tickets.Tickets.Actor;
import io.surge.support.tickets.Tickets.Change;
import io.surge.support.tickets.Tickets.NewTicket;
import io.surge.support.tickets.Tickets.Role;
import io.surge.support.tickets.TicketsBus.OpenTicket;
import io.surge.users.PrivacyBus;
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
 * {@link TicketsBus#OPEN} (the chat turns a conversation into a ticket), and closes solved tickets
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
    TicketPrivacy privacy = new TicketPrivacy(pg);
    return Future.all(vertx.eventBus().<JsonObject>consumer(TicketsBus.OPEN, this::open).completion(),
      PrivacyBus.answer(vertx, PrivacyBus.TICKETS, privacy::export, privacy::erase));
  }

  /** Replies with the ticket; fails with the problem's status and code. */
  private void open(Message<JsonObject> message) {
    OpenTicket request;
    try {
      request = OpenTicket.from(message.body());
    } catch (RuntimeException e) {
      message.fail(TicketsBus.BAD_REQUEST, TicketsBus.BAD_REQUEST_CODE);
      return;
    }
    UUID customer = request.customerId();
    NewTicket ticket = new NewTicket(customer, request.subject(), request.body(), request.category(), request.orderId(),
      request.conversationId(),
      request.agentId() == null ? new Actor(customer, Role.CUSTOMER) : new Actor(request.agentId(), Role.AGENT));
    tickets.open(ticket)
      .onSuccess(message::reply)
      .onFailure(e -> message.fail(e instanceof ApiException api ? api.status() : TicketsBus.INTERNAL_ERROR,
        e instanceof ApiException api ? api.code() : TicketsBus.INTERNAL_ERROR_CODE));
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
