package io.cubevk.domain.translation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects everything a translation finds, so that every problem of a pod is reported at once. */
final class Problems {

  final List<Violation> violations = new ArrayList<>();
  final List<Unresolved> unresolved = new ArrayList<>();
  final List<Warning> warnings = new ArrayList<>();
  private final boolean placeholders;

  Problems(boolean placeholders) {
    this.placeholders = placeholders;
  }

  void violation(String path, String message) {
    violations.add(new Violation(path, message));
  }

  void warning(String path, String message) {
    warnings.add(new Warning(path, message));
  }

  /**
   * Records an input that does not exist yet. Returns the placeholder text to use in its place when
   * placeholders were asked for; empty when the caller should leave the value out.
   */
  Optional<String> missing(String path, String what) {
    unresolved.add(new Unresolved(path, what));
    return placeholders ? Optional.of(placeholder(what)) : Optional.empty();
  }

  boolean placeholders() {
    return placeholders;
  }

  static String placeholder(String what) {
    return "<unresolved " + what + ">";
  }
}
