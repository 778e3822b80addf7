package io.surge.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every overlay under {@code k8s/overlays}, rendered once per test run from a copy of {@code k8s/} (so a test
 * may change files and render again): as committed, and with the optional components added the way
 * k8s/README.md says. Skips the calling tests when neither kubectl nor kustomize is on the PATH, unless
 * {@code SURGE_REQUIRE_KUBECTL=true}.
 */
final class RenderedOverlays {

  static final List<String> COMPONENTS = List.of("monitoring", "generated-secrets");

  private static RenderedOverlays rendered;

  final Kustomize kustomize;
  /** The copy of k8s/ that was rendered. */
  final Path tree;
  final Map<String, Manifests> plain = new LinkedHashMap<>();
  final Map<String, Manifests> withComponents = new LinkedHashMap<>();

  private RenderedOverlays(Kustomize kustomize, Path tree) {
    this.kustomize = kustomize;
    this.tree = tree;
  }

  static synchronized RenderedOverlays get() throws IOException, InterruptedException {
    Optional<Kustomize> found = Kustomize.find();
    if (found.isEmpty()) {
      assertFalse(Kustomize.required(), Kustomize.REQUIRE + "=true but neither kubectl nor kustomize is on the PATH");
    }
    assumeTrue(found.isPresent(), "k8s manifests not rendered: no kubectl or kustomize on the PATH (set "
      + Kustomize.REQUIRE + "=true to make this a failure)");
    if (rendered == null) {
      RenderedOverlays overlays = new RenderedOverlays(found.get(), Path.of("target", "k8s-render", "k8s"));
      overlays.renderAll();
      rendered = overlays;
    }
    return rendered;
  }

  List<Manifests> all() {
    List<Manifests> all = new ArrayList<>(plain.values());
    all.addAll(withComponents.values());
    return all;
  }

  Path overlay(String name) {
    return tree.resolve("overlays").resolve(name);
  }

  private void renderAll() throws IOException, InterruptedException {
    delete(tree.getParent());
    copy(Path.of("k8s"), tree);
    writeLocalSecrets();
    try (Stream<Path> overlays = Files.list(tree.resolve("overlays"))) {
      for (Path overlay : overlays.sorted().toList()) {
        String name = overlay.getFileName().toString();
        plain.put(name, new Manifests(name, kustomize.render(overlay)));
        Path kustomization = overlay.resolve("kustomization.yaml");
        StringBuilder components = new StringBuilder(Files.readString(kustomization)).append("\ncomponents:\n");
        COMPONENTS.forEach(c -> components.append("  - ../../components/").append(c).append('\n'));
        Files.writeString(kustomization, components);
        withComponents.put(name, new Manifests(name + " with components", kustomize.render(overlay)));
      }
    }
    assertTrue(plain.size() >= 2, "staging and production overlays expected, found " + plain.keySet());
  }

  /** The generated-secrets component reads git-ignored files: stand-ins for the render. */
  private void writeLocalSecrets() throws IOException {
    Path component = tree.resolve("components/generated-secrets");
    Files.copy(component.resolve("secrets.env.example"), component.resolve("secrets.env"));
    Files.createDirectories(component.resolve("jwt"));
    Files.writeString(component.resolve("jwt/es256-private.pem"), "test private key\n");
    Files.writeString(component.resolve("jwt/es256-public.pem"), "test public key\n");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!Files.exists(target)) {
          Files.copy(source, target);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
