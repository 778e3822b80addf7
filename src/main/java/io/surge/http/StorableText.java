package io.surge.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * PostgreSQL cannot store the NUL character (U+0000) in text or jsonb: a value carrying one fails the statement.
 * Text from a client is checked here before it gets that far, and refused as a field problem.
 */
public final class StorableText {

  public static final String NUL_CHARACTER = "nul_character";

  private StorableText() {
  }

  public static boolean storable(String text) {
    return text == null || text.indexOf('\0') < 0;
  }

  /** The text as it came, or a 400 naming the field when it holds a NUL. */
  public static String require(String field, String text) {
    if (!storable(text)) {
      throw refused(field);
    }
    return text;
  }

  public static ApiException refused(String field) {
    return ApiException.invalidField(field, NUL_CHARACTER, field + " must not contain the NUL character (U+0000).");
  }

  /** The same about a path or query parameter or a header, named as sent. */
  public static ApiException refusedParameter(String name) {
    return ApiException.invalidParameter(name, NUL_CHARACTER, name + " must not contain the NUL character (U+0000).");
  }

  /**
   * Whether a JSON body's bytes may hold a NUL: only a u0000 escape (backslash, u, four zeros) can carry one (a raw control byte is
   * not valid JSON). A cheap scan, so that only such bodies pay for {@link #fieldWithNul}.
   */
  public static boolean mayHoldNul(Buffer json) {
    // Read in place: every request body passes here, uploads included, so no copy of it.
    int length = json.length();
    for (int i = 1; i + 4 < length; i++) {
      if (json.getByte(i) == 'u' && json.getByte(i + 1) == '0' && json.getByte(i + 2) == '0'
        && json.getByte(i + 3) == '0' && json.getByte(i + 4) == '0' && json.getByte(i - 1) == '\\') {
        int backslashes = 0;
        for (int j = i - 1; j >= 0 && json.getByte(j) == '\\'; j--) {
          backslashes++;
        }
        if (backslashes % 2 == 1) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The first member name or string value holding a NUL, as a field path ({@code shipping_address.city},
   * {@code skus.0.code}; {@code body} for the document itself), or null when there is none.
   */
  public static String fieldWithNul(Object json, String path) {
    if (json instanceof String text) {
      return storable(text) ? null : path;
    }
    if (json instanceof JsonObject object) {
      for (Map.Entry<String, Object> member : object) {
        String field = "body".equals(path) ? member.getKey() : path + "." + member.getKey();
        if (!storable(member.getKey())) {
          return field;
        }
        String found = fieldWithNul(member.getValue(), field);
        if (found != null) {
          return found;
        }
      }
    } else if (json instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        String found = fieldWithNul(array.getValue(i), "body".equals(path) ? Integer.toString(i) : path + "." + i);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
