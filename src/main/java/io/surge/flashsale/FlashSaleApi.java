package io.surge.flashsale;

import io.surge.Infrastructure;
import io.vertx.core.Future;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the flash-sale domain's HTTP operations. */
public final class FlashSaleApi {

  private FlashSaleApi() {
  }

  /** Completes once the gate's Redis scripts are loaded: no purchase may be answered before. */
  public static Future<Void> mount(RouterBuilder api, Infrastructure infra) {
    return FlashSaleRoutes.mount(api, infra);
  }
}
