package io.surge.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ConstraintViolationTest {

  private static PgException refused(String sqlState, String constraint) {
    return new PgException("refused", "ERROR", sqlState, null, null, null, null, null, null, null, null, null, null,
      null, null, null, constraint);
  }

  @Test
  @DisplayName("unique, foreign-key and check violations are told apart by SQLSTATE, with the constraint's name")
  void kinds() {
    assertEquals(new ConstraintViolation(ConstraintViolation.Kind.UNIQUE, "users_email_key"),
      ConstraintViolation.of(refused("23505", "users_email_key")));
    assertEquals(ConstraintViolation.Kind.FOREIGN_KEY, ConstraintViolation.of(refused("23503", "fk")).kind());
    assertEquals(ConstraintViolation.Kind.CHECK, ConstraintViolation.of(refused("23514", "ck")).kind());
    assertNull(ConstraintViolation.of(refused("40001", null)), "a serialization failure is no violation");
    assertNull(ConstraintViolation.of(new IllegalStateException("boom")));
  }

  @Test
  @DisplayName("a violation fails with the domain's answer; anything else, or one the domain leaves alone, fails on unchanged")
  void answer() {
    IllegalArgumentException conflict = new IllegalArgumentException("409");
    Future<Object> answered = ConstraintViolation.answer(refused("23505", "k"), v -> conflict);
    assertSame(conflict, answered.cause());

    PgException check = refused("23514", "ck");
    assertSame(check, ConstraintViolation.answer(check, v -> null).cause());

    IllegalStateException other = new IllegalStateException("boom");
    assertSame(other, ConstraintViolation.answer(other, v -> conflict).cause());
  }
}
