package io.surge.users;

import io.surge.auth.PasswordHasher;
import io.surge.auth.Roles;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Creates an account with the given roles if its email is not taken yet (first admin, demo users). */
public final class AdminBootstrap {

  private AdminBootstrap() {
  }

  /** True when the account was created, false when it already existed (it is then left untouched). */
  public static Future<Boolean> ensure(Pool pool, PasswordHasher hasher, String email, String password,
    String displayName, String... roles) {
    String normalised = Emails.normalise(email);
    String[] granted = roles.length == 0 ? new String[] {Roles.CUSTOMER} : roles;
    return pool.preparedQuery(UserSql.FIND_LOGIN).execute(Tuple.of(normalised)).compose(existing -> existing.size() > 0
      ? Future.succeededFuture(false)
      : hasher.hash(password).compose(hash -> pool.preparedQuery(UserSql.INSERT_USER_IF_ABSENT)
        .execute(Tuple.of(normalised, hash, displayName, granted)))
        .map(rows -> rows.size() > 0));
  }
}
