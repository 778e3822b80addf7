package io.surge.reviews;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides whether a review may go out at once or waits for a moderator: links ({@code http(s)://} or
 * {@code www.}) and words from {@code reviews.blockedWords} (comma-separated, matched as whole words,
 * case-insensitive) hold it back.
 */
final class ReviewScreen {

  private static final Pattern LINK = Pattern.compile("(?i)(?:https?://|(?<![\\p{L}\\p{N}.])www\\.)\\S");

  private final Pattern blocked;

  ReviewScreen(String blockedWords) {
    String alternatives = blockedWords == null ? "" : Arrays.stream(blockedWords.split(","))
      .map(String::strip).filter(word -> !word.isEmpty()).map(Pattern::quote).collect(Collectors.joining("|"));
    this.blocked = alternatives.isEmpty() ? null
      : Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])");
  }

  /** Why the text needs a moderator, or null when it may be published. */
  String holdReason(String... texts) {
    for (String text : texts) {
      if (text == null) {
        continue;
      }
      if (LINK.matcher(text).find()) {
        return "contains a link";
      }
      Matcher word = blocked == null ? null : blocked.matcher(text);
      if (word != null && word.find()) {
        return "contains a blocked word: " + word.group();
      }
    }
    return null;
  }
}
