package io.surge.support.tickets;

import io.surge.users.PrivacyBus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The tickets domain's part of a customer's data export and account erasure ({@link PrivacyBus}). */
final class TicketPrivacy {

  private final Pool pool;

  TicketPrivacy(Pool pool) {
    this.pool = pool;
  }

  Future<JsonArray> export(UUID userId) {
    return pool.preparedQuery(TicketSql.EXPORT).execute(Tuple.of(userId))
      .map(rows -> (JsonArray) rows.iterator().next().getValue("tickets"));
  }

  Future<Void> erase(UUID userId) {
    return pool.withTransaction(tx -> tx.preparedQuery(TicketSql.ERASE_MESSAGES).execute(Tuple.of(userId))
      .compose(v -> tx.preparedQuery(TicketSql.ERASE_SUBJECTS).execute(Tuple.of(userId)))
      .mapEmpty());
  }
}
