package io.cubevk.app.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * {@code --chart FILE.png}: the bound → Running latency the agent added (a histogram) above the
 * number of pods Running over the run, drawn with XChart.
 */
final class BenchChart {

  private static final int BINS = 30;

  private BenchChart() {}

  static void write(BenchResult result, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Chart<?, ?>> charts = new ArrayList<>();
    charts.add(latency(result));
    charts.add(running(result));
    try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(charts, 2, 1, out, BitmapFormat.PNG);
    }
  }

  private static CategoryChart latency(BenchResult result) {
    BenchOptions o = result.options();
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(420)
            .title(
                String.format(
                    "%s, %d nodes, %d pods, create delay %d ms: bound → Running added by the"
                        + " agent (p50 %.0f, p99 %.0f, max %.0f ms)",
                    o.scenario(),
                    o.nodes(),
                    result.pods(),
                    o.createDelay().toMillis(),
                    result.boundToRunningMs().p50(),
                    result.boundToRunningMs().p99(),
                    result.boundToRunningMs().max()))
            .xAxisTitle("agent-added latency (ms, bin start)")
            .yAxisTitle("pods")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
    double[] values = result.agentAddedMs();
    double max = Arrays.stream(values).max().orElse(1);
    List<Double> data = Arrays.stream(values).boxed().toList();
    if (data.isEmpty()) {
      data = List.of(0.0);
    }
    Histogram histogram = new Histogram(data, BINS, 0, Math.max(1, max));
    List<Double> starts =
        histogram.getxAxisData().stream()
            .map(center -> Math.floor(center - Math.max(1, max) / BINS / 2))
            .toList();
    chart.addSeries("pods", starts, histogram.getyAxisData());
    return chart;
  }

  private static XYChart running(BenchResult result) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(380)
            .title("pods Running (reported by the agent) over the run")
            .xAxisTitle("seconds since the first create")
            .yAxisTitle("pods Running")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(0);
    List<double[]> points = result.runningOverTime();
    double[] x = new double[points.size() + 1];
    double[] y = new double[points.size() + 1];
    for (int i = 0; i < points.size(); i++) {
      x[i + 1] = points.get(i)[0];
      y[i + 1] = points.get(i)[1];
    }
    XYSeries series = chart.addSeries("Running", x, y);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    return chart;
  }
}
