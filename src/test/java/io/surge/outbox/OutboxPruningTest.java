package io.surge.outbox;

import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(SurgeServerExtension.class)
class OutboxPruningTest {

  /** An event written long ago: a seq below every other row's, so it is at the head of the table as old rows are. */
  private static final String INSERT_OLD = """
    INSERT INTO outbox (seq, topic, aggregate_type, aggregate_id, type, version, data, occurred_at, published_at)
    VALUES ($1, 'test.outbox.pruning', 'order', $2, 'order.created', 1, '{}', now() - make_interval(hours => $3),
      CASE WHEN $4::int IS NULL THEN NULL ELSE now() - make_interval(hours => $4::int) END)""";

  @Test
  @DisplayName("published events older than the retention are deleted; newer ones and unpublished ones stay")
  void prunesOnlyOldPublishedEvents() {
    long head = -1_000_000_000L - ThreadLocalRandom.current().nextInt(1_000_000) * 10L;
    UUID oldPublished = insert(head, 50, 49);
    UUID recentPublished = insert(head + 1, 50, 1);
    UUID unpublished = insert(head + 2, 50, null);

    Wait.forResult(OutboxPruning.prune(TestServer.db(), 24));

    assertEquals(0, count(oldPublished), "published 49 h ago, kept 24 h: deleted");
    assertEquals(1, count(recentPublished), "published an hour ago: kept");
    assertEquals(1, count(unpublished), "never published (whatever its age): kept for the relay");
    Wait.forResult(TestServer.db().preparedQuery("DELETE FROM outbox WHERE aggregate_id = ANY($1)")
      .execute(Tuple.of(new UUID[] {recentPublished, unpublished})));
  }

  private static UUID insert(long seq, int ageHours, Integer publishedHoursAgo) {
    UUID aggregate = UUID.randomUUID();
    Wait.forResult(
      TestServer.db().preparedQuery(INSERT_OLD).execute(Tuple.of(seq, aggregate, ageHours, publishedHoursAgo)));
    return aggregate;
  }

  private static long count(UUID aggregate) {
    return TestServer.count("SELECT count(*) FROM outbox WHERE aggregate_id = '" + aggregate + "'");
  }
}
