package io.surge.observability;

import io.micrometer.core.instrument.Counter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One counter per outcome, all registered up front (so every series exists at 0 from the start and a count is a
 * map read, no tag building per request). An outcome not in the list counts as "other": a label never takes a
 * value the code did not name.
 */
public final class OutcomeCounters {

  private static final String OTHER = "other";

  private final Map<String, Counter> counters = new HashMap<>();

  private OutcomeCounters(String name, String description, String label, List<String> outcomes) {
    for (String outcome : outcomes) {
      counters.put(outcome, Counter.builder(name).description(description).tag(label, outcome)
        .register(Meters.registry()));
    }
    counters.computeIfAbsent(OTHER, other -> Counter.builder(name).description(description).tag(label, OTHER)
      .register(Meters.registry()));
  }

  /** Counters {@code name{label=outcome}} for each outcome, plus "other". */
  public static OutcomeCounters of(String name, String description, String label, String... outcomes) {
    return new OutcomeCounters(name, description, label, List.of(outcomes));
  }

  public void count(String outcome) {
    Counter counter = counters.get(outcome);
    (counter == null ? counters.get(OTHER) : counter).increment();
  }

  /** The current count (for in-process readers and tests). */
  public long value(String outcome) {
    Counter counter = counters.get(outcome);
    return counter == null ? 0 : (long) counter.count();
  }
}
