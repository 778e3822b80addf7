package io.surge.app;

import io.surge.Infrastructure;
import io.surge.cart.CartApi;
import io.surge.catalog.CatalogApi;
import io.surge.catalog.CatalogSettings;
import io.surge.console.ConsoleApi;
import io.surge.console.ConsolePages;
import io.surge.console.ConsoleSettings;
import io.surge.docs.ApiDocs;
import io.surge.flashsale.FlashSaleApi;
import io.surge.http.AccessLog;
import io.surge.http.CachingContract;
import io.surge.http.ClientAddresses;
import io.surge.http.ContractValidation;
import io.surge.http.Draining;
import io.surge.http.FailureMapper;
import io.surge.http.Health;
import io.surge.http.HttpSettings;
import io.surge.http.InputGuard;
import io.surge.http.Problems;
import io.surge.http.RequestAsSent;
import io.surge.http.RequestBodies;
import io.surge.http.RequestIds;
import io.surge.http.SecurityHeaders;
import io.surge.orders.OrdersApi;
import io.surge.payments.PaymentsApi;
import io.surge.predictions.PredictionsApi;
import io.surge.predictions.customers.CustomerPredictionsApi;
import io.surge.recommendations.RecommendationsApi;
import io.surge.reviews.ReviewsApi;
import io.surge.storefront.StorefrontPages;
import io.surge.storefront.StorefrontSettings;
import io.surge.support.chat.ChatApi;
import io.surge.support.chat.ChatHub;
import io.surge.support.chat.ChatSettings;
import io.surge.support.tickets.TicketsApi;
import io.surge.users.UsersApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP front: one instance per event loop. Builds the router from the OpenAPI document (which
 * validates every request), mounts each domain's operations through its {@code <Domain>Api}, and serves health
 * and keys. Metrics are served on the management port only ({@link ManagementVerticle}).
 */
public final class ApiVerticle extends VerticleBase {

  public static final String CONTRACT = "openapi/surge.yaml";
  /** Matched first: a flash sale's stampede (the purchase, and the sale pass fetched before the start). */
  public static final List<String> HOT_PATHS = List.of("/api/v1/flash-sales/{id}/purchases",
    "/api/v1/flash-sales/{id}/pass");

  private Infrastructure infra;
  private HttpSettings http;
  private Health health;
  private HttpServer server;
  private ChatHub chatHub;
  private Future<Void> domainsReady = Future.succeededFuture();

  @Override
  public Future<?> start() {
    JsonObject config = config();
    infra = Infrastructure.create(vertx, config);
    http = HttpSettings.from(config);
    health = new Health(vertx, infra.pg(), infra.redis(), config.getJsonObject("kafka").getString("bootstrapServers"));
    Future<ConsolePages> console = ConsolePages.load(vertx, ConsoleSettings.from(config));
    return ApiDocs.load(vertx, CONTRACT)
      .compose(docs -> OpenAPIContract.from(vertx, ApiDocs.forRequestRouter(docs.document()))
        .compose(contract -> console.map(pages -> router(new CachingContract(contract, HOT_PATHS), docs, pages))))
      .compose(router -> domainsReady.map(router))
      .compose(router -> {
        ChatSettings chat = ChatSettings.from(config);
        server = vertx.createHttpServer(new HttpServerOptions()
          .setCompressionSupported(true)
          .setIdleTimeout(120)
          // support chat: a bigger frame closes with 1009; idle chat connections are pinged, not cut at 120 s
          .setMaxWebSocketFrameSize(chat.maxFrameBytes())
          .setMaxWebSocketMessageSize(chat.maxMessageBytes()));
        chatHub = ChatHub.attach(server, infra);
        return server.requestHandler(router).listen(http.port(), http.host());
      });
  }

  /**
   * A drain ({@code SurgeServer.drain}, or any undeploy): no new connection is accepted, requests in flight are
   * answered (their connections close after), chat connections close with 1012 once their frames are answered; what
   * is still open after {@code http.drainSeconds} is closed. Only then are this instance's pools closed.
   */
  @Override
  public Future<?> stop() {
    long millis = http.drainSeconds() * 1000L;
    Future<?> drained = server == null ? Future.succeededFuture()
      : Future.join(chatHub.drain(millis), server.shutdown(millis, TimeUnit.MILLISECONDS));
    return drained.eventually(() -> health.close()).onComplete(ar -> infra.close());
  }

  private Router router(OpenAPIContract contract, ApiDocs docs, ConsolePages console) {
    RequestAsSent extractor = new RequestAsSent();
    RouterBuilder api = RouterBuilder.create(vertx, contract, extractor);
    api.rootHandler(new RequestIds());
    api.rootHandler(Draining.closingConnections(vertx));
    api.rootHandler(new AccessLog());
    ClientAddresses clientAddresses = ClientAddresses.fromConfig(http.trustedProxies());
    if (clientAddresses != null) {
      api.rootHandler(clientAddresses);
    }
    api.rootHandler(new SecurityHeaders());
    CorsHandler cors = cors(http.corsAllowedOrigins());
    if (cors != null) {
      api.rootHandler(cors);
    }
    api.rootHandler(new RequestBodies(http.maxBodyBytes(),
      CatalogSettings.from(config()).maxImageBytes(), RequestBodies.defaultUploadsDirectory()));
    api.security("bearerAuth").httpHandler(JWTAuthHandler.create(infra.accessTokens()));
    InputGuard.mount(api);

    UsersApi.mount(api, infra);
    CatalogApi.mount(api, infra);
    CartApi.mount(api, infra);
    OrdersApi.mount(api, infra);
    PaymentsApi.mount(api, infra);
    domainsReady = FlashSaleApi.mount(api, infra);
    TicketsApi.mount(api, infra);
    ReviewsApi.mount(api, infra);
    ChatApi.mount(api, infra);
    RecommendationsApi.mount(api, infra);
    Operations.mount(api, infra.pg(), health);
    PredictionsApi.mount(api, infra);
    CustomerPredictionsApi.mount(api, infra);
    ConsoleApi.mount(api, infra);
    ContractValidation.apply(vertx, api, contract, extractor);

    Router router = api.createRouter();
    health.mount(router);
    CatalogApi.mountOutside(router, infra);
    ChatApi.mountOutside(router, infra);
    StorefrontPages.mount(router, StorefrontSettings.from(config()));
    console.mount(router);
    docs.mount(router);
    Buffer jwks = infra.accessTokens().jwks().toBuffer();
    router.get("/.well-known/jwks.json").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "application/jwk-set+json").putHeader("Cache-Control", "public, max-age=300")
      .end(jwks));
    FailureMapper failures = new FailureMapper();
    router.route().failureHandler(failures);
    router.errorHandler(404, ctx -> Problems.send(ctx, FailureMapper.forStatus(404)));
    router.errorHandler(405, ctx -> Problems.send(ctx, FailureMapper.forStatus(405)));
    router.errorHandler(500, failures);
    return router;
  }

  /** CORS only when configured: a comma-separated list of origins, or "*". */
  private static CorsHandler cors(String allowedOrigins) {
    if (allowedOrigins == null) {
      return null;
    }
    CorsHandler cors = "*".equals(allowedOrigins) ? CorsHandler.create() : CorsHandler.create().addOrigins(
      java.util.Arrays.stream(allowedOrigins.split(",")).map(String::trim).toList());
    cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
      .allowedHeaders(
        Set.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match", "X-Request-Id", "X-Cart-Token",
          "X-Flash-Pass"))
      .exposedHeaders(Set.of("ETag", "Location", "X-Request-Id", "Idempotent-Replayed", "Retry-After",
        "X-Cart-Token"))
      .maxAgeSeconds(600);
    return cors;
  }

}
