package io.surge.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4 (what {@code /metrics} serves): every line must be
 * a comment, a {@code # HELP}/{@code # TYPE} line or a sample of a declared family, label values must be properly
 * quoted and escaped, values must be numbers, no series may appear twice and every histogram bucket must carry
 * {@code le}. No maintained Java parser for this format is published (the Prometheus Java client only writes it), so
 * this follows the format's specification and fails on anything Prometheus itself would reject.
 */
public final class PrometheusText {

  /** One sample line: the sample's name (with its suffix), its labels, its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
  }

  /** A metric family: its declared type and its samples. */
  public record Family(String name, String type, List<Sample> samples) {
  }

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern
    .compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final List<String> SUFFIXES = List.of("_total", "_bucket", "_count", "_sum", "_created", "_info",
    "_max");

  private final Map<String, Family> families = new LinkedHashMap<>();

  private PrometheusText() {
  }

  /** Parses the whole text; throws {@link IllegalArgumentException} naming the first bad line. */
  public static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    Set<String> series = new java.util.HashSet<>();
    Map<String, String> types = new HashMap<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          parsed.comment(line, types);
        } else {
          Sample sample = sample(line);
          Family family = parsed.familyOf(sample.name());
          if (family == null) {
            throw new IllegalArgumentException("sample of an undeclared family");
          }
          if ("histogram".equals(family.type()) && sample.name().endsWith("_bucket")
            && !sample.labels().containsKey("le")) {
            throw new IllegalArgumentException("histogram bucket without le");
          }
          if (!series.add(sample.name() + new java.util.TreeMap<>(sample.labels()))) {
            throw new IllegalArgumentException("duplicate series");
          }
          family.samples().add(sample);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + number + ": " + e.getMessage() + ": " + line, e);
      }
    }
    return parsed;
  }

  public Map<String, Family> families() {
    return families;
  }

  /** The family a sample or family name belongs to (suffixes such as {@code _total}, {@code _bucket} removed). */
  public Family familyOf(String name) {
    Family exact = families.get(name);
    if (exact != null) {
      return exact;
    }
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix)) {
        Family family = families.get(name.substring(0, name.length() - suffix.length()));
        if (family != null) {
          return family;
        }
      }
    }
    return null;
  }

  /** Every sample whose name is exactly {@code sampleName}. */
  public List<Sample> samples(String sampleName) {
    Family family = familyOf(sampleName);
    return family == null ? List.of()
      : family.samples().stream().filter(s -> s.name().equals(sampleName)).toList();
  }

  /** The sum of the values of the samples named so whose labels include {@code labels}. */
  public double sum(String sampleName, Map<String, String> labels) {
    return samples(sampleName).stream().filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
      .mapToDouble(Sample::value).sum();
  }

  private void comment(String line, Map<String, String> types) {
    String[] parts = line.split(" ", 4);
    if (parts.length < 3 || !"#".equals(parts[0]) || !Set.of("HELP", "TYPE").contains(parts[1])) {
      return; // a plain comment
    }
    if (!NAME.matcher(parts[2]).matches()) {
      throw new IllegalArgumentException("bad metric name");
    }
    if ("TYPE".equals(parts[1])) {
      String type = parts.length > 3 ? parts[3] : "";
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException("unknown type");
      }
      if (types.put(parts[2], type) != null) {
        throw new IllegalArgumentException("family declared twice");
      }
      families.put(parts[2], new Family(parts[2], type, new ArrayList<>()));
    }
  }

  private static Sample sample(String line) {
    Matcher name = NAME.matcher(line);
    if (!name.lookingAt()) {
      throw new IllegalArgumentException("bad metric name");
    }
    int at = name.end();
    Map<String, String> labels = new LinkedHashMap<>();
    if (at < line.length() && line.charAt(at) == '{') {
      at++;
      Matcher label = LABEL.matcher(line);
      while (line.charAt(at) != '}') {
        if (!label.find(at) || label.start() != at) {
          throw new IllegalArgumentException("bad label at " + at);
        }
        if (labels.put(label.group(1), label.group(2)) != null) {
          throw new IllegalArgumentException("label repeated");
        }
        at = label.end();
        if (line.charAt(at) == ',') {
          at++;
        } else if (line.charAt(at) != '}') {
          throw new IllegalArgumentException("expected , or }");
        }
      }
      at++;
    }
    if (at >= line.length() || line.charAt(at) != ' ') {
      throw new IllegalArgumentException("expected a space before the value");
    }
    String[] rest = line.substring(at + 1).split(" ");
    if (rest.length > 2) {
      throw new IllegalArgumentException("trailing text");
    }
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name.group(), labels, value(rest[0]));
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
