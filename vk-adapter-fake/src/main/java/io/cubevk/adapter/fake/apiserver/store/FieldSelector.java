package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A field selector ({@code spec.nodeName=n1,status.phase!=Failed}) with {@code =}, {@code ==} and
 * {@code !=}. Any dotted path of the object can be selected on (a superset of the fields the real
 * server indexes, e.g. {@code metadata.name}, {@code spec.nodeName}, {@code status.phase}, {@code
 * involvedObject.uid}); an absent field compares as the empty string, as on the real server.
 */
public final class FieldSelector implements Predicate<JsonNode> {

  private record Term(String[] path, boolean equal, String value) {}

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  /** The selector that matches every object. */
  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /** Parses the {@code fieldSelector} parameter; 400 naming the bad term when it is malformed. */
  public static FieldSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String raw : splitUnescaped(text)) {
      String term = raw.trim();
      int ne = indexUnescaped(term, "!=");
      int eqeq = indexUnescaped(term, "==");
      int eq = indexUnescaped(term, "=");
      String field;
      String value;
      boolean equal;
      if (ne > 0) {
        field = term.substring(0, ne);
        value = term.substring(ne + 2);
        equal = false;
      } else if (eqeq > 0) {
        field = term.substring(0, eqeq);
        value = term.substring(eqeq + 2);
        equal = true;
      } else if (eq > 0) {
        field = term.substring(0, eq);
        value = term.substring(eq + 1);
        equal = true;
      } else {
        throw ApiException.badRequest(
            "invalid selector: '" + text + "'; can't understand '" + term + "'");
      }
      terms.add(new Term(field.trim().split("\\."), equal, unescape(value.trim())));
    }
    return new FieldSelector(terms);
  }

  /** The value a term compares against, or null when this selector does not pin {@code field}. */
  public String exactValue(String field) {
    for (Term t : terms) {
      if (t.equal() && String.join(".", t.path()).equals(field)) {
        return t.value();
      }
    }
    return null;
  }

  @Override
  public boolean test(JsonNode obj) {
    for (Term t : terms) {
      JsonNode n = obj;
      for (String p : t.path()) {
        n = n.path(p);
      }
      String actual = n.isMissingNode() || n.isNull() ? "" : n.asText();
      if (actual.equals(t.value()) != t.equal()) {
        return false;
      }
    }
    return true;
  }

  private static int indexUnescaped(String s, String op) {
    int from = 0;
    while (true) {
      int i = s.indexOf(op, from);
      if (i <= 0 || s.charAt(i - 1) != '\\') {
        return i;
      }
      from = i + 1;
    }
  }

  private static List<String> splitUnescaped(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        cur.append(c).append(text.charAt(++i));
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static String unescape(String v) {
    return v.replace("\\,", ",").replace("\\=", "=").replace("\\\\", "\\");
  }
}
