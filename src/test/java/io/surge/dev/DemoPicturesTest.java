package io.surge.dev;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Demo pictures show the product's kind in its colour (written to target/demo-pictures for a look). */
class DemoPicturesTest {

  @Test
  @DisplayName("each category's pictogram is drawn in the SKU's colour, and differs from the others")
  void pictogramsInColour() throws IOException {
    Path out = Files.createDirectories(Path.of("target", "demo-pictures"));
    List<String> categories = List.of("shirts", "trousers", "shoes", "jackets", "kitchen", "lighting", "bedding",
      "audio", "phones");
    java.util.Set<Integer> shapes = new java.util.HashSet<>();
    for (String category : categories) {
      BufferedImage red = DemoPictures.draw(category, "red", "Classic Cotton " + category);
      ImageIO.write(red, "png", out.resolve(category + ".png").toFile());
      int inked = 0;
      int signature = 0;
      for (int y = 100; y < 660; y += 20) {
        for (int x = 100; x < 700; x += 20) {
          if ((red.getRGB(x, y) & 0xFFFFFF) == 0xC0392B) {
            inked++;
            signature = signature * 31 + x * 1000 + y;
          }
        }
      }
      assertNotEquals(0, inked, category + " has no red shape");
      shapes.add(signature);
    }
    assertEquals(categories.size(), shapes.size(), "every category has its own shape");
  }
}
