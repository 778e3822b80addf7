package io.surge.users;

import io.surge.Infrastructure;
import io.surge.auth.JwtSettings;
import io.surge.auth.SecuritySettings;
import io.surge.cart.RedisCarts;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the users domain's HTTP operations (named by operationId in the OpenAPI document). */
public final class UsersApi {

  private UsersApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    RefreshTokens refreshTokens = new RefreshTokens(infra.pg(), JwtSettings.from(infra.config()).refreshTtlSeconds(),
      infra.accessTokens().sessions());
    LoginThrottle throttle = new LoginThrottle(infra.redis(), SecuritySettings.from(infra.config()));
    new AccountRoutes(infra.pg(), infra.passwords(), refreshTokens, infra.idempotency(), throttle,
      new RegistrationLimit(infra.redis(), SecuritySettings.from(infra.config()))).mount(api);
    new AuthRoutes(infra.pg(), infra.passwords(), infra.accessTokens(), refreshTokens, throttle,
      RedisCarts.create(infra)).mount(api);
    new AddressRoutes(infra.pg(), infra.idempotency()).mount(api);
    new AdminUserRoutes(infra.pg(), refreshTokens, infra.accessTokens().sessions()).mount(api);
    PrivacySettings privacy = PrivacySettings.from(infra.config());
    new PrivacyRoutes(infra.vertx(), infra.pg(), infra.passwords(), throttle,
      new AccountErasure(infra.vertx(), infra.pg(), refreshTokens, privacy), privacy).mount(api);
  }
}
