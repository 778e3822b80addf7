package io.surge.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An HTTP client for the test server, speaking to it exactly as a storefront would. */
public final class Api {

  public static final String PASSWORD = "correct-horse-battery-staple";

  private final WebClient web;

  public Api(Vertx vertx) {
    this(vertx, TestServer.get().httpPort());
  }

  /** A client of another server on this machine (a second instance, a {@link ServerProcess}). */
  public Api(Vertx vertx, int port) {
    this(vertx, port, 5);
  }

  /** With up to {@code connections} requests in flight at once (a crowd rather than a queue). */
  public Api(Vertx vertx, int port, int connections) {
    ContractCheck.contract();
    this.web = WebClient.create(vertx, new WebClientOptions()
      .setDefaultHost("127.0.0.1").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(connections));
  }

  public Call call(HttpMethod method, String path) {
    return new Call(web.request(method, path));
  }

  public Reply get(String path, String token) {
    return call(HttpMethod.GET, path).bearer(token).send();
  }

  public Reply post(String path, String token, JsonObject body) {
    return call(HttpMethod.POST, path).bearer(token).send(body);
  }

  /** Uploads one file as the multipart/form-data part {@code part}, under the given name and declared type. */
  public Reply upload(String path, String token, String part, String fileName, String contentType, Buffer bytes) {
    return call(HttpMethod.POST, path).bearer(token)
      .sendMultipart(MultipartForm.create().binaryFileUpload(part, fileName, bytes, contentType));
  }

  /** Registers a customer and returns the created user. */
  public JsonObject register(String email) {
    Reply reply = post("/api/v1/users", null,
      new JsonObject().put("email", email).put("password", PASSWORD).put("display_name", "Test " + email));
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }

  /** Logs in and returns the token response. */
  public JsonObject logIn(String email, String password) {
    Reply reply = post("/api/v1/auth/token", null, new JsonObject().put("email", email).put("password", password));
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  /** A new customer's access token. */
  public String customerToken() {
    String email = "shopper-" + UUID.randomUUID() + "@example.com";
    register(email);
    return logIn(email, PASSWORD).getString("access_token");
  }

  /** Whose token this is: its {@code sub} claim, read without verifying (a test's own token). */
  public static UUID subject(String token) {
    return UUID.fromString(new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
      java.nio.charset.StandardCharsets.UTF_8)).getString("sub"));
  }

  public String adminToken() {
    JsonObject dev = TestServer.config().getJsonObject("dev");
    return logIn(dev.getString("adminEmail"), dev.getString("adminPassword")).getString("access_token");
  }

  /** One request being built. */
  public static final class Call {
    private final HttpRequest<Buffer> request;

    Call(HttpRequest<Buffer> request) {
      this.request = request;
    }

    /** The reply, after checking it against the OpenAPI document ({@link ContractCheck}). */
    private Reply checked(HttpResponse<Buffer> response) {
      Reply reply = new Reply(response);
      ContractCheck.observe(request.method(), request.uri(), reply.status(), reply.headers(), reply.body());
      return reply;
    }

    public Call bearer(String token) {
      if (token != null) {
        request.putHeader("Authorization", "Bearer " + token);
      }
      return this;
    }

    public Call header(String name, String value) {
      request.putHeader(name, value);
      return this;
    }

    public Future<Reply> sendAsync(Buffer body, String contentType) {
      if (body == null) {
        return request.send().map(this::checked);
      }
      if (!request.headers().contains("Content-Type")) {
        request.putHeader("Content-Type", contentType);
      }
      return request.sendBuffer(body).map(this::checked);
    }

    public Reply send() {
      return await(sendAsync(null, null));
    }

    public Reply send(JsonObject body) {
      return body == null ? send() : await(sendAsync(body.toBuffer(), "application/json"));
    }

    public Reply sendRaw(String body) {
      return await(sendAsync(Buffer.buffer(body), "application/json"));
    }

    public Reply sendRaw(Buffer body) {
      return await(sendAsync(body, "application/json"));
    }

    public Reply sendMultipart(MultipartForm form) {
      return await(request.sendMultipartForm(form).map(this::checked));
    }

    private static Reply await(Future<Reply> reply) {
      return Wait.forResult(reply);
    }
  }

  /** A response, read. */
  public record Reply(int status, MultiMap headers, Buffer body) {
    Reply(HttpResponse<Buffer> response) {
      this(response.statusCode(), response.headers(), response.body() == null ? Buffer.buffer() : response.body());
    }

    public JsonObject json() {
      return body.length() == 0 ? null : body.toJsonObject();
    }

    public String header(String name) {
      return headers.get(name);
    }

    /** The problem's stable {@code code}. */
    public String code() {
      return json().getString("code");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
