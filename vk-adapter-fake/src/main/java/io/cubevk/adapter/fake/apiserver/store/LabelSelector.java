package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A label selector in either of its two forms: the query string ({@code app=web,tier in
 * (a,b),!canary}) and the {@code matchLabels}/{@code matchExpressions} object of workloads.
 */
public final class LabelSelector implements Predicate<Map<String, String>> {

  private enum Op {
    EQ,
    NE,
    IN,
    NOT_IN,
    EXISTS,
    NOT_EXISTS
  }

  private record Requirement(String key, Op op, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (op) {
        case EQ, IN -> v != null && values.contains(v);
        case NE, NOT_IN -> v == null || !values.contains(v);
        case EXISTS -> v != null;
        case NOT_EXISTS -> v == null;
      };
    }
  }

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
  private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

  private final List<Requirement> requirements;
  private final boolean matchesNothing;

  private LabelSelector(List<Requirement> requirements, boolean matchesNothing) {
    this.requirements = requirements;
    this.matchesNothing = matchesNothing;
  }

  /** The selector that matches every object. */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses the query form. Throws a 400 {@link ApiException} naming the bad term.
   *
   * @param text the {@code labelSelector} parameter, null or empty for everything
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    for (String term : splitTopLevel(text)) {
      reqs.add(parseTerm(term.trim()));
    }
    return new LabelSelector(reqs, false);
  }

  /**
   * The workload form ({@code spec.selector} of Deployments, Services' plain map form is {@link
   * #ofMap}). A null selector matches nothing, an empty one everything, as in the API.
   */
  public static LabelSelector ofObject(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return NOTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    JsonNode ml = selector.path("matchLabels");
    ml.fields()
        .forEachRemaining(
            e -> reqs.add(new Requirement(e.getKey(), Op.EQ, Set.of(e.getValue().asText()))));
    for (JsonNode expr : selector.path("matchExpressions")) {
      Set<String> values = new HashSet<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      Op op =
          switch (expr.path("operator").asText()) {
            case "In" -> Op.IN;
            case "NotIn" -> Op.NOT_IN;
            case "Exists" -> Op.EXISTS;
            case "DoesNotExist" -> Op.NOT_EXISTS;
            default ->
                throw ApiException.badRequest(
                    "unknown label selector operator " + expr.path("operator").asText());
          };
      reqs.add(new Requirement(expr.path("key").asText(), op, values));
    }
    return new LabelSelector(reqs, false);
  }

  /** A Service's plain {@code spec.selector} map; an empty or absent map selects nothing. */
  public static LabelSelector ofMap(JsonNode map) {
    if (map == null || !map.isObject() || map.isEmpty()) {
      return NOTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    map.fields()
        .forEachRemaining(
            e -> reqs.add(new Requirement(e.getKey(), Op.EQ, Set.of(e.getValue().asText()))));
    return new LabelSelector(reqs, false);
  }

  /** Whether an object's {@code metadata.labels} satisfy this selector. */
  public boolean matchesObject(JsonNode obj) {
    return test(Json.labels(obj));
  }

  @Override
  public boolean test(Map<String, String> labels) {
    if (matchesNothing) {
      return false;
    }
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this selector matches every object. */
  public boolean isEverything() {
    return !matchesNothing && requirements.isEmpty();
  }

  private static Requirement parseTerm(String term) {
    if (term.isEmpty()) {
      throw ApiException.badRequest("unable to parse requirement: empty term in label selector");
    }
    if (term.startsWith("!")) {
      return new Requirement(checkKey(term.substring(1).trim()), Op.NOT_EXISTS, Set.of());
    }
    String lower = term;
    int notin = indexOfWord(lower, " notin ");
    if (notin > 0) {
      return new Requirement(
          checkKey(term.substring(0, notin).trim()), Op.NOT_IN, values(term.substring(notin + 7)));
    }
    int in = indexOfWord(lower, " in ");
    if (in > 0) {
      return new Requirement(
          checkKey(term.substring(0, in).trim()), Op.IN, values(term.substring(in + 4)));
    }
    int ne = term.indexOf("!=");
    if (ne > 0) {
      return new Requirement(
          checkKey(term.substring(0, ne).trim()), Op.NE, Set.of(term.substring(ne + 2).trim()));
    }
    int eqeq = term.indexOf("==");
    if (eqeq > 0) {
      return new Requirement(
          checkKey(term.substring(0, eqeq).trim()), Op.EQ, Set.of(term.substring(eqeq + 2).trim()));
    }
    int eq = term.indexOf('=');
    if (eq > 0) {
      return new Requirement(
          checkKey(term.substring(0, eq).trim()), Op.EQ, Set.of(term.substring(eq + 1).trim()));
    }
    return new Requirement(checkKey(term), Op.EXISTS, Set.of());
  }

  private static int indexOfWord(String s, String word) {
    return s.indexOf(word);
  }

  private static String checkKey(String key) {
    if (key.isEmpty() || key.contains(" ") || key.contains("(") || key.contains(")")) {
      throw ApiException.badRequest(
          "unable to parse requirement: invalid label key \"" + key + "\"");
    }
    return key;
  }

  private static Set<String> values(String rest) {
    String r = rest.trim();
    if (!r.startsWith("(") || !r.endsWith(")")) {
      throw ApiException.badRequest(
          "unable to parse requirement: found '" + r + "', expected: '(' value list ')'");
    }
    Set<String> out = new HashSet<>();
    for (String v : r.substring(1, r.length() - 1).split(",")) {
      out.add(v.trim());
    }
    return out;
  }

  private static List<String> splitTopLevel(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out;
  }
}
