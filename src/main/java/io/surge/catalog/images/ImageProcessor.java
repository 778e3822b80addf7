package io.surge.catalog.images;

import io.surge.catalog.CatalogErrors;
import io.surge.http.ApiException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an upload into what is stored: decoded (after the header proved it is not a decompression
 * bomb), re-encoded without any of its metadata, and scaled to the rendition sizes. Blocking and
 * CPU-heavy: runs on worker threads only.
 */
final class ImageProcessor {

  static final int MAX_SIDE = 12_000;
  static final long MAX_PIXELS = 40_000_000L;
  /** Long-side sizes of the renditions, besides the re-encoded original. */
  static final int[] SIZES = {800, 200};
  private static final float JPEG_QUALITY = 0.85f;

  static {
    // decode and encode in memory: no ImageIO cache files in the temp folder
    ImageIO.setUseCache(false);
  }

  private ImageProcessor() {
  }

  /** Renditions by name ({@code original}, {@code 800}, {@code 200}); all share one format. */
  record Processed(String contentType, String extension, int width, int height, Map<String, byte[]> renditions) {
  }

  static Processed process(byte[] bytes, ImageFormat format) {
    BufferedImage decoded = decode(bytes, format);
    boolean alpha = decoded.getColorModel().hasAlpha();
    BufferedImage original = redraw(decoded, decoded.getWidth(), decoded.getHeight(), alpha);
    Map<String, byte[]> renditions = new LinkedHashMap<>();
    renditions.put("original", encode(original, alpha));
    for (int size : SIZES) {
      renditions.put(Integer.toString(size), encode(fitLongSide(original, size, alpha), alpha));
    }
    return new Processed(alpha ? "image/png" : "image/jpeg", alpha ? "png" : "jpg",
      original.getWidth(), original.getHeight(), renditions);
  }

  /** Reads the dimensions from the header first: a tiny file may claim a huge image. */
  private static BufferedImage decode(byte[] bytes, ImageFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName);
    if (!readers.hasNext()) {
      throw ImageFormat.unsupported();
    }
    ImageReader reader = readers.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
        throw ApiException.unprocessable(CatalogErrors.IMAGE_TOO_LARGE,
          "The image may be at most " + MAX_SIDE + " pixels a side and "
            + MAX_PIXELS / 1_000_000 + " megapixels; it claims " + width + "x" + height + ".");
      }
      return reader.read(0);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      throw ApiException.unprocessable(CatalogErrors.INVALID_IMAGE, "The image cannot be decoded.");
    } finally {
      reader.dispose();
    }
  }

  /** Scales down so the long side is {@code size}; never up. Halving steps keep downscaling sharp. */
  private static BufferedImage fitLongSide(BufferedImage source, int size, boolean alpha) {
    int longSide = Math.max(source.getWidth(), source.getHeight());
    if (longSide <= size) {
      return source;
    }
    int width = Math.max(1, Math.round(source.getWidth() * (float) size / longSide));
    int height = Math.max(1, Math.round(source.getHeight() * (float) size / longSide));
    BufferedImage current = source;
    while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
      current = redraw(current, current.getWidth() / 2, current.getHeight() / 2, alpha);
    }
    return current.getWidth() == width && current.getHeight() == height ? current
      : redraw(current, width, height, alpha);
  }

  /** Draws into a plain RGB or ARGB raster: drops odd colour models and anything else the decoder kept. */
  private static BufferedImage redraw(BufferedImage source, int width, int height, boolean alpha) {
    BufferedImage target = new BufferedImage(width, height,
      alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  /** JPEG (quality 0.85) or, for images with alpha, PNG; written with no metadata of the upload's. */
  private static byte[] encode(BufferedImage image, boolean alpha) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(alpha ? "png" : "jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (!alpha) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
