package io.surge.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts the shared test server once, and resets its data before every test. After each test, fails it when any
 * response it received did not match the OpenAPI document ({@link ContractCheck}).
 */
public final class SurgeServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    TestServer.get();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ContractCheck.drain();
    TestServer.reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> violations = ContractCheck.drain();
    if (!violations.isEmpty()) {
      fail(violations.size() + " response(s) do not match src/main/resources/openapi/surge.yaml:\n  - "
        + String.join("\n  - ", violations.stream().distinct().toList()));
    }
  }
}
