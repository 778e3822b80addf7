package io.surge.outbox;

import io.surge.observability.TraceParent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The transactional outbox: a domain writes its event in the same transaction as the change it
 * describes, so an event exists if and only if the change was committed. {@link OutboxRelay}
 * publishes the rows to Kafka in order. Envelope on the wire:
 * {@code {id, type, occurred_at, aggregate_id, version, data}}; consumers dedupe by {@code id}.
 *
 * <p>An event written while a sampled request is traced keeps that request's {@code traceparent}, and the relay
 * sends it within that trace (see {@link EventPublisher}).
 *
 * <p>Append after locking the aggregate's row (its version bump): one aggregate's events then get increasing
 * {@code seq} in commit order, which is the order the relay publishes them in.
 */
public final class Outbox {

  private static final String APPEND = """
    INSERT INTO outbox (topic, aggregate_type, aggregate_id, type, version, data, trace_parent)
    VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  /** Many events in one execution: ids and payloads are index-aligned arrays, inserted in array order. */
  private static final String APPEND_ALL = """
    INSERT INTO outbox (topic, aggregate_type, aggregate_id, type, version, data)
    SELECT $1, $2, e.aggregate_id, $3, $4, e.data::json
      FROM unnest($5::uuid[], $6::text[]) WITH ORDINALITY AS e(aggregate_id, data, n) ORDER BY e.n""";

  private Outbox() {
  }

  public static Future<Void> append(SqlClient tx, String topic, String aggregateType, UUID aggregateId, String type,
    int version, JsonObject data) {
    return tx.preparedQuery(APPEND)
      .execute(Tuple.of(topic, aggregateType, aggregateId, type, version, data).addString(TraceParent.current()))
      .mapEmpty();
  }

  /** Tells this process's relay that events were committed. */
  public static void nudge(Vertx vertx) {
    vertx.eventBus().publish(OutboxBus.NUDGE, null);
  }

  /**
   * Many events of one type in one round trip (a batch writer's companion to {@link #append}). A batch serves
   * many requests, so its events carry no request's trace.
   */
  public static Future<Void> appendAll(SqlClient tx, String topic, String aggregateType, String type, int version,
    java.util.List<UUID> aggregateIds, java.util.List<JsonObject> data) {
    if (aggregateIds.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] encoded = data.stream().map(JsonObject::encode).toArray(String[]::new);
    return tx.preparedQuery(APPEND_ALL).execute(Tuple.of(topic, aggregateType, type, version)
      .addArrayOfUUID(aggregateIds.toArray(UUID[]::new)).addArrayOfString(encoded)).mapEmpty();
  }
}
