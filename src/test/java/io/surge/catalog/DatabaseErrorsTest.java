package io.surge.catalog;

import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Catalog writes' PostgreSQL constraint violations become problems on purpose, never a bare 500. */
class DatabaseErrorsTest {

  private static PgException pg(String sqlState, String constraint) {
    return new PgException("violation", "ERROR", sqlState, null, null, null, null, null, null, null, null, null, null,
      null, null,
      null, constraint);
  }

  private static ApiException problem(Future<?> mapped) {
    assertTrue(mapped.failed());
    return (ApiException) mapped.cause();
  }

  @Test
  @DisplayName("given a unique violation (23505), then 409 duplicate naming what already exists")
  void uniqueViolation() {
    ApiException product = problem(DatabaseErrors.mapProduct(pg("23505", "skus_code_key")));
    assertEquals(409, product.status());
    assertEquals("duplicate", product.code());
    assertTrue(product.getMessage().contains("SKU with this code"), product::getMessage);
    assertTrue(problem(DatabaseErrors.mapCategory(pg("23505", null))).getMessage().contains("category with this slug"));
  }

  @Test
  @DisplayName("given a foreign-key violation (23503), then 422 unknown_reference")
  void foreignKeyViolation() {
    ApiException missing = problem(DatabaseErrors.mapCategory(pg("23503", "categories_parent_id_fkey")));
    assertEquals(422, missing.status());
    assertEquals("unknown_reference", missing.code());
    assertEquals("The parent category does not exist.", missing.getMessage());
  }

  @Test
  @DisplayName("given a check violation (23514), then 422 constraint_violated naming the constraint")
  void checkViolation() {
    ApiException broken = problem(DatabaseErrors.mapProduct(pg("23514", "skus_on_hand_check")));
    assertEquals(422, broken.status());
    assertEquals("constraint_violated", broken.code());
    assertTrue(broken.getMessage().contains("skus_on_hand_check"), broken::getMessage);
  }

  @Test
  @DisplayName("any other failure passes through untouched (the failure handler makes it a 500 without details)")
  void otherFailuresPassThrough() {
    PgException deadlock = pg("40P01", null);
    assertSame(deadlock, DatabaseErrors.mapProduct(deadlock).cause());
    IllegalStateException bug = new IllegalStateException("bug");
    assertSame(bug, DatabaseErrors.mapProduct(bug).cause());
  }
}
