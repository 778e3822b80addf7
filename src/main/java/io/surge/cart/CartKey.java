package io.surge.cart;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Whose cart a request works on: a user's (by user id) or a guest's (by cart token). A guest token is
 * only honoured while its cart holds the marker written when the server issued it ({@code fresh}:
 * issued by this request, so the marker is still to be written).
 */
record CartKey(String redisKey, String guestToken, boolean fresh) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");

  static CartKey user(String userId) {
    return new CartKey("surge:cart:user:" + userId, null, false);
  }

  /** The guest cart a client names, or null when the text cannot be a token this server issued. */
  static CartKey guest(String token) {
    return token != null && TOKEN.matcher(token).matches() ? new CartKey(guestKey(token), token, false) : null;
  }

  /** A new guest cart: 192 random bits, URL-safe. */
  static CartKey newGuest() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new CartKey(guestKey(token), token, true);
  }

  boolean isGuest() {
    return guestToken != null;
  }

  /** How the line script treats the issued-token marker. */
  String mode() {
    return !isGuest() ? "user" : fresh ? "new" : "guest";
  }

  private static String guestKey(String token) {
    return "surge:cart:guest:" + token;
  }
}
