package io.surge.catalog;

import io.surge.http.ApiException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/** Maps constraint violations of catalog writes to problems on purpose: never a bare 500. */
final class DatabaseErrors {

  private static final String UNIQUE = "23505";
  private static final String FOREIGN_KEY = "23503";
  private static final String CHECK = "23514";

  private DatabaseErrors() {
  }

  static <T> Future<T> mapCategory(Throwable failure) {
    return map(failure, "A category with this slug already exists.", "The parent category does not exist.");
  }

  static <T> Future<T> mapProduct(Throwable failure) {
    return map(failure, "A product with this slug or a SKU with this code already exists.",
      "The category does not exist.");
  }

  private static <T> Future<T> map(Throwable failure, String duplicate, String missingReference) {
    if (failure instanceof PgException pg) {
      switch (pg.getSqlState()) {
        case UNIQUE -> {
          return Future.failedFuture(ApiException.conflict(CatalogErrors.DUPLICATE, duplicate));
        }
        case FOREIGN_KEY -> {
          return Future.failedFuture(ApiException.unprocessable(CatalogErrors.UNKNOWN_REFERENCE, missingReference));
        }
        case CHECK -> {
          return Future.failedFuture(ApiException.unprocessable(CatalogErrors.CONSTRAINT_VIOLATED,
            "The change breaks a catalog rule (" + pg.getConstraint() + ")."));
        }
        default -> {
        }
      }
    }
    return Future.failedFuture(failure);
  }
}
