package io.surge.users;

import io.surge.http.FieldError;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * One spelling per mailbox: trimmed, NFKC (full-width and other compatibility forms folded: {@code ａdmin} is
 * {@code admin}), lower case. Uniqueness is enforced on this form. A new address must also not hide a look-alike:
 * no invisible or control characters, and each of its two parts written in one script (Latin, Cyrillic, Greek...),
 * so {@code аdmin} with a Cyrillic {@code а} is refused while an all-Cyrillic address is fine.
 */
final class Emails {

  private Emails() {
  }

  static String normalise(String email) {
    return Normalizer.normalize(email.trim(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /** Why this (normalised) address cannot be registered, if it cannot. */
  static Optional<FieldError> problem(String field, String normalised) {
    int at = normalised.indexOf('@');
    if (at <= 0 || at != normalised.lastIndexOf('@') || at == normalised.length() - 1) {
      return Optional.of(new FieldError(field, "invalid", "An email address is name@domain."));
    }
    if (normalised.codePoints().anyMatch(Emails::hidden)) {
      return Optional
        .of(new FieldError(field, "invalid", "The email address contains spaces or invisible characters."));
    }
    if (!oneScript(normalised.substring(0, at)) || !oneScript(normalised.substring(at + 1))) {
      return Optional.of(new FieldError(field, "mixed_scripts",
        "The email address mixes alphabets (e.g. a Cyrillic letter among Latin ones); type it in one alphabet."));
    }
    return Optional.empty();
  }

  static boolean hidden(int codePoint) {
    int type = Character.getType(codePoint);
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || type == Character.CONTROL
      || type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.SURROGATE
      || type == Character.UNASSIGNED;
  }

  /** Letters of at most one script; digits, punctuation and marks (script Common or Inherited) go with any. */
  private static boolean oneScript(String part) {
    UnicodeScript seen = null;
    for (int i = 0; i < part.length();) {
      int codePoint = part.codePointAt(i);
      i += Character.charCount(codePoint);
      UnicodeScript script = UnicodeScript.of(codePoint);
      if (script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED) {
        continue;
      }
      if (seen != null && seen != script) {
        return false;
      }
      seen = script;
    }
    return true;
  }
}
