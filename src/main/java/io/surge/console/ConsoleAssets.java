package io.surge.console;

import org.webjars.WebJarVersionLocator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The console's files on the class path (a directory in development, the jar in production), fingerprinted as one:
 * a hash of every file's name and content plus the chart library's version. Every asset URL carries that hash as a
 * path segment, so relative ES module imports inherit it and the whole tree can be cached as immutable.
 */
record ConsoleAssets(String version, String uplotVersion, String indexHtml) {

  static final String ROOT = "webroot/admin";

  static ConsoleAssets load() {
    String uplot = new WebJarVersionLocator().version("uplot");
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(("uplot " + uplot).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String[] index = new String[1];
      walk((name, bytes) -> {
        digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(bytes);
        if ("index.html".equals(name)) {
          index[0] = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
      });
      if (index[0] == null) {
        throw new IllegalStateException(ROOT + "/index.html is missing from the class path");
      }
      String version = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
      return new ConsoleAssets(version, uplot, index[0].replace("{{assets}}", "/admin/a/" + version));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  interface FileVisitor {
    void visit(String name, byte[] bytes);
  }

  /** Every file under the root in name order, so the hash does not depend on the directory's listing order. */
  private static void walk(FileVisitor visitor) {
    URL url = ConsoleAssets.class.getClassLoader().getResource(ROOT + "/index.html");
    if (url == null) {
      throw new IllegalStateException(ROOT + "/index.html is missing from the class path");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem jar;
        try {
          jar = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          jar = FileSystems.getFileSystem(uri);
        }
        visitTree(jar.getPath("/" + ROOT), visitor);
      } else {
        visitTree(Path.of(uri).getParent(), visitor);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void visitTree(Path root, FileVisitor visitor) throws IOException {
    List<Path> files;
    try (Stream<Path> tree = Files.walk(root)) {
      files = tree.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      visitor.visit(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
    }
  }
}
