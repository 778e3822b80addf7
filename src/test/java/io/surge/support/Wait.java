package io.surge.support;

import io.vertx.core.Future;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Test-thread waits, bounded so a hung call or a condition that never comes fails the test instead of hanging the build. */
public final class Wait {

  private static final Duration EVERY = Duration.ofMillis(100);

  private Wait() {
  }

  public static <T> T forResult(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("No answer within 30 s", e);
    }
  }

  /**
   * Looks at {@code probe} now and then every 100 ms until {@code done} holds, and returns what it saw last;
   * fails naming {@code what} once {@code within} has passed.
   */
  public static <T> T until(String what, Duration within, Callable<T> probe, Predicate<? super T> done) {
    return until(what, within, EVERY, probe, done);
  }

  /** {@link #until(String, Duration, Callable, Predicate)}, looking every {@code every}. */
  public static <T> T until(String what, Duration within, Duration every, Callable<T> probe,
    Predicate<? super T> done) {
    // In the test thread, as the probes are blocking calls made as a client would make them.
    return Awaitility.await(what).atMost(within).pollDelay(Duration.ZERO).pollInterval(every).pollInSameThread()
      .until(probe, done::test);
  }

  /**
   * The opposite wait: {@code holds} must stay true of {@code probe} for the whole of {@code during} (looked at
   * every 100 ms), for a check that something does not happen. A lapse fails it, as long as what lapsed cannot come
   * back (the deadline is only 1 s past {@code during}).
   */
  public static <T> void throughout(String what, Duration during, Callable<T> probe, Predicate<? super T> holds) {
    Awaitility.await(what).during(during).atMost(during.plusSeconds(1)).pollDelay(Duration.ZERO).pollInterval(EVERY)
      .pollInSameThread().until(probe, holds::test);
  }
}
