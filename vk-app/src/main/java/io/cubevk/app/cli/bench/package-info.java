/**
 * {@code cube-vk bench}: the agent measured in one process against the targets of
 * docs/benchmarks.md. {@link io.cubevk.app.cli.bench.BenchRun} runs a scenario over the in-process
 * API server and the fake cloud, then the baseline (a plain write loop) on the same server; {@link
 * io.cubevk.app.cli.bench.PodTimeline} times each pod from the store's own commits; the report is a
 * table or one JSON object, and optionally an XChart PNG.
 */
package io.cubevk.app.cli.bench;
