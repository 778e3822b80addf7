package io.surge.users;

import java.text.Normalizer;
import java.util.Locale;

/** One spelling per mailbox: trimmed, NFC, lower case. Uniqueness is enforced on this form. */
final class Emails {

  private Emails() {
  }

  static String normalise(String email) {
    return Normalizer.normalize(email.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }
}
