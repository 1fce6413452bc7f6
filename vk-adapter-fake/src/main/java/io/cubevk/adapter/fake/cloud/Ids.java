package io.cubevk.adapter.fake.cloud;

import java.util.Random;

/** Resource ids in UCloud's shape ({@code cube-…}, {@code eip-…}, {@code bsm-…}), from a seed. */
final class Ids {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final Random random;

  Ids(long seed) {
    this.random = new Random(seed);
  }

  synchronized String next(String prefix) {
    StringBuilder id = new StringBuilder(prefix).append('-');
    for (int i = 0; i < 8; i++) {
      id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
