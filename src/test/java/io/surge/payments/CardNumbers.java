package io.surge.payments;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what looks like a payment card number in text: 13 to 19 digits (single spaces or dashes between
 * them allowed), starting like a card network's number (2 to 6), passing the Luhn check. UUIDs are taken out
 * first and digit runs glued to letters are skipped, so ids and hex digests are not mistaken for cards.
 */
final class CardNumbers {

  private static final Pattern UUID = Pattern
    .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9A-Za-z])(?:\\d[ -]?){12,18}\\d(?![0-9A-Za-z])");

  private CardNumbers() {
  }

  static List<String> find(String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = CANDIDATE.matcher(UUID.matcher(text).replaceAll(" "));
    while (matcher.find()) {
      String digits = matcher.group().replaceAll("[ -]", "");
      if (digits.length() >= 13 && digits.length() <= 19 && digits.charAt(0) >= '2' && digits.charAt(0) <= '6'
        && luhn(digits)) {
        found.add(digits);
      }
    }
    return found;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
