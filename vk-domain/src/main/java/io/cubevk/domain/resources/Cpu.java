package io.cubevk.domain.resources;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of CPU in millicores, the unit Kubernetes rounds CPU quantities to.
 *
 * @param millis millicores, never negative
 */
public record Cpu(long millis) implements Comparable<Cpu> {

  public static final Cpu ZERO = new Cpu(0);

  public Cpu {
    if (millis < 0) {
      throw new IllegalArgumentException("CPU cannot be negative: " + millis + "m");
    }
  }

  public static Cpu ofMillis(long millis) {
    return new Cpu(millis);
  }

  public static Cpu ofCores(long cores) {
    return new Cpu(Math.multiplyExact(cores, 1000L));
  }

  /**
   * Parses a Kubernetes CPU quantity ({@code 500m}, {@code 0.5}, {@code 2}); fractions of a
   * millicore round up, as the API server does.
   *
   * @throws IllegalArgumentException naming the text when it is not a non-negative quantity
   */
  public static Cpu parse(String quantity) {
    BigDecimal cores = QuantityParser.parse(quantity);
    if (cores.signum() < 0) {
      throw new IllegalArgumentException("CPU cannot be negative: '" + quantity + "'");
    }
    return new Cpu(cores.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact());
  }

  public Cpu plus(Cpu other) {
    return new Cpu(Math.addExact(millis, other.millis));
  }

  public Cpu max(Cpu other) {
    return millis >= other.millis ? this : other;
  }

  /** The canonical Kubernetes quantity: whole cores without a suffix, otherwise millicores. */
  public String toQuantity() {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  @Override
  public int compareTo(Cpu other) {
    return Long.compare(millis, other.millis);
  }

  @Override
  public String toString() {
    return toQuantity();
  }
}
