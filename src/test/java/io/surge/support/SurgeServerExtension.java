package io.surge.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the shared test server once, and resets its data before every test. */
public final class SurgeServerExtension implements BeforeAllCallback, BeforeEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    TestServer.get();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestServer.reset();
  }
}
