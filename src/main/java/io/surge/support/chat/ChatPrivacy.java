package io.surge.support.chat;

import io.surge.users.PrivacyBus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The support chat's part of a customer's data export and account erasure ({@link PrivacyBus}). */
final class ChatPrivacy {

  private final Pool pool;

  ChatPrivacy(Pool pool) {
    this.pool = pool;
  }

  Future<JsonArray> export(UUID userId) {
    return pool.preparedQuery(ChatSql.EXPORT).execute(Tuple.of(userId))
      .map(rows -> (JsonArray) rows.iterator().next().getValue("conversations"));
  }

  Future<Void> erase(UUID userId) {
    return pool.withTransaction(tx -> tx.preparedQuery(ChatSql.ERASE_MESSAGES).execute(Tuple.of(userId))
      .compose(v -> tx.preparedQuery(ChatSql.ERASE_SUBJECTS).execute(Tuple.of(userId)))
      .mapEmpty());
  }
}
