package io.surge.support.tickets;

import io.surge.Infrastructure;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the tickets domain's HTTP operations. */
public final class TicketsApi {

  private TicketsApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    Tickets tickets = new Tickets(infra.vertx(), infra.pg(), TicketSettings.from(infra.config()).topic());
    new TicketRoutes(infra.pg(), tickets, infra.idempotency()).mount(api);
    new AgentTicketRoutes(infra.pg(), tickets).mount(api);
  }
}
