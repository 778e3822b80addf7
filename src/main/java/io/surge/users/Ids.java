package io.surge.users;

import io.surge.http.ApiException;

import java.util.UUID;

/** Path ids: anything that is not a UUID names nothing, so it is a 404 rather than a database error. */
final class Ids {

  private Ids() {
  }

  static UUID parse(String raw, String what) {
    try {
      return raw != null && raw.length() == 36 ? UUID.fromString(raw) : fail(what);
    } catch (IllegalArgumentException e) {
      return fail(what);
    }
  }

  private static UUID fail(String what) {
    throw ApiException.notFound(what);
  }
}
