package io.surge.auth;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.surge.http.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Password rules (OWASP ASVS 2.1): 10 to 128 characters, not one of the commonly breached passwords, not the account's
 * own email, and hard to guess by the zxcvbn estimate (score 3 of 4 at least: about 10^8 guesses, beyond an online
 * attack and costly offline against Argon2id), with the user's own email and name counted as known words. The
 * estimate costs a few milliseconds of CPU, so {@link #check} runs on a worker (see {@link PasswordHasher}).
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 128;
  public static final int MIN_SCORE = 3;
  private static final Set<String> COMMON = load();
  /** One estimator per worker thread: it keeps per-measure state, and it is not documented as thread-safe. */
  private static final ThreadLocal<Zxcvbn> ESTIMATOR = ThreadLocal.withInitial(Zxcvbn::new);

  private PasswordPolicy() {
  }

  /** Loads the estimator's dictionaries (a few hundred milliseconds): call once on a worker at start-up. */
  public static void warm() {
    ESTIMATOR.get().measure("warm-up-password");
  }

  /** {@code email} and {@code displayName} may be null (unknown); they count against the password when known. */
  public static Optional<FieldError> check(String field, String password, String email, String displayName) {
    Optional<FieldError> length = checkLength(field, password);
    if (length.isPresent()) {
      return length;
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (email != null && lower.contains(email.toLowerCase(Locale.ROOT))) {
      return Optional.of(new FieldError(field, "contains_email", "Do not use your email address in your password."));
    }
    if (COMMON.contains(lower)) {
      return Optional.of(new FieldError(field, "too_common",
        "This is one of the most common passwords; choose another."));
    }
    Strength strength = ESTIMATOR.get().measure(password, hints(email, displayName));
    if (strength.getScore() < MIN_SCORE) {
      return Optional.of(new FieldError(field, "too_weak", advice(strength.getFeedback())));
    }
    return Optional.empty();
  }

  /**
   * The length rule alone: cheap, so a request can be refused for it on the event loop before any
   * hashing (a password change with a too-short new password never costs a check of the current one).
   */
  public static Optional<FieldError> checkLength(String field, String password) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return Optional.of(new FieldError(field, "too_short", "Use at least " + MIN_LENGTH + " characters."));
    }
    if (length > MAX_LENGTH) {
      return Optional.of(new FieldError(field, "too_long", "Use at most " + MAX_LENGTH + " characters."));
    }
    return Optional.empty();
  }

  /** The estimator's own words (why, and what to do), e.g. "This is similar to a commonly used password." */
  private static String advice(Feedback feedback) {
    StringBuilder text = new StringBuilder("This password would be easy to guess.");
    String warning = feedback.getWarning(Locale.ROOT);
    if (warning != null && !warning.isBlank()) {
      text.append(' ').append(warning.trim());
    }
    List<String> suggestions = feedback.getSuggestions(Locale.ROOT);
    if (suggestions == null || suggestions.isEmpty()) {
      text.append(" A few uncommon words together make a strong password that is easy to remember.");
    } else {
      suggestions.forEach(suggestion -> text.append(' ').append(suggestion.trim()));
    }
    return text.toString();
  }

  /** The user's own words: the email, its parts, the display name's words, and the shop's name. */
  private static List<String> hints(String email, String displayName) {
    List<String> hints = new ArrayList<>(List.of("surge"));
    if (email != null) {
      hints.add(email);
      hints.addAll(Arrays.asList(email.split("[@._+-]")));
    }
    if (displayName != null) {
      hints.add(displayName);
      hints.addAll(Arrays.asList(displayName.split("\\s+")));
    }
    hints.removeIf(String::isBlank);
    return hints;
  }

  private static Set<String> load() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("/security/common-passwords.txt");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
