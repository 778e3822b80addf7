package io.surge.catalog.images;

import io.vertx.core.buffer.Buffer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Image files built in memory for the tests: real ones, ones carrying metadata, and hostile ones. */
final class TestImages {

  /** 1x1 lossy WebP (TwelveMonkeys reads WebP but cannot write it). */
  static final Buffer WEBP = Buffer
    .buffer(Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA"));
  static final String SECRET = "GPS 48.8584N 2.2945E by Secret Camera";

  private TestImages() {
  }

  static BufferedImage picture(int width, int height, boolean alpha) {
    BufferedImage image = new BufferedImage(width, height,
      alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(200, 30, 30, alpha ? 120 : 255), width, height, Color.BLUE));
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  static Buffer png(int width, int height, boolean alpha) {
    return write(picture(width, height, alpha), "png");
  }

  static Buffer jpeg(int width, int height) {
    return write(picture(width, height, false), "jpeg");
  }

  /** A JPEG with an EXIF (APP1) segment and a comment (COM) segment, both carrying {@link #SECRET}. */
  static Buffer jpegWithMetadata(int width, int height) {
    byte[] plain = jpeg(width, height).getBytes();
    byte[] exif = ("Exif\0\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1);
    byte[] comment = SECRET.getBytes(StandardCharsets.ISO_8859_1);
    return Buffer.buffer().appendBytes(plain, 0, 2)
      .appendBuffer(segment(0xE1, exif)).appendBuffer(segment(0xFE, comment))
      .appendBytes(plain, 2, plain.length - 2);
  }

  /** A PNG with a tEXt chunk carrying {@link #SECRET} right after its header. */
  static Buffer pngWithText(int width, int height) {
    byte[] plain = png(width, height, false).getBytes();
    int afterHeader = 8 + 4 + 4 + 13 + 4;
    return Buffer.buffer().appendBytes(plain, 0, afterHeader)
      .appendBuffer(chunk("tEXt", ("Comment\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1)))
      .appendBytes(plain, afterHeader, plain.length - afterHeader);
  }

  /** A few hundred bytes that claim a 100000x100000 RGB image: decoding it would need 30 GB. */
  static Buffer pngBomb() {
    ByteBuffer header = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000)
      .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    deflater.setInput(new byte[64 * 1024]);
    deflater.finish();
    byte[] compressed = new byte[1024];
    int length = deflater.deflate(compressed);
    deflater.end();
    byte[] idat = java.util.Arrays.copyOf(compressed, length);
    return Buffer.buffer().appendBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
      .appendBuffer(chunk("IHDR", header.array())).appendBuffer(chunk("IDAT", idat))
      .appendBuffer(chunk("IEND", new byte[0]));
  }

  static boolean contains(Buffer haystack, String needle) {
    return new String(haystack.getBytes(), StandardCharsets.ISO_8859_1).contains(needle);
  }

  private static Buffer chunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return Buffer.buffer().appendInt(data.length).appendBytes(typeBytes).appendBytes(data)
      .appendInt((int) crc.getValue());
  }

  private static Buffer segment(int marker, byte[] payload) {
    return Buffer.buffer().appendUnsignedByte((short) 0xFF).appendUnsignedByte((short) marker)
      .appendUnsignedShort(payload.length + 2).appendBytes(payload);
  }

  private static Buffer write(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return Buffer.buffer(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
