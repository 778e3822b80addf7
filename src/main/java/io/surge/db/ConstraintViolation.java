package io.surge.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

import java.util.function.Function;

/**
 * A write PostgreSQL refused for breaking a constraint, read from its SQLSTATE in one place, so that
 * each domain answers it on purpose (409, 422) and never with a bare 500.
 */
public record ConstraintViolation(Kind kind, String constraint) {

  public enum Kind { UNIQUE, FOREIGN_KEY, CHECK }

  /** The violation behind a failure, or null when the failure is something else. */
  public static ConstraintViolation of(Throwable failure) {
    if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
      return null;
    }
    Kind kind = switch (pg.getSqlState()) {
      case "23505" -> Kind.UNIQUE;
      case "23503" -> Kind.FOREIGN_KEY;
      case "23514" -> Kind.CHECK;
      default -> null;
    };
    return kind == null ? null : new ConstraintViolation(kind, pg.getConstraint());
  }

  /**
   * For {@code recover}: fails with the domain's answer to a violation; a failure that is no violation,
   * or one the domain answers with null, fails on unchanged.
   */
  public static <T> Future<T> answer(Throwable failure, Function<ConstraintViolation, ? extends Throwable> answers) {
    ConstraintViolation violation = of(failure);
    Throwable answer = violation == null ? null : answers.apply(violation);
    return Future.failedFuture(answer == null ? failure : answer);
  }
}
