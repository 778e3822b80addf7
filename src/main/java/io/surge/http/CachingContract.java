package io.surge.http;

import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract as loaded, except that each schema's validator is built once. Vert.x's request
 * validation asks the schema repository for a new validator for every parameter and body of every
 * request, and each new validator copies the repository's whole lookup table (every sub-schema of
 * the contract): a fifth of the server's CPU on a checkout. A validator only reads that table once
 * built, so one per schema serves every request. Keyed by the schema object itself: the contract's
 * parameters and bodies hold theirs for the process's life. Optionally, a few hot paths come first.
 */
public final class CachingContract implements OpenAPIContract {

  private final OpenAPIContract contract;
  private final SchemaRepository schemas;
  private final List<Path> paths;

  public CachingContract(OpenAPIContract contract) {
    this(contract, List.of());
  }

  /** The same, with the {@code hot} paths first in the router built from it (see {@link HotPathsFirst}). */
  public CachingContract(OpenAPIContract contract, List<String> hot) {
    this.contract = contract;
    this.schemas = new CachingSchemas(contract.getSchemaRepository());
    this.paths = HotPathsFirst.apply(contract.getPaths(), hot);
  }

  @Override
  public SchemaRepository getSchemaRepository() {
    return schemas;
  }

  @Override
  public Operation operation(String operationId) {
    return contract.operation(operationId);
  }

  @Override
  public List<Operation> operations() {
    return contract.operations();
  }

  @Override
  public List<Path> getPaths() {
    return paths;
  }

  @Override
  public JsonObject getRawContract() {
    return contract.getRawContract();
  }

  @Override
  public OpenAPIVersion getVersion() {
    return contract.getVersion();
  }

  @Override
  public List<Server> getServers() {
    return contract.getServers();
  }

  @Override
  public Path findPath(String urlPath) {
    return contract.findPath(urlPath);
  }

  @Override
  public Operation findOperation(String urlPath, HttpMethod method) {
    return contract.findOperation(urlPath, method);
  }

  @Override
  public List<SecurityRequirement> getSecurityRequirements() {
    return contract.getSecurityRequirements();
  }

  @Override
  public SecurityScheme securityScheme(String name) {
    return contract.securityScheme(name);
  }

  /** A schema object compared by identity (a schema's own equality hashes its whole JSON). */
  private record Same(JsonSchema schema) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Same same && same.schema == schema;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(schema);
    }
  }

  private static final class CachingSchemas implements SchemaRepository {

    /** Far above the contract's parameters and bodies: only a caller that makes new schemas could reach it. */
    private static final int MAX_CACHED = 10_000;

    private final SchemaRepository repository;
    private final Map<Same, Validator> validators = new ConcurrentHashMap<>();

    CachingSchemas(SchemaRepository repository) {
      this.repository = repository;
    }

    @Override
    public Validator validator(JsonSchema schema) {
      Validator cached = validators.get(new Same(schema));
      if (cached != null) {
        return cached;
      }
      Validator built = repository.validator(schema);
      if (validators.size() < MAX_CACHED) {
        validators.put(new Same(schema), built);
      }
      return built;
    }

    @Override
    public SchemaRepository dereference(JsonSchema schema) {
      repository.dereference(schema);
      return this;
    }

    @Override
    public SchemaRepository dereference(String uri, JsonSchema schema) {
      repository.dereference(uri, schema);
      return this;
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs) {
      repository.preloadMetaSchema(fs);
      return this;
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
      repository.preloadMetaSchema(fs, draft);
      return this;
    }

    @Override
    public Validator validator(String ref) {
      return repository.validator(ref);
    }

    @Override
    public Validator validator(String ref, JsonSchemaOptions options) {
      return repository.validator(ref, options);
    }

    @Override
    public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return repository.validator(schema, options, dereference);
    }

    @Override
    public JsonObject resolve(JsonObject schema) {
      return repository.resolve(schema);
    }

    @Override
    public JsonSchema find(String uri) {
      return repository.find(uri);
    }
  }
}
