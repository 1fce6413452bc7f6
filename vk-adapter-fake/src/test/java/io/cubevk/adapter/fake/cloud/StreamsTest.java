package io.cubevk.adapter.fake.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeCloudContractTest.CollectingOutput;
import io.cubevk.ports.out.cloud.CubeCloudContractTest.CollectingSink;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.PortForwardSession;
import io.cubevk.ports.out.cloud.StreamHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Logs, exec, attach and port-forward of the fake, beyond what the port contract states. */
class StreamsTest {

  private final ManualClock clock = ManualClock.atDefaultStart();
  private final Instant t0 = clock.instant();
  private final FakeCubeCloud cloud =
      FakeCubeCloud.builder()
          .clock(clock)
          .createDelay(Duration.ZERO)
          .logLinesPerContainer(5)
          .build();

  @AfterEach
  void close() {
    cloud.close();
  }

  // ---------------------------------------------------------------- logs

  @Test
  void logsKeepOnlyTheNewestLinesOfARun() {
    CubeId id =
        create(
            TestCubes.script(
                "chatty", "echo 1; echo 2; echo 3; echo 4; echo 5; echo 6; echo 7; sleep 3600"));

    assertThat(read(id, LogOptions.defaults())).isEqualTo("3\n4\n5\n6\n7\n");
  }

  @Test
  void sinceAndLimitBytesCutTheLog() {
    CubeId id = create(TestCubes.script("timed", "echo early; sleep 10; echo late; sleep 3600"));
    clock.advance(Duration.ofSeconds(10));

    assertThat(read(id, new LogOptions.Builder().since(t0.plusSeconds(5)).build()))
        .isEqualTo("late\n");
    assertThat(read(id, new LogOptions.Builder().limitBytes(3L).build())).isEqualTo("ear");
    assertThat(read(id, new LogOptions.Builder().timestamps(true).build()))
        .isEqualTo(t0 + " early\n" + t0.plusSeconds(10) + " late\n");
  }

  @Test
  void aFollowEndsWhenTheContainersRunEnds() {
    CubeId id = create(policy(RestartPolicy.NEVER, "echo start; sleep 5; echo stop"));
    CollectingSink sink = new CollectingSink();
    cloud.logs(id, "main", new LogOptions.Builder().follow(true).build(), sink);
    awaitTrue(() -> sink.text().equals("start\n"));
    assertThat(sink.ended()).isFalse();

    clock.advance(Duration.ofSeconds(5));

    awaitTrue(sink::ended);
    assertThat(sink.text()).isEqualTo("start\nstop\n");
    assertThat(cloud.openStreams()).isZero();
  }

  @Test
  void aClosedFollowReceivesNothingMore() {
    CubeId id = create(TestCubes.script("closed", "echo a; sleep 5; echo b; sleep 3600"));
    CollectingSink sink = new CollectingSink();
    StreamHandle handle =
        cloud.logs(id, "main", new LogOptions.Builder().follow(true).build(), sink);
    awaitTrue(() -> sink.text().equals("a\n"));

    handle.close();
    clock.advance(Duration.ofSeconds(10));
    Quietly.pause();

    assertThat(sink.text()).isEqualTo("a\n");
    assertThat(cloud.openStreams()).isZero();
  }

  @Test
  void logsOfAContainerThatNeverStartedOrOfNoPreviousRunAreRefusedClearly() {
    CubeId waiting =
        cloud.create(
            TestCubes.script("slow", "sleep 1"), CubeOptions.defaults(), TestCubes.PLACEMENT);
    FakeCubeCloud delayed =
        FakeCubeCloud.builder().clock(clock).createDelay(Duration.ofSeconds(5)).build();
    CubeId creating =
        delayed.create(
            TestCubes.script("slow", "sleep 1"), CubeOptions.defaults(), TestCubes.PLACEMENT);

    assertThatThrownBy(
            () -> delayed.logs(creating, "main", LogOptions.defaults(), new CollectingSink()))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("container \"main\" in pod \"slow\" is waiting to start");
    assertThatThrownBy(
            () ->
                cloud.logs(
                    waiting,
                    "main",
                    new LogOptions.Builder().previous(true).build(),
                    new CollectingSink()))
        .hasMessageContaining("previous terminated container \"main\"");
    assertThatThrownBy(
            () -> cloud.logs(waiting, "sidecar", LogOptions.defaults(), new CollectingSink()))
        .hasMessageContaining("container \"sidecar\" is not valid for pod \"slow\"");
    delayed.close();
  }

  // ---------------------------------------------------------------- exec

  @Test
  void execOnATerminalMergesStderrAndEndsLinesWithCrLf() {
    CubeId id = create(TestCubes.script("tty", "sleep 3600"));
    CollectingOutput out = new CollectingOutput();

    cloud.exec(
        id,
        new ExecRequest.Builder()
            .container("main")
            .addCommand("sh", "-c", "echo out; echo err >&2; cat /nope")
            .tty(true)
            .build(),
        out);

    awaitTrue(() -> out.exitCode().isPresent());
    assertThat(out.stdout()).isEqualTo("out\r\nerr\r\ncat: /nope: No such file or directory\r\n");
    assertThat(out.stderr()).isEmpty();
    assertThat(out.exitCode()).contains(1);
  }

  @Test
  void resizeChangesWhatTheTerminalReportsToAnInteractiveShell() {
    CubeId id = create(TestCubes.script("resize", "sleep 3600"));
    CollectingOutput out = new CollectingOutput();
    ExecSession session =
        cloud.exec(
            id,
            new ExecRequest.Builder()
                .container("main")
                .addCommand("sh")
                .stdin(true)
                .tty(true)
                .build(),
            out);

    session.resize(100, 30);
    session.stdin("stty size\rexit 0\r".getBytes(StandardCharsets.UTF_8));

    awaitTrue(() -> out.exitCode().isPresent());
    assertThat(out.stdout()).contains("30 100\r\n");
    assertThat(out.exitCode()).contains(0);
  }

  @Test
  void execSeesRenewedSecretFilesAtOnce() {
    CubeSpec spec = withToken("web", "first-token");
    CubeId id = create(spec);
    cloud.renew(id, withToken("web", "second-token", spec));

    CollectingOutput out = new CollectingOutput();
    cloud.exec(id, ExecRequest.of("main", List.of("cat", "/var/run/secrets/token")), out);

    awaitTrue(() -> out.exitCode().isPresent());
    assertThat(out.stdout()).isEqualTo("second-token");
  }

  @Test
  void execSleepsOnTheCloudsClock() {
    CubeId id = create(TestCubes.script("sleepy", "sleep 3600"));
    CollectingOutput out = new CollectingOutput();
    cloud.exec(id, ExecRequest.of("main", List.of("sh", "-c", "sleep 30; echo awake")), out);
    Quietly.pause();
    assertThat(out.exitCode()).isEmpty();

    clock.advance(Duration.ofSeconds(30));

    awaitTrue(() -> out.exitCode().isPresent());
    assertThat(out.stdout()).isEqualTo("awake\n");
  }

  @Test
  void execDiesWithTheContainer() {
    CubeId id = create(policy(RestartPolicy.NEVER, "sleep 10"));
    CollectingOutput out = new CollectingOutput();
    cloud.exec(
        id, new ExecRequest.Builder().container("main").addCommand("cat").stdin(true).build(), out);

    clock.advance(Duration.ofSeconds(10));

    awaitTrue(() -> out.exitCode().isPresent());
    assertThat(out.exitCode()).contains(137);
  }

  @Test
  void execIntoAContainerThatDoesNotRunIsRefused() {
    CubeId id = create(policy(RestartPolicy.NEVER, "exit 0"));

    assertThatThrownBy(
            () -> cloud.exec(id, ExecRequest.of("main", List.of("true")), new CollectingOutput()))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("cannot exec in container \"main\"")
        .hasMessageContaining("it is not running");
  }

  // ---------------------------------------------------------------- attach

  @Test
  void attachEchoesInputIntoTheContainersOutputAndLog() {
    CubeId id = create(TestCubes.script("attached", "sleep 3600"));
    CollectingOutput out = new CollectingOutput();
    ExecSession session =
        cloud.attach(id, new ExecRequest.Builder().container("main").stdin(true).build(), out);

    session.stdin("hello there\n".getBytes(StandardCharsets.UTF_8));

    awaitTrue(() -> out.stdout().equals("hello there\n"));
    assertThat(read(id, LogOptions.defaults())).endsWith("hello there\n");
    session.close();
  }

  @Test
  void attachEndsWithTheExitCodeOfTheMainProcess() {
    CubeId id = create(policy(RestartPolicy.NEVER, "sleep 5; exit 9"));
    CollectingOutput out = new CollectingOutput();
    cloud.attach(id, ExecRequest.of("main", List.of()), out);

    clock.advance(Duration.ofSeconds(5));

    awaitTrue(() -> out.exitCode().isPresent());
    assertThat(out.exitCode()).contains(9);
  }

  // ---------------------------------------------------------------- port-forward

  @Test
  void aDeclaredPortAnswersEachHttpRequestOnAKeptAliveConnection() {
    CubeId id =
        create(
            TestCubes.cube("web")
                .container(TestCubes.container("nginx").command("nginx").port(80))
                .build());
    CollectingSink fromCube = new CollectingSink();
    PortForwardSession session = cloud.portForward(id, 80, fromCube);

    session.send(
        "GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nHo"
            .getBytes(StandardCharsets.US_ASCII));
    session.send("st: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    awaitTrue(() -> count(fromCube.text(), "HTTP/1.1 200 OK") == 2);
    assertThat(fromCube.text())
        .contains("container nginx port 80: GET /a\n")
        .doesNotContain("HEAD /b\n");
    assertThat(fromCube.ended()).isFalse();
    session.closeOutput();
    awaitTrue(fromCube::ended);
  }

  @Test
  void bytesThatAreNotHttpAreEchoed() {
    CubeId id =
        create(
            TestCubes.cube("redis")
                .container(TestCubes.container("redis").command("redis-server").port(6379))
                .build());
    CollectingSink fromCube = new CollectingSink();
    PortForwardSession session = cloud.portForward(id, 6379, fromCube);

    session.send("PING\r\n".getBytes(StandardCharsets.US_ASCII));

    awaitTrue(() -> fromCube.text().equals("PING\r\n"));
  }

  @Test
  void aPortNoContainerDeclaresRefusesTheConnection() {
    CubeId id =
        create(
            TestCubes.cube("web")
                .container(TestCubes.container("nginx").command("nginx").port(80))
                .build());

    assertThatThrownBy(() -> cloud.portForward(id, 8080, new CollectingSink()))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("port 8080: connection refused")
        .hasMessageContaining("[80]");
  }

  @Test
  void aForwardedConnectionBreaksWhenTheCubeIsDeleted() {
    CubeId id =
        create(
            TestCubes.cube("web")
                .container(TestCubes.container("nginx").command("nginx").port(80))
                .build());
    CollectingSink fromCube = new CollectingSink();
    cloud.portForward(id, 80, fromCube);

    cloud.delete(id, false);
    clock.advance(Duration.ofSeconds(1));

    awaitTrue(() -> fromCube.failure().isPresent());
    assertThat(fromCube.failure().get()).isInstanceOf(CloudFailure.Unavailable.class);
  }

  // ---------------------------------------------------------------- helpers

  private CubeId create(CubeSpec spec) {
    return cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT);
  }

  private String read(CubeId id, LogOptions options) {
    CollectingSink sink = new CollectingSink();
    cloud.logs(id, "main", options, sink);
    awaitTrue(sink::ended);
    return sink.text();
  }

  private static CubeSpec policy(RestartPolicy policy, String script) {
    return TestCubes.cube("p")
        .restartPolicy(policy)
        .container(TestCubes.container("main").command("sh", "-c", script))
        .build();
  }

  private static CubeSpec withToken(String name, String token) {
    return tokenCube(name, token).build();
  }

  private static CubeSpec withToken(String name, String token, CubeSpec sameUid) {
    return tokenCube(name, token).uid(sameUid.podUid()).build();
  }

  private static TestCubes tokenCube(String name, String token) {
    return TestCubes.cube(name)
        .container(
            TestCubes.container("main").command("sleep", "3600").mount("token", "/var/run/secrets"))
        .volume(
            new CubeVolume.Files(
                "token",
                CubeVolume.Files.Kind.SECRET,
                "sa-token",
                new TreeMap<>(Map.of("token", FileBytes.utf8(token)))));
  }

  private static int count(String text, String needle) {
    return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
  }

  private static void awaitTrue(Supplier<Boolean> condition) {
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(condition::get);
  }

  /** Lets the stream thread run a few ticks, to show that nothing (more) arrives. */
  private static final class Quietly {
    static void pause() {
      await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
    }
  }
}
