package io.surge.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A transaction whose BEGIN and COMMIT cost no round trip of their own: BEGIN goes out with the first statements, and
 * COMMIT right behind the last writes, neither waited for. {@code Pool.withTransaction} waits for BEGIN's answer
 * before it sends the first statement, and for every statement's answer before it sends COMMIT; on a busy box each of
 * those round trips is a write, a read and a wake-up on both sides, and the rows a transaction has locked stay locked
 * across it.
 *
 * <p>PostgreSQL makes this safe: a statement that fails aborts the transaction, every statement after it fails, and
 * the COMMIT behind them rolls it back. The work decides what to wait for (reads it needs before it can go on); the
 * writes it only sends it hands to {@link Sent}, and the transaction reports once every one has answered: the work's
 * own failure first, else the first statement that failed, in the order sent (the cause; those after it only say
 * "current transaction is aborted"), else the work's result. The connection goes back to the pool idle.
 *
 * <p>Each statement is a message of its own, flushed on its own (one write on the client, one answer and one send on
 * the server), so statements without parameters that open or close the transaction can share BEGIN's or COMMIT's
 * message: {@link #run(Pool, String, BiFunction)} and {@link Sent#commitWith}.
 */
public final class PipelinedTransaction {

  private PipelinedTransaction() {
  }

  /** Statements sent and not waited for; the transaction waits for all of them before it reports. */
  public static final class Sent {

    private final List<Future<?>> statements = new ArrayList<>();
    private String last;

    public <T> Future<T> add(Future<T> statement) {
      statements.add(statement);
      return statement;
    }

    /**
     * {@code statement} (no parameters: every value in it a literal the caller formatted from typed values) goes out
     * in COMMIT's message, right before it; when it fails, the transaction fails with its error and rolls back. Its
     * failure is the transaction's only when no statement sent before it failed.
     */
    public void commitWith(String statement) {
      last = statement;
    }

    private Future<Void> firstFailure() {
      return Future.join(statements).transform(all -> {
        for (Future<?> statement : statements) {
          if (statement.failed()) {
            return Future.failedFuture(statement.cause());
          }
        }
        return Future.succeededFuture();
      });
    }
  }

  /**
   * Runs {@code work} in a transaction on a connection of {@code pool}. The work's future says whether to commit:
   * when it succeeds (its writes sent), COMMIT goes out behind them; when it fails, ROLLBACK.
   */
  public static <T> Future<T> run(Pool pool, BiFunction<SqlConnection, Sent, Future<T>> work) {
    return run(pool, "BEGIN", work);
  }

  /**
   * As {@link #run(Pool, BiFunction)}, the transaction opened by {@code begin}: BEGIN and statements without
   * parameters to run first, in one message (e.g. {@code "BEGIN; SET LOCAL ..."}).
   */
  public static <T> Future<T> run(Pool pool, String begin, BiFunction<SqlConnection, Sent, Future<T>> work) {
    return pool.getConnection().compose(conn -> {
      Sent sent = new Sent();
      sent.add(conn.query(begin).execute());
      Future<T> decided;
      try {
        decided = work.apply(conn, sent);
      } catch (RuntimeException e) {
        decided = Future.failedFuture(e);
      }
      return decided.transform(done -> {
        if (done.failed()) {
          sent.add(conn.query("ROLLBACK").execute());
        } else if (sent.last == null) {
          sent.add(conn.query("COMMIT").execute());
        } else {
          // a failed statement skips the rest of its message, COMMIT included: the transaction is then still open
          sent.add(conn.query(sent.last + "; COMMIT").execute()
            .recover(
              failure -> conn.query("ROLLBACK").execute().transform(rolledBack -> Future.failedFuture(failure))));
        }
        return sent.firstFailure().transform(answered -> done.failed() ? Future.<T>failedFuture(done.cause())
          : answered.failed() ? Future.<T>failedFuture(answered.cause()) : Future.succeededFuture(done.result()));
      }).eventually(conn::close);
    });
  }
}
