package io.surge.users;

import io.surge.http.ApiException;

import java.text.Normalizer;
import java.util.List;

/**
 * Display names as people see them: NFKC (compatibility forms folded), invisible and control characters removed,
 * any run of spaces (of any kind) one space, trimmed. A name that is empty after that is refused.
 */
final class DisplayNames {

  static final int MAX_LENGTH = 100;

  private DisplayNames() {
  }

  /** The name to store, or a 400 naming {@code field}. */
  static String normalise(String field, String raw) {
    String folded = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    StringBuilder name = new StringBuilder(folded.length());
    boolean space = false;
    for (int i = 0; i < folded.length();) {
      int codePoint = folded.codePointAt(i);
      i += Character.charCount(codePoint);
      if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
        space = name.length() > 0;
      } else if (!Emails.hidden(codePoint)) {
        if (space) {
          name.append(' ');
          space = false;
        }
        name.appendCodePoint(codePoint);
      }
    }
    if (name.length() == 0) {
      throw ApiException.invalid(List.of(new io.surge.http.FieldError(field, "blank",
        "A display name needs at least one visible character.")));
    }
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      throw ApiException.invalid(List.of(new io.surge.http.FieldError(field, "too_long",
        "Use at most " + MAX_LENGTH + " characters.")));
    }
    return name.toString();
  }
}
