package io.surge.users;

/**
 * The problem {@code code}s of accounts, logins and addresses.
 * Clients and the OpenAPI document rely on the values: never change one.
 */
final class UserErrors {

  static final String ACCOUNT_DISABLED = "account_disabled";
  static final String ADDRESS_LIMIT = "address_limit";
  static final String CANNOT_DEMOTE_SELF = "cannot_demote_self";
  static final String CANNOT_DISABLE_SELF = "cannot_disable_self";
  static final String CANNOT_ERASE_SELF = "cannot_erase_self";
  static final String EMAIL_TAKEN = "email_taken";
  static final String INVALID_CREDENTIALS = "invalid_credentials";
  static final String PASSWORD_MISMATCH = "password_mismatch";
  static final String REFRESH_TOKEN_INVALID = "refresh_token_invalid";

  private UserErrors() {
  }
}
