package io.surge.support;

import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test-thread waits on futures, bounded so a hung call fails the test instead of hanging the build. */
public final class Wait {

  private Wait() {
  }

  public static <T> T forResult(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("No answer within 30 s", e);
    }
  }
}
