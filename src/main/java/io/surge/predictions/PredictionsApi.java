package io.surge.predictions;

import io.surge.Infrastructure;
import io.surge.predictions.forecast.ForecastRoutes;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Mounts the predictions domain's HTTP operations (all admin). */
public final class PredictionsApi {

  private PredictionsApi() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra) {
    PredictionSettings settings = PredictionSettings.from(infra.config());
    new AdminPredictionRoutes(infra.vertx(), infra.pg()).mount(api);
    new ForecastRoutes(infra.vertx(), infra.pg(), settings).mount(api);
  }
}
