package io.surge.http;

import io.surge.app.ApiVerticle;
import io.surge.support.ContractCheck;
import io.vertx.openapi.contract.Path;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HotPathsFirstTest {

  @Test
  void twoPathsOverlapWhenSomeUrlMatchesBoth() {
    assertTrue(HotPathsFirst.overlap("/api/v1/products/{id}", "/api/v1/products/search"));
    assertTrue(HotPathsFirst.overlap("/api/v1/a/{x}/b", "/api/v1/{y}/c/b"));
    assertFalse(HotPathsFirst.overlap("/api/v1/flash-sales/{id}/purchases", "/api/v1/flash-sales/{id}/pass"));
    assertFalse(HotPathsFirst.overlap("/api/v1/flash-sales/{id}", "/api/v1/flash-sales/{id}/pass"));
  }

  @Test
  void hotPathsComeFirstAndTheRestKeepTheirOrder() {
    List<Path> paths = ContractCheck.contract().getPaths();
    List<String> hot = ApiVerticle.HOT_PATHS; // the server's own list: each in the contract, none overlapping

    List<Path> ordered = HotPathsFirst.apply(paths, hot);

    assertEquals(hot, ordered.stream().limit(hot.size()).map(Path::getName).toList());
    assertEquals(paths.stream().map(Path::getName).filter(name -> !hot.contains(name)).toList(),
      ordered.stream().skip(hot.size()).map(Path::getName).toList());
  }

  @Test
  void aHotPathThatCouldShadowAnotherFailsTheStart() {
    List<Path> paths = ContractCheck.contract().getPaths();
    String shadowing = paths.stream().map(Path::getName)
      .filter(name -> paths.stream().anyMatch(other -> !other.getName().equals(name)
        && HotPathsFirst.overlap(name, other.getName())))
      .findFirst().orElseThrow();

    assertThrows(IllegalStateException.class, () -> HotPathsFirst.apply(paths, List.of(shadowing)));
    assertThrows(IllegalStateException.class, () -> HotPathsFirst.apply(paths, List.of("/api/v1/no/such/path")));
  }
}
