package io.surge.catalog.images;

import io.surge.catalog.CatalogErrors;
import io.surge.http.ApiException;
import io.vertx.core.buffer.Buffer;

/**
 * The accepted upload formats, recognised by their leading bytes only: a file's name and declared
 * content type are the client's word, its magic number is not.
 */
enum ImageFormat {

  JPEG("jpeg"),
  PNG("png"),
  WEBP("webp");

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /** The ImageIO format name whose reader decodes it. */
  final String readerName;

  ImageFormat(String readerName) {
    this.readerName = readerName;
  }

  /** Null when the bytes are none of the accepted formats. */
  static ImageFormat sniff(Buffer bytes) {
    if (startsWith(bytes, 0, PNG_SIGNATURE)) {
      return PNG;
    }
    if (bytes.length() >= 3 && bytes.getUnsignedByte(0) == 0xFF && bytes.getUnsignedByte(1) == 0xD8
      && bytes.getUnsignedByte(2) == 0xFF) {
      return JPEG;
    }
    if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
      return WEBP;
    }
    return null;
  }

  static ApiException unsupported() {
    return new ApiException(415, CatalogErrors.UNSUPPORTED_IMAGE_TYPE, "Unsupported media type",
      "Upload a JPEG, PNG or WebP image.");
  }

  private static boolean startsWith(Buffer bytes, int offset, byte[] expected) {
    if (bytes.length() < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (bytes.getByte(offset + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
