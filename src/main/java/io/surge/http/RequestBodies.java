package io.surge.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.file.Path;

/**
 * The root body handler, chosen by content type: JSON and everything else is read into memory up to
 * {@code http.maxBodyBytes}; {@code multipart/form-data} streams its files to an uploads folder up to
 * {@code catalog.maxImageBytes} plus room for the multipart framing (the files are deleted when the
 * response ends); {@code application/x-ndjson} and {@code text/csv} are not read at all, so a handler can stream them through
 * {@link UnreadBody}.
 *
 * <p>It is a {@link BodyHandler} so vertx-web's handler ordering accepts it where a body handler goes.
 * The setters configure the JSON handler, the one used for ordinary requests.
 */
public final class RequestBodies implements BodyHandler {

  /** Room for boundaries and part headers around the largest accepted file. */
  static final long MULTIPART_FRAMING_BYTES = 64 * 1024;

  private final BodyHandler json;
  private final BodyHandler multipart;

  public RequestBodies(long maxJsonBytes, long maxUploadBytes, String uploadsDirectory) {
    this.json = BodyHandler.create(false).setBodyLimit(maxJsonBytes);
    this.multipart = BodyHandler.create(uploadsDirectory)
      .setBodyLimit(maxUploadBytes + MULTIPART_FRAMING_BYTES)
      .setDeleteUploadedFilesOnEnd(true)
      .setMergeFormAttributes(false);
  }

  /** Uploads go to {@code surge-uploads} under the JVM's temporary folder. */
  public static String defaultUploadsDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "surge-uploads").toString();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (hasNoBody(ctx)) {
      ctx.next();
      return;
    }
    String type = mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    switch (type) {
      case "multipart/form-data" -> multipart.handle(ctx);
      case UnreadBody.NDJSON, UnreadBody.CSV -> UnreadBody.hold(ctx);
      default -> json.handle(ctx);
    }
  }

  /** A GET or HEAD without a body skips body handling entirely: the hot read paths pay nothing for it. */
  private static boolean hasNoBody(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
      && !ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH)
      && !ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /** {@code Multipart/Form-Data; boundary=x} becomes {@code multipart/form-data}. */
  static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public BodyHandler setHandleFileUploads(boolean handleFileUploads) {
    json.setHandleFileUploads(handleFileUploads);
    return this;
  }

  @Override
  public BodyHandler setBodyLimit(long bodyLimit) {
    json.setBodyLimit(bodyLimit);
    return this;
  }

  @Override
  public BodyHandler setUploadsDirectory(String uploadsDirectory) {
    multipart.setUploadsDirectory(uploadsDirectory);
    return this;
  }

  @Override
  public BodyHandler setMergeFormAttributes(boolean mergeFormAttributes) {
    json.setMergeFormAttributes(mergeFormAttributes);
    return this;
  }

  @Override
  public BodyHandler setDeleteUploadedFilesOnEnd(boolean deleteUploadedFilesOnEnd) {
    multipart.setDeleteUploadedFilesOnEnd(deleteUploadedFilesOnEnd);
    return this;
  }

  @Override
  public BodyHandler setPreallocateBodyBuffer(boolean preallocateBodyBuffer) {
    json.setPreallocateBodyBuffer(preallocateBodyBuffer);
    return this;
  }
}
