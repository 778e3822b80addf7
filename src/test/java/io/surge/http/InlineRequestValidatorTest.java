package io.surge.http;

import io.surge.docs.ApiDocs;
import io.surge.support.ContractCheck;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract's request validation on the calling thread: answered before validate returns, with the verdicts of
 * Vert.x's own validator (which answers from a worker thread, so when is a race and not asserted).
 */
class InlineRequestValidatorTest {

  private static Vertx vertx;
  private static OpenAPIContract contract;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = Wait.forResult(OpenAPIContract.from(vertx, ApiDocs.forRequestRouter(ContractCheck.document())));
  }

  @AfterAll
  static void close() {
    Wait.forResult(vertx.close());
  }

  @Test
  void aValidCartLineIsValidatedBeforeValidateReturns() {
    Future<ValidatedRequest> inline = new InlineRequestValidator(vertx, contract)
      .validate(cartLine("{\"quantity\":2}"), "putCartItem");
    assertTrue(inline.succeeded(), "validated on the calling thread: " + inline.cause());
    assertEquals(2, inline.result().getBody().getJsonObject().getInteger("quantity"));

    Future<ValidatedRequest> onWorker = RequestValidator.create(vertx, contract)
      .validate(cartLine("{\"quantity\":2}"), "putCartItem");
    assertEquals(2, Wait.forResult(onWorker).getBody().getJsonObject().getInteger("quantity"));
  }

  @Test
  void anInvalidBodyFailsAsVertxsValidatorFailsIt() {
    Future<ValidatedRequest> inline = new InlineRequestValidator(vertx, contract)
      .validate(cartLine("{\"quantity\":\"two\"}"), "putCartItem");
    assertTrue(inline.failed(), "refused on the calling thread");
    Future<ValidatedRequest> onWorker = RequestValidator.create(vertx, contract)
      .validate(cartLine("{\"quantity\":\"two\"}"), "putCartItem");
    Throwable theirs = Wait.forResult(onWorker.transform(ar -> Future.succeededFuture(ar.cause())));
    assertInstanceOf(ValidatorException.class, inline.cause());
    assertEquals(theirs.getMessage(), inline.cause().getMessage());
  }

  /** A PUT of a cart line as {@link RequestAsSent} hands it over: every documented parameter, absent ones empty. */
  private static ValidatableRequest cartLine(String body) {
    Operation operation = contract.operation("putCartItem");
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getIn() == Location.PATH) {
        path.put(parameter.getName(), new RequestParameterImpl(UUID.randomUUID().toString()));
      } else if (parameter.getIn() == Location.HEADER) {
        headers.put(parameter.getName(), new RequestParameterImpl(null));
      }
    }
    return new ValidatableRequestImpl(Map.of(), headers, path, Map.of(), new RequestParameterImpl(Buffer.buffer(body)),
      "application/json");
  }
}
