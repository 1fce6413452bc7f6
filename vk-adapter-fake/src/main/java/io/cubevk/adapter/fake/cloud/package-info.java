/**
 * The in-memory Cube cloud: {@link io.cubevk.adapter.fake.cloud.FakeCubeCloud} implements the cloud
 * out-ports over a simulation of Cubes whose containers behave as their commands say, and {@link
 * io.cubevk.adapter.fake.cloud.FakeCloudApi} is the same cloud in the UCloud API's terms, which the
 * emulator serves over HTTP.
 *
 * <p>Contracts kept here:
 *
 * <ul>
 *   <li>Time comes from the cloud's {@link java.time.Clock} only: with a {@link
 *       io.cubevk.adapter.fake.cloud.ManualClock} a test lets time pass instead of sleeping, and a
 *       Cube's state at a moment follows from its history alone (computed when observed).
 *   <li>Every call, through the port or the emulator, passes the same {@link
 *       io.cubevk.adapter.fake.cloud.Faults} and lands in the same {@link
 *       io.cubevk.adapter.fake.cloud.CallLog}; refusals carry UCloud RetCodes ({@link
 *       io.cubevk.adapter.fake.cloud.RetCodes}), which the port maps as cube-api.md's table does.
 *   <li>No global lock: concurrent indexes by id, pod uid and group; one monitor per Cube held only
 *       for in-memory work; injected latency sleeps outside any lock.
 *   <li>All streams share one thread; callbacks are delivered in order, one at a time, never after
 *       {@code close()} returns.
 * </ul>
 */
package io.cubevk.adapter.fake.cloud;
