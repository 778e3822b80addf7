-- The W3C traceparent of the traced request that wrote an event (null when that request was not sampled or
-- tracing is off). The relay sends the event within that trace, so the Kafka hop and its consumers join the
-- request's trace although the event leaves minutes later, from another process.
ALTER TABLE outbox ADD COLUMN trace_parent text;
