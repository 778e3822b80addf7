package io.surge.orders.imports;

import io.surge.http.ApiException;
import io.surge.http.FieldError;
import io.surge.http.UnreadBody;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One upload of order history, read as a stream: lines are parsed as they arrive and gathered into batches of whole
 * orders (an order's lines are consecutive); while one batch is written the next one fills, and reading pauses when
 * both are busy or the client reads the results slower than they come. Memory stays flat: two batches at most.
 */
final class OrderImportRun {

  static final int MAX_LINE_BYTES = 64 * 1024;
  /** A batch closes at the first order boundary past this many lines: a few thousand rows per transaction. */
  static final int BATCH_LINES = 4000;
  static final int MAX_ORDER_LINES = 5000;

  /** One input line and where its answer comes from: its own result, or its order's outcome. */
  private record Entry(int line, ImportedOrder order, String status, RowError error) {
  }

  private record Batch(List<Entry> entries, List<ImportedOrder> orders) {
  }

  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final RecordParser lines;
  private final ImportFormat format;
  private final ImportBatch writer;
  private List<Entry> entries = new ArrayList<>();
  private List<ImportedOrder> orders = new ArrayList<>();
  private final Set<String> refsInBatch = new HashSet<>();
  private ImportedOrder current;
  private Future<Void> inFlight = Future.succeededFuture();
  private int lineNumber;
  private boolean headerRead;
  private boolean started;
  private boolean ended;
  private long ordersCreated;
  private long ordersExisting;
  private long linesCreated;
  private long customersCreated;
  private long productsCreated;
  private long failed;
  private final long startedAt = System.nanoTime();

  OrderImportRun(RoutingContext ctx, RecordParser lines, ImportFormat format, ImportBatch writer) {
    this.ctx = ctx;
    this.response = ctx.response();
    this.lines = lines;
    this.format = format;
    this.writer = writer;
  }

  void line(Buffer buffer) {
    if (ended) {
      return;
    }
    lineNumber++;
    String text = buffer.toString();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (format.hasHeader() && !headerRead) {
      headerRead = true;
      List<FieldError> problems = format.header(text);
      if (!problems.isEmpty()) {
        ended = true;
        ctx.fail(ApiException.invalid(problems));
        return;
      }
      entries.add(new Entry(lineNumber, null, "skipped", null));
      return;
    }
    ImportFormat.Parsed parsed = format.parse(lineNumber, text);
    String ref = parsed.row() != null ? parsed.row().orderRef() : parsed.orderRef();
    boolean newOrder = ref != null && (current == null || !current.ref.equals(ref));
    if ((newOrder || ref == null) && entries.size() >= BATCH_LINES
      || entries.size() >= BATCH_LINES + MAX_ORDER_LINES) {
      flush();
    }
    if (parsed.skipped()) {
      entries.add(new Entry(lineNumber, null, "skipped", null));
    } else if (ref == null) {
      entries.add(new Entry(lineNumber, null, "error", parsed.error()));
    } else {
      if (newOrder) {
        current = new ImportedOrder(ref);
        orders.add(current);
        if (!refsInBatch.add(ref)) {
          current.refuse(lineNumber, new RowError("order_split", ImportFields.ORDER_REF, "Order " + ref
            + " appeared a few lines earlier: an order's lines must be consecutive."));
        }
      }
      RowError error = parsed.error() != null ? parsed.error() : problemWith(parsed.row());
      if (error != null) {
        current.refuse(lineNumber, error);
      } else {
        current.rows.add(parsed.row());
      }
      entries.add(new Entry(lineNumber, current, null, error));
    }
  }

  private RowError problemWith(ImportRow row) {
    if (current.rows.size() >= MAX_ORDER_LINES) {
      return RowError.invalid(ImportFields.ORDER_REF, "An order may have at most " + MAX_ORDER_LINES + " lines.");
    }
    return current.inconsistency(row);
  }

  void finish() {
    if (ended) {
      return;
    }
    flush();
    inFlight.onComplete(ar -> end(null));
  }

  void abort(Throwable failure) {
    if (ended) {
      return;
    }
    inFlight.onComplete(ar -> end(failure instanceof IllegalStateException
      ? "A line is longer than " + MAX_LINE_BYTES + " bytes." : "The upload was interrupted."));
  }

  /** Hands the filled batch to the writer; reading pauses while the previous one is still being written. */
  private void flush() {
    Batch batch = new Batch(entries, orders);
    entries = new ArrayList<>();
    orders = new ArrayList<>();
    refsInBatch.clear();
    Future<Void> previous = inFlight;
    inFlight = previous.compose(v -> write(batch));
    if (!previous.isComplete()) {
      lines.pause();
      previous.onComplete(ar -> lines.resume());
    }
  }

  private Future<Void> write(Batch batch) {
    List<ImportedOrder> valid = batch.orders().stream().filter(ImportedOrder::valid).toList();
    return writer.write(valid).compose(made -> {
      customersCreated += made.customers();
      productsCreated += made.products();
      for (ImportedOrder order : batch.orders()) {
        if (ImportBatch.CREATED.equals(order.outcome) && order.problem == null) {
          ordersCreated++;
          linesCreated += order.rows.size();
        } else if (ImportBatch.EXISTS.equals(order.outcome)) {
          ordersExisting++;
        }
      }
      Buffer out = Buffer.buffer(batch.entries().size() * 48);
      for (Entry entry : batch.entries()) {
        out.appendString(answer(entry).encode()).appendByte((byte) '\n');
      }
      return send(out);
    });
  }

  private JsonObject answer(Entry entry) {
    JsonObject answer = new JsonObject().put("line", entry.line());
    ImportedOrder order = entry.order();
    if (order == null) {
      if (entry.error() != null) {
        failed++;
        return error(answer, entry.error());
      }
      return answer.put("status", entry.status());
    }
    answer.put("order_ref", order.ref);
    if (entry.error() != null) {
      failed++;
      return error(answer, entry.error());
    }
    if (order.problem != null) {
      failed++;
      return entry.line() == order.badLine ? error(answer, order.problem)
        : answer.put("status", "error").put("code", "order_rejected").put("message",
          "Order " + order.ref + " was not imported: " + (order.badLine > 0 ? "line " + order.badLine
            + " is refused." : order.problem.getMessage()));
    }
    return answer.put("status", order.outcome);
  }

  private static JsonObject error(JsonObject answer, RowError error) {
    answer.put("status", "error").put("code", error.code());
    if (error.field() != null) {
      answer.put("field", error.field());
    }
    return answer.put("message", error.getMessage());
  }

  /** Writes results, waiting for the client to read them when its queue is full. */
  private Future<Void> send(Buffer out) {
    if (!started) {
      started = true;
      response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, UnreadBody.NDJSON);
    }
    if (response.closed()) {
      return Future.succeededFuture();
    }
    response.write(out);
    if (!response.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    response.drainHandler(v -> drained.tryComplete());
    response.closeHandler(v -> drained.tryComplete());
    return drained.future();
  }

  private void end(String error) {
    if (ended) {
      return;
    }
    ended = true;
    JsonObject summary = new JsonObject().put("summary", true).put("lines", lineNumber)
      .put("orders_created", ordersCreated).put("orders_existing", ordersExisting).put("lines_created", linesCreated)
      .put("customers_created", customersCreated).put("products_created", productsCreated).put("failed", failed)
      .put("seconds", Math.round((System.nanoTime() - startedAt) / 1e6) / 1e3);
    if (error != null) {
      summary.put("error", error);
    }
    send(summary.toBuffer().appendString("\n"));
    if (!response.closed()) {
      response.end();
    }
  }
}
