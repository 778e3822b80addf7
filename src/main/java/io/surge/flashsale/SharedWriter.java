package io.surge.flashsale;

import io.surge.flashsale.PurchaseWriter.Reservation;
import io.surge.flashsale.PurchaseWriter.Written;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.function.Supplier;

/**
 * One {@link PurchaseWriter} per process, not one per event loop. Every batch locks its sale's row, so the writers of
 * one process waited on each other's transactions (PostgreSQL: {@code Lock:transactionid} in ~40% of the writers'
 * active samples at the peak) and each wrote half-size batches.
 *
 * <p>The writer runs on the event loop of the first HTTP instance that asked for it, in a context of its own that
 * belongs to no verticle: an HTTP instance undeployed during a drain does not cancel the writer's timers. Callers on
 * that loop enter the writer's context directly; the others hand their reservations over and get each outcome back
 * on their own context. (A context on an event loop no HTTP instance uses cost two thread wake-ups per purchase:
 * 1 541 durable orders/s against 1 885 in the same run.)
 */
final class SharedWriter implements Shareable {

  private final ContextInternal home;
  private final Thread homeThread = Thread.currentThread();
  private final PurchaseWriter writer;

  private SharedWriter(ContextInternal home, PurchaseWriter writer) {
    this.home = home;
    this.writer = writer;
  }

  /** This Vert.x instance's writer (kept in its local shared data, gone with it), made by {@code create} once. */
  static SharedWriter of(Vertx vertx, Supplier<PurchaseWriter> create) {
    LocalMap<String, SharedWriter> kept = vertx.sharedData().getLocalMap("surge.flashsale.writer");
    synchronized (SharedWriter.class) {
      SharedWriter writer = kept.get("writer");
      if (writer == null) {
        writer = new SharedWriter(((VertxInternal) vertx).contextBuilder()
          .withEventLoop(((ContextInternal) vertx.getOrCreateContext()).nettyEventLoop()).build(), create.get());
        kept.put("writer", writer);
      }
      return writer;
    }
  }

  Future<Written> write(Reservation reservation) {
    Promise<Written> outcome = Promise.promise();
    if (Thread.currentThread() == homeThread) {
      home.emit(reservation, r -> writer.write(r).onComplete(outcome));
      return outcome.future();
    }
    Context caller = Vertx.currentContext();
    home.runOnContext(v -> writer.write(reservation)
      .onComplete(written -> caller.runOnContext(back -> outcome.handle(written))));
    return outcome.future();
  }
}
