package io.cubevk.domain.node;

import java.util.Objects;

/**
 * A node taint.
 *
 * @param key the taint's key
 * @param value its value
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}
 */
public record Taint(String key, String value, String effect) {

  public Taint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(effect, "effect");
  }

  /** {@code key=value:effect}, as kubectl prints it. */
  @Override
  public String toString() {
    return key + "=" + value + ":" + effect;
  }
}
