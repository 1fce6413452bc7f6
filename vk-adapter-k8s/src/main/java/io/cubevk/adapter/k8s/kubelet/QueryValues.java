package io.cubevk.adapter.k8s.kubelet;

import java.util.Locale;
import java.util.Optional;

/** Query parameter values as Go's API machinery reads them. */
final class QueryValues {

  private QueryValues() {}

  /** A malformed value: the caller answers 400. */
  static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue(String message) {
      super(message);
    }
  }

  /**
   * Go's {@code strconv.ParseBool}: 1, t, true (any case) are true; 0, f, false are false. The API
   * server sends kubelets "1"; clients that call kubelets directly send "true".
   */
  static boolean bool(Optional<String> value, String name) throws BadValue {
    if (value.isEmpty() || value.get().isEmpty()) {
      return false;
    }
    switch (value.get().toLowerCase(Locale.ROOT)) {
      case "1":
      case "t":
      case "true":
        return true;
      case "0":
      case "f":
      case "false":
        return false;
      default:
        throw new BadValue("invalid boolean value for " + name + ": " + value.get());
    }
  }

  static Optional<Long> integer(Optional<String> value, String name) throws BadValue {
    if (value.isEmpty() || value.get().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value.get()));
    } catch (NumberFormatException e) {
      throw new BadValue("invalid integer value for " + name + ": " + value.get());
    }
  }
}
