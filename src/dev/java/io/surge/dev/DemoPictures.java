package io.surge.dev;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;

/**
 * A demo product's picture that shows what it is: a pictogram of its category (a shirt, a shoe, a lamp...) in the
 * colour of its first SKU, on a soft backdrop, with the product's name beneath. Drawn, so no photo ships with Surge.
 */
final class DemoPictures {

  private static final Map<String, Color> COLOURS = Map.ofEntries(Map.entry("black", new Color(0x2b2b2b)),
    Map.entry("white", new Color(0xf4f4f0)), Map.entry("navy", new Color(0x1f2f5a)),
    Map.entry("olive", new Color(0x6b6b2a)), Map.entry("red", new Color(0xc0392b)),
    Map.entry("blue", new Color(0x2d6fc4)), Map.entry("grey", new Color(0x8a8f96)),
    Map.entry("sand", new Color(0xd8c39a)), Map.entry("terracotta", new Color(0xc0643f)),
    Map.entry("green", new Color(0x2f8a4c)), Map.entry("ivory", new Color(0xf2ead3)),
    Map.entry("mustard", new Color(0xd0a22a)));

  private DemoPictures() {
  }

  static BufferedImage draw(String category, String colour, String title) {
    int size = 800;
    Color ink = COLOURS.getOrDefault(colour == null ? "" : colour.toLowerCase(Locale.ROOT), new Color(0x5b7fa8));
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      boolean pale = ink.getRed() + ink.getGreen() + ink.getBlue() > 600;
      g.setPaint(new GradientPaint(0, 0, pale ? new Color(0xc9d3de) : new Color(0xf3f1ec), 0, size,
        pale ? new Color(0xa9b6c4) : new Color(0xe2ddd3)));
      g.fillRect(0, 0, size, size);
      g.setColor(new Color(0, 0, 0, 30));
      g.fillOval(190, 600, 420, 50);
      g.setColor(ink);
      g.setStroke(new BasicStroke(28, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      pictogram(g, category == null ? "" : category);
      g.setColor(new Color(0x33, 0x3a, 0x44));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
      String text = title.length() > 30 ? title.substring(0, 29) + "…" : title;
      g.drawString(text, (size - g.getFontMetrics().stringWidth(text)) / 2, 730);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void pictogram(Graphics2D g, String category) {
    switch (category) {
      case "shirts" -> g.fill(path(new int[] {300, 500, 640, 580, 530, 530, 270, 270, 220, 160},
        new int[] {150, 150, 240, 320, 290, 600, 600, 290, 320, 240}));
      case "trousers" -> g.fill(path(new int[] {280, 520, 560, 450, 400, 350, 240},
        new int[] {150, 150, 600, 600, 280, 600, 600}));
      case "shoes" -> g.fill(path(new int[] {210, 350, 350, 540, 620, 640, 640, 210},
        new int[] {230, 230, 420, 450, 490, 530, 580, 580}));
      case "jackets" -> {
        g.fill(path(new int[] {290, 510, 650, 620, 540, 540, 260, 260, 180, 150},
          new int[] {140, 140, 230, 560, 540, 610, 610, 540, 560, 230}));
        g.setColor(g.getColor().darker());
        g.drawLine(400, 190, 400, 600);
      }
      case "kitchen" -> {
        g.fillOval(170, 280, 320, 320);
        g.fill(new RoundRectangle2D.Double(470, 410, 220, 50, 40, 40));
      }
      case "lighting" -> {
        g.fill(path(new int[] {310, 490, 570, 230}, new int[] {160, 160, 380, 380}));
        g.drawLine(400, 380, 400, 570);
        g.drawLine(300, 590, 500, 590);
      }
      case "bedding" -> {
        g.fill(new RoundRectangle2D.Double(150, 330, 500, 220, 40, 40));
        g.setColor(g.getColor().brighter());
        g.fill(new RoundRectangle2D.Double(180, 270, 180, 100, 40, 40));
      }
      case "audio" -> {
        g.setStroke(new BasicStroke(40, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Arc2D.Double(220, 170, 360, 380, 0, 180, Arc2D.OPEN));
        g.fill(new RoundRectangle2D.Double(185, 340, 90, 200, 40, 40));
        g.fill(new RoundRectangle2D.Double(525, 340, 90, 200, 40, 40));
      }
      case "phones" -> {
        g.fill(new RoundRectangle2D.Double(280, 130, 240, 470, 60, 60));
        g.setColor(new Color(255, 255, 255, 120));
        g.fill(new RoundRectangle2D.Double(305, 175, 190, 370, 20, 20));
      }
      default -> g.fillOval(230, 180, 340, 340);
    }
  }

  private static Path2D path(int[] xs, int[] ys) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(xs[0], ys[0]);
    for (int i = 1; i < xs.length; i++) {
      path.lineTo(xs[i], ys[i]);
    }
    path.closePath();
    return path;
  }
}
