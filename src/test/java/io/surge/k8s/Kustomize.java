package io.surge.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization as {@code kubectl apply -k} would ({@code kubectl kustomize}, or a standalone
 * {@code kustomize build}), and parses the result into fabric8's typed Kubernetes objects.
 */
final class Kustomize {

  /** Set to {@code true} where the manifests must be checked: a missing kubectl then fails instead of skipping. */
  static final String REQUIRE = "SURGE_REQUIRE_KUBECTL";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<String> command;

  private Kustomize(List<String> command) {
    this.command = command;
  }

  /** kubectl (its built-in kustomize) when on the PATH, else a standalone kustomize, else nothing. */
  static Optional<Kustomize> find() {
    if (onPath("kubectl")) {
      return Optional.of(new Kustomize(List.of("kubectl", "kustomize")));
    }
    if (onPath("kustomize")) {
      return Optional.of(new Kustomize(List.of("kustomize", "build")));
    }
    return Optional.empty();
  }

  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv(REQUIRE));
  }

  String name() {
    return String.join(" ", command);
  }

  /** Renders the kustomization in {@code dir}; fails with kustomize's own message when it cannot. */
  List<HasMetadata> render(Path dir) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(command);
    args.add(dir.toString());
    Path errors = Files.createTempFile("kustomize", ".err");
    try {
      Process process = new ProcessBuilder(args).redirectError(errors.toFile()).start();
      String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new AssertionError(name() + " " + dir + " failed: " + Files.readString(errors));
      }
      return parse(yaml);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  private static List<HasMetadata> parse(String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    List<HasMetadata> objects = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      list.forEach(item -> objects.add((HasMetadata) item));
    } else {
      objects.add((HasMetadata) parsed);
    }
    return objects;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
