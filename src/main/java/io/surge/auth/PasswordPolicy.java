package io.surge.auth;

import io.surge.http.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Password rules: 10 to 128 characters, and not one of the commonly breached passwords. */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 128;
  private static final Set<String> COMMON = load();

  private PasswordPolicy() {
  }

  public static Optional<FieldError> check(String field, String password, String email) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return Optional.of(new FieldError(field, "too_short", "Use at least " + MIN_LENGTH + " characters."));
    }
    if (length > MAX_LENGTH) {
      return Optional.of(new FieldError(field, "too_long", "Use at most " + MAX_LENGTH + " characters."));
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower) || (email != null && lower.equals(email.toLowerCase(Locale.ROOT)))) {
      return Optional.of(new FieldError(field, "too_common", "This password is too easy to guess; choose another."));
    }
    return Optional.empty();
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
