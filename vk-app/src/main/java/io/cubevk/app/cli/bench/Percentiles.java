package io.cubevk.app.cli.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample, in the sample's unit. */
record Percentiles(double p50, double p95, double p99, double max, int count) {

  static Percentiles of(double[] values) {
    if (values.length == 0) {
      return new Percentiles(0, 0, 0, 0, 0);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        rank(sorted, 50),
        rank(sorted, 95),
        rank(sorted, 99),
        sorted[sorted.length - 1],
        sorted.length);
  }

  private static double rank(double[] sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
