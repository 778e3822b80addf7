package io.surge.console;

import io.surge.Infrastructure;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the operations made for the merchant's console (what no single domain answers alone). */
public final class ConsoleApi {

  private ConsoleApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    new DashboardRoutes(infra.pg(), ConsoleSettings.from(infra.config())).mount(api);
  }
}
