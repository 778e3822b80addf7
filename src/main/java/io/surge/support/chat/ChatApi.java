package io.surge.support.chat;

import io.surge.Infrastructure;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the support chat's HTTP operations and, outside the OpenAPI document, its web pages. */
public final class ChatApi {

  private ChatApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    ChatRoutes.mount(api, infra);
    new AgentList(infra.pg()).mount(api);
  }

  /** Routes outside the OpenAPI document: the customer widget and the agent console. */
  public static void mountOutside(Router router, Infrastructure infra) {
    ChatRoutes.mountPages(router);
  }
}
