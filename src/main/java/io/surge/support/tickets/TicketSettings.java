package io.surge.support.tickets;

import io.surge.config.ConfigBlock;
import io.vertx.core.json.JsonObject;

/** The ticket-event topic and when solved tickets close, from the {@code tickets} block. */
public record TicketSettings(String topic, int autoCloseDays) {

  public static TicketSettings from(JsonObject config) {
    ConfigBlock tickets = ConfigBlock.of(config, "tickets");
    return new TicketSettings(tickets.string("topic"), tickets.integer("autoCloseDays"));
  }
}
