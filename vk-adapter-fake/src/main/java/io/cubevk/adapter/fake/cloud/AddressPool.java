package io.cubevk.adapter.fake.cloud;

import java.util.BitSet;
import java.util.List;

/**
 * IPv4 addresses handed out in order and taken back when released, from a few ranges. The addresses
 * label Cubes and EIPs; the fake never binds or dials them.
 */
final class AddressPool {

  /** A range of addresses, both ends included. */
  record Range(int first, int last) {
    int size() {
      return last - first + 1;
    }
  }

  private final List<Range> ranges;
  private final int size;
  private final BitSet used = new BitSet();
  private int cursor;

  AddressPool(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
    this.size = ranges.stream().mapToInt(Range::size).sum();
  }

  /** The hosts of 10.9.0.0/16 without the .0 and .255 of each /24: the pod VPC's addresses. */
  static AddressPool vpc() {
    return new AddressPool(
        java.util.stream.IntStream.range(0, 256)
            .mapToObj(third -> new Range(ip(10, 9, third, 1), ip(10, 9, third, 254)))
            .toList());
  }

  /** TEST-NET-2 and TEST-NET-3 (RFC 5737): public-looking addresses that route nowhere. */
  static AddressPool publicDocumentationRanges() {
    return new AddressPool(
        List.of(
            new Range(ip(198, 51, 100, 1), ip(198, 51, 100, 254)),
            new Range(ip(203, 0, 113, 1), ip(203, 0, 113, 254))));
  }

  /** The next free address, or null when every address is in use. */
  synchronized String allocate() {
    for (int tried = 0; tried < size; tried++) {
      int index = cursor;
      cursor = (cursor + 1) % size;
      if (!used.get(index)) {
        used.set(index);
        return format(addressAt(index));
      }
    }
    return null;
  }

  synchronized void release(String address) {
    int value = parse(address);
    int offset = 0;
    for (Range r : ranges) {
      if (value >= r.first() && value <= r.last()) {
        used.clear(offset + value - r.first());
        return;
      }
      offset += r.size();
    }
  }

  private int addressAt(int index) {
    int i = index;
    for (Range r : ranges) {
      if (i < r.size()) {
        return r.first() + i;
      }
      i -= r.size();
    }
    throw new IllegalStateException("index " + index + " beyond the pool");
  }

  static int ip(int a, int b, int c, int d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
  }

  private static String format(int v) {
    return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
  }

  private static int parse(String address) {
    String[] p = address.split("\\.");
    return ip(
        Integer.parseInt(p[0]),
        Integer.parseInt(p[1]),
        Integer.parseInt(p[2]),
        Integer.parseInt(p[3]));
  }
}
