package io.surge.http;

import java.util.UUID;

/** Path ids: anything that is not a UUID names nothing, so it is a 404 rather than a database error. */
public final class Ids {

  private Ids() {
  }

  public static UUID parse(String raw, String what) {
    try {
      if (raw != null && raw.length() == 36) {
        return UUID.fromString(raw);
      }
    } catch (IllegalArgumentException e) {
      // falls through to not found
    }
    throw ApiException.notFound(what);
  }

  /** Null when the text is not a UUID (e.g. a slug). */
  public static UUID tryParse(String raw) {
    try {
      return raw != null && raw.length() == 36 ? UUID.fromString(raw) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
