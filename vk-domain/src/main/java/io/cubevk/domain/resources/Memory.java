package io.cubevk.domain.resources;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of memory in bytes.
 *
 * @param bytes bytes, never negative
 */
public record Memory(long bytes) implements Comparable<Memory> {

  public static final Memory ZERO = new Memory(0);

  private static final long KI = 1L << 10;
  private static final long MI = 1L << 20;
  private static final long GI = 1L << 30;

  public Memory {
    if (bytes < 0) {
      throw new IllegalArgumentException("memory cannot be negative: " + bytes + " bytes");
    }
  }

  public static Memory ofBytes(long bytes) {
    return new Memory(bytes);
  }

  public static Memory ofMebibytes(long mebibytes) {
    return new Memory(Math.multiplyExact(mebibytes, MI));
  }

  public static Memory ofGibibytes(long gibibytes) {
    return new Memory(Math.multiplyExact(gibibytes, GI));
  }

  /**
   * Parses a Kubernetes memory quantity ({@code 512Mi}, {@code 2Gi}, {@code 1G}, {@code 1e9});
   * fractions of a byte round up.
   *
   * @throws IllegalArgumentException naming the text when it is not a non-negative quantity
   */
  public static Memory parse(String quantity) {
    BigDecimal bytes = QuantityParser.parse(quantity);
    if (bytes.signum() < 0) {
      throw new IllegalArgumentException("memory cannot be negative: '" + quantity + "'");
    }
    return new Memory(bytes.setScale(0, RoundingMode.CEILING).longValueExact());
  }

  public Memory plus(Memory other) {
    return new Memory(Math.addExact(bytes, other.bytes));
  }

  public Memory max(Memory other) {
    return bytes >= other.bytes ? this : other;
  }

  public long mebibytes() {
    return bytes / MI;
  }

  /** The canonical quantity with the largest binary suffix that divides it exactly. */
  public String toQuantity() {
    if (bytes != 0 && bytes % GI == 0) {
      return bytes / GI + "Gi";
    }
    if (bytes != 0 && bytes % MI == 0) {
      return bytes / MI + "Mi";
    }
    if (bytes != 0 && bytes % KI == 0) {
      return bytes / KI + "Ki";
    }
    return Long.toString(bytes);
  }

  @Override
  public int compareTo(Memory other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toQuantity();
  }
}
