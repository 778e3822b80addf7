package io.surge.catalog;

import io.surge.db.ConstraintViolation;
import io.surge.http.ApiException;
import io.vertx.core.Future;

/** Maps constraint violations of catalog writes to problems on purpose: never a bare 500. */
final class DatabaseErrors {

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
    return ConstraintViolation.answer(failure, violation -> switch (violation.kind()) {
      case UNIQUE -> ApiException.conflict(CatalogErrors.DUPLICATE, duplicate);
      case FOREIGN_KEY -> ApiException.unprocessable(CatalogErrors.UNKNOWN_REFERENCE, missingReference);
      case CHECK -> ApiException.unprocessable(CatalogErrors.CONSTRAINT_VIOLATED,
        "The change breaks a catalog rule (" + violation.constraint() + ").");
    });
  }
}
