package io.surge.users;

/** Every SQL statement of the users domain. The users domain alone writes these tables. */
final class UserSql {

  private UserSql() {
  }

  static final String USER_COLUMNS = "id, email, display_name, phone, roles, disabled_at, erased_at, customer_ref, version, "
    + "created_at, updated_at";

  static final String INSERT_USER = "INSERT INTO users (email, password_hash, display_name, roles) VALUES ($1, $2, $3, $4) "
    + "RETURNING " + USER_COLUMNS;
  static final String INSERT_USER_IF_ABSENT = "INSERT INTO users (email, password_hash, display_name, roles) "
    + "VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING RETURNING id";
  static final String FIND_LOGIN = "SELECT id, password_hash, roles, disabled_at FROM users WHERE email = $1";
  static final String FIND_BY_ID = "SELECT " + USER_COLUMNS + " FROM users WHERE id = $1";
  static final String FIND_HASH_BY_ID = "SELECT password_hash, email, display_name FROM users WHERE id = $1";
  static final String FIND_ROLES = "SELECT roles, disabled_at FROM users WHERE id = $1";
  static final String UPDATE_PROFILE = """
    UPDATE users SET display_name = COALESCE($3, display_name),
                     phone = CASE WHEN $4 THEN $5 ELSE phone END,
                     version = version + 1, updated_at = now()
    WHERE id = $1 AND ($2::int IS NULL OR version = $2)
    RETURNING\s""" + USER_COLUMNS;
  static final String UPDATE_PASSWORD = "UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() "
    + "WHERE id = $1";
  /** $2: true disables (keeping the first disable time), false enables. */
  static final String SET_DISABLED = """
    UPDATE users SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) END,
                     version = version + 1, updated_at = now()
    WHERE id = $1
    RETURNING\s""" + USER_COLUMNS;
  static final String SET_ROLES = "UPDATE users SET roles = $2, version = version + 1, updated_at = now() "
    + "WHERE id = $1 RETURNING " + USER_COLUMNS;
  /**
   * Keyset page ordered by (created_at, id); $2/$3 are the last row's key, $4 an optional email fragment, $5 an optional
   * imported customer's exact reference.
   */
  static final String LIST_USERS = """
    SELECT\s""" + USER_COLUMNS + """
     FROM users
    WHERE ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
      AND ($4::text IS NULL OR strpos(email, $4) > 0)
      AND ($5::text IS NULL OR customer_ref = $5)
      AND ($6::uuid IS NULL OR id = $6)
    ORDER BY created_at, id
    LIMIT $1""";

  static final String ADDRESS_COLUMNS = "id, label, recipient, line1, line2, city, region, postal_code, country, phone, "
    + "is_default, version, created_at, updated_at";
  static final String COUNT_ADDRESSES = "SELECT count(*) FROM addresses WHERE user_id = $1";
  static final String LIST_ADDRESSES = "SELECT " + ADDRESS_COLUMNS
    + " FROM addresses WHERE user_id = $1 ORDER BY created_at, id";
  static final String FIND_ADDRESS = "SELECT " + ADDRESS_COLUMNS + " FROM addresses WHERE id = $1 AND user_id = $2";
  static final String CLEAR_DEFAULT_ADDRESS = "UPDATE addresses SET is_default = false, version = version + 1, updated_at = now() "
    + "WHERE user_id = $1 AND is_default AND id <> $2";
  static final String INSERT_ADDRESS = """
    INSERT INTO addresses (id, user_id, label, recipient, line1, line2, city, region, postal_code, country, phone, is_default)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    RETURNING\s""" + ADDRESS_COLUMNS;
  static final String UPDATE_ADDRESS = """
    UPDATE addresses SET label = $4, recipient = $5, line1 = $6, line2 = $7, city = $8, region = $9,
           postal_code = $10, country = $11, phone = $12, is_default = $13, version = version + 1, updated_at = now()
    WHERE id = $1 AND user_id = $2 AND version = $3
    RETURNING\s""" + ADDRESS_COLUMNS;
  static final String DELETE_ADDRESS = "DELETE FROM addresses WHERE id = $1 AND user_id = $2";

  static final String INSERT_REFRESH = "INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) "
    + "VALUES ($1, $2, $3, now() + make_interval(secs => $4))";
  static final String USE_REFRESH = """
    UPDATE refresh_tokens SET used_at = now()
    WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
    RETURNING user_id, family_id""";
  static final String REVOKE_FAMILY_OF = """
    UPDATE refresh_tokens SET revoked_at = now()
    WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL
    RETURNING user_id, family_id""";
  static final String REVOKE_ALL_FOR_USER = "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL";
  static final String DELETE_EXPIRED_REFRESH = "DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'";

  /**
   * Account erasure: the row stays (orders, payments, tickets and reviews point at it) with every personal field
   * overwritten. The e-mail becomes a unique placeholder, so the real one is free for a new account; the password
   * hash is no hash at all, so no password ever matches; disabled, so no refresh works. Asked again it changes
   * nothing but the version (the first erasure's time, actor and reason stay).
   */
  static final String ERASE_USER = """
    UPDATE users SET email = 'erased-' || id || '@erased.invalid', display_name = 'Deleted customer', phone = NULL,
                     password_hash = '!erased', disabled_at = coalesce(disabled_at, now()),
                     erased_at = coalesce(erased_at, now()),
                     erased_by = CASE WHEN erased_at IS NULL THEN $2 ELSE erased_by END,
                     erasure_reason = CASE WHEN erased_at IS NULL THEN $3 ELSE erasure_reason END,
                     version = version + 1, updated_at = now()
    WHERE id = $1
    RETURNING id""";
  static final String DELETE_ADDRESSES = "DELETE FROM addresses WHERE user_id = $1";
  static final String ERASURE_COMPLETED = "UPDATE users SET erasure_completed_at = now() WHERE id = $1";
  /** Erasures some domain has not confirmed, older than $1 seconds (a request in flight is left to finish). */
  static final String ERASURES_PENDING = """
    SELECT id FROM users
    WHERE erased_at IS NOT NULL AND erasure_completed_at IS NULL AND erased_at < now() - make_interval(secs => $1)
    ORDER BY erased_at LIMIT 100""";
}
