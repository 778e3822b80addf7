package io.surge.outbox;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.surge.observability.Tracing;
import io.surge.observability.TracingSettings;
import io.surge.support.SurgeServerExtension;
import io.surge.support.TestServer;
import io.surge.support.TopicReader;
import io.surge.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The Kafka hop of a trace: an event written by a traced request keeps its {@code traceparent} (TracingTest shows
 * a checkout's rows get it), and the relay sends it within that trace. With a tracer the Vert.x Kafka producer
 * records a producer span under the stored span and a Vert.x Kafka consumer continues it; without one the stored
 * {@code traceparent} travels on the record as it is. Rows go in already marked published, on topics of their own,
 * so the test server's relay leaves them alone and this test sends them itself.
 */
@ExtendWith(SurgeServerExtension.class)
class OutboxTracingTest {

  private static final AttributeKey<String> PEER = AttributeKey.stringKey("peer.service");
  private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String WRITER_SPAN = "b7ad6b7169203331";
  private static final String TRACE_PARENT = "00-" + TRACE_ID + "-" + WRITER_SPAN + "-01";

  @Test
  @DisplayName("with a tracer: a producer span under the writer's span, its traceparent on the record, a consumer span under it")
  void tracedRelayContinuesTheTrace() throws Exception {
    String topic = "test.outbox.traced." + UUID.randomUUID();
    List<Row> rows = storedEvent(topic);
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    JsonObject config = TestServer.secondServerConfig();
    OpenTelemetrySdk sdk = Tracing.sdk(TracingSettings.from(config), exporter);
    VertxOptions options = new VertxOptions();
    Vertx traced = Tracing.install(Vertx.builder(), options, sdk).with(options).build();
    EventPublisher publisher = new EventPublisher(traced, bootstrapServers(), OutboxSettings.from(config));
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(traced, Map.of("bootstrap.servers",
      bootstrapServers(), "group.id", "trace-test-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
    List<String> consumed = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      EventPublisher.Acks acks = Wait.forResult(Future.<EventPublisher.Acks>future(done -> traced
        .runOnContext(v -> publisher.publish(rows).onComplete(done))));
      assertEquals(1, acks.seqs().size(), () -> "acknowledged: " + acks);

      consumer.handler(record -> consumed.add(record.value()));
      Wait.forResult(consumer.subscribe(topic));
      List<SpanData> trace = Wait.until("a producer and a consumer span in the writer's trace", DEADLINE,
        () -> spansOf(sdk, exporter), spans -> kind(spans, SpanKind.CONSUMER) != null && !consumed.isEmpty());

      SpanData producer = kind(trace, SpanKind.PRODUCER);
      assertNotNull(producer, () -> "a producer span in " + trace);
      assertEquals("kafka", producer.getAttributes().get(PEER), producer::toString);
      assertEquals(topic, producer.getAttributes().get(DESTINATION), producer::toString);
      assertEquals(WRITER_SPAN, producer.getParentSpanId(), "the send is a child of the span that wrote the row");
      assertEquals(producer.getSpanId(), kind(trace, SpanKind.CONSUMER).getParentSpanId(),
        "the consumer continues from the producer span");
      ConsumerRecord<String, String> record = TopicReader.readAll(topic, 1, DEADLINE).get(0);
      assertEquals("00-" + TRACE_ID + "-" + producer.getSpanId() + "-01", header(record));
      assertNotNull(record.headers().lastHeader(Envelope.TYPE_HEADER), "the traced path names the type too");
    } finally {
      Wait.forResult(consumer.close());
      Wait.forResult(publisher.close());
      Wait.forResult(traced.close());
      sdk.close();
    }
  }

  @Test
  @DisplayName("without a tracer (the relay on another process): the stored traceparent travels on the record as it is")
  void untracedRelayPassesTheTraceOn() throws Exception {
    String topic = "test.outbox.untraced." + UUID.randomUUID();
    List<Row> rows = storedEvent(topic);
    Vertx plain = TestServer.get().vertx();
    EventPublisher publisher = new EventPublisher(plain, bootstrapServers(),
      OutboxSettings.from(TestServer.config()));
    try {
      EventPublisher.Acks acks = Wait.forResult(Future.<EventPublisher.Acks>future(done -> plain
        .runOnContext(v -> publisher.publish(rows).onComplete(done))));
      assertEquals(1, acks.seqs().size(), () -> "acknowledged: " + acks);
      assertEquals(TRACE_PARENT, header(TopicReader.readAll(topic, 1, DEADLINE).get(0)));
    } finally {
      Wait.forResult(publisher.close());
    }
  }

  /** One outbox row as a traced request would have written it, read back as the relay reads it. */
  private static List<Row> storedEvent(String topic) {
    UUID id = UUID.randomUUID();
    Wait.forResult(TestServer.db().preparedQuery("""
      INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, type, version, data, trace_parent, published_at)
      VALUES ($1, $2, 'order', $3, 'order.placed', 1, '{}'::jsonb, $4, now())""")
      .execute(Tuple.of(id, topic, UUID.randomUUID(), TRACE_PARENT)));
    List<Row> rows = new ArrayList<>();
    Wait.forResult(TestServer.db().preparedQuery(OutboxSql.PENDING.replace("WHERE published_at IS NULL",
      "WHERE id = $2")).execute(Tuple.of(1, id))).forEach(rows::add);
    assertEquals(1, rows.size());
    return rows;
  }

  private static String header(ConsumerRecord<String, String> record) {
    Header header = record.headers().lastHeader("traceparent");
    assertNotNull(header, "a traceparent header on the record");
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static SpanData kind(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).findFirst().orElse(null);
  }

  private static List<SpanData> spansOf(OpenTelemetrySdk sdk, InMemorySpanExporter exporter) {
    sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(TRACE_ID)).toList();
  }

  private static String bootstrapServers() {
    return TestServer.config().getJsonObject("kafka").getString("bootstrapServers");
  }
}
