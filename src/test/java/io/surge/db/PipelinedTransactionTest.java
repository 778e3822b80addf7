package io.surge.db;

import io.surge.Infrastructure;
import io.surge.support.TestServer;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A transaction whose statements are sent without waiting, on the embedded PostgreSQL: what commits, which failure is
 * reported, and that the connection goes back to the pool clean. The pool has one connection, so a transaction left
 * open (aborted) by one run would fail the next.
 */
class PipelinedTransactionTest {

  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void connect() {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
      .connectingTo(Infrastructure.pgConnectOptions(TestServer.config().getJsonObject("postgres")))
      .using(vertx).build();
  }

  @AfterAll
  static void close() {
    Wait.forResult(pool.close());
    Wait.forResult(vertx.close());
  }

  @BeforeEach
  void probeTable() {
    // a temporary table: the pool's one connection is one session, so every run sees it, and nothing else does
    Wait.forResult(pool.query("CREATE TEMP TABLE IF NOT EXISTS probe (id int PRIMARY KEY)").execute());
    Wait.forResult(pool.query("DELETE FROM probe").execute());
  }

  @Test
  @DisplayName("statements sent without waiting commit together, and the work's result is the transaction's")
  void commits() {
    String result = Wait.forResult(PipelinedTransaction.run(pool, (tx, sent) -> {
      sent.add(insert(tx, 1));
      sent.add(insert(tx, 2));
      sent.commitWith("INSERT INTO probe VALUES (3)");
      return Future.succeededFuture("done");
    }));
    assertEquals("done", result);
    assertEquals(3, probes());
  }

  @Test
  @DisplayName("a statement that fails mid-way is the reported cause (not the later 'transaction is aborted'), and nothing commits")
  void failedStatementRollsBack() {
    Wait.forResult(insert(pool, 7));
    Throwable failure = failure(PipelinedTransaction.run(pool, (tx, sent) -> {
      sent.add(insert(tx, 1));
      sent.add(insert(tx, 7));
      sent.add(insert(tx, 2));
      return Future.succeededFuture();
    }));
    assertEquals("23505", assertInstanceOf(PgException.class, failure).getSqlState(), failure::toString);
    assertEquals(1, probes(), "only the row from before");
    assertEquals(1, committedRun(), "the connection went back clean");
  }

  @Test
  @DisplayName("a failing statement in COMMIT's message skips that COMMIT; the transaction rolls back and the connection is clean")
  void failedLastStatementRollsBack() {
    Throwable failure = failure(PipelinedTransaction.run(pool, (tx, sent) -> {
      sent.add(insert(tx, 1));
      sent.commitWith("SELECT 1 / 0");
      return Future.succeededFuture();
    }));
    assertEquals("22012", assertInstanceOf(PgException.class, failure).getSqlState(), failure::toString);
    assertEquals(0, probes());
    assertEquals(1, committedRun(), "the connection went back clean, not in an aborted transaction");
  }

  @Test
  @DisplayName("when the work fails (its own check), its failure is reported and what it sent rolls back")
  void failedWorkRollsBack() {
    IllegalStateException refused = new IllegalStateException("refused");
    Throwable failure = failure(PipelinedTransaction.run(pool, (tx, sent) -> {
      sent.add(insert(tx, 1));
      throw refused;
    }));
    assertEquals(refused, failure);
    assertEquals(0, probes());
    assertEquals(1, committedRun());
  }

  @Test
  @DisplayName("BEGIN's message may carry statements without parameters; they run inside the transaction")
  void beginWithStatements() {
    Wait.forResult(PipelinedTransaction.run(pool, "BEGIN; INSERT INTO probe VALUES (5)", (tx, sent) -> {
      sent.add(insert(tx, 6));
      return Future.succeededFuture();
    }));
    assertEquals(2, probes());
    Throwable failure = failure(PipelinedTransaction.run(pool, "BEGIN; INSERT INTO probe VALUES (8)",
      (tx, sent) -> Future.failedFuture(new IllegalStateException("refused"))));
    assertEquals("refused", failure.getMessage());
    assertEquals(2, probes(), "the statement in BEGIN's message rolled back with the rest");
  }

  private static Future<?> insert(io.vertx.sqlclient.SqlClient client, int id) {
    return client.preparedQuery("INSERT INTO probe VALUES ($1)").execute(Tuple.of(id));
  }

  private static long probes() {
    return Wait.forResult(pool.query("SELECT count(*) FROM probe").execute()).iterator().next().getLong(0);
  }

  /** A transaction after the one under test: it commits only on a connection that is not still in one. */
  private static long committedRun() {
    Wait.forResult(pool.query("DELETE FROM probe").execute());
    Wait.forResult(PipelinedTransaction.run(pool, (tx, sent) -> {
      sent.add(insert(tx, 100));
      return Future.succeededFuture();
    }));
    return probes();
  }

  private static Throwable failure(Future<?> future) {
    Throwable cause = Wait.forResult(future.transform(done -> Future.succeededFuture(done.cause())));
    assertNotNull(cause, "the transaction failed");
    return cause;
  }
}
