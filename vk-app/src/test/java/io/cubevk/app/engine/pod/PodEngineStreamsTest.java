package io.cubevk.app.engine.pod;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Pods.pod;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.app.engine.streams.NodeStatsService;
import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.ports.in.ContainerStreamsUseCase;
import io.cubevk.ports.in.PodRef;
import io.cubevk.ports.in.StreamTargetUnavailable;
import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.CloudCapability;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.PortForwardSession;
import io.cubevk.ports.out.cloud.StreamHandle;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's container streams over the fake cloud: a pod is found in the pod cache, its Cube in
 * the Cube cache, and the cloud's stream is what the kubelet API gets.
 */
class PodEngineStreamsTest {

  private static final Duration AT_MOST = Duration.ofSeconds(20);

  private final InMemoryCluster cluster = new InMemoryCluster();
  private final FakeCubeCloud fake =
      FakeCubeCloud.builder().createDelay(Duration.ofMillis(50)).seed(3).build();
  private final RecordingCloud cloud = new RecordingCloud(fake);
  private final EngineUnderTest running =
      new EngineUnderTest(
          cluster, cloud, fake, fake, Clock.systemUTC(), NodeStatsService.Settings.defaults());
  private final ContainerStreamsUseCase streams = running.engine.streams();

  @AfterEach
  void stop() {
    running.close();
    fake.close();
  }

  @Test
  void logsOfAContainerComeFromItsCube() {
    runningPod(
        pod()
            .withUid("uid-logs")
            .withContainer(
                container("app").command("sh", "-c", "echo one; echo two; sleep infinity")));
    Sink sink = new Sink();

    streams.logs(PodRef.of("default", "nginx"), "app", LogOptions.defaults(), sink);

    assertThat(sink.ended.join()).isEqualTo("one\ntwo\n");
  }

  @Test
  void execRunsInThePodsCubeAndReportsTheExitCode() {
    runningPod(pod().withUid("uid-exec"));
    Output output = new Output();

    streams.exec(
        PodRef.of("default", "nginx"),
        ExecRequest.of("nginx", List.of("sh", "-c", "echo hi; echo oops >&2; exit 3")),
        output);

    assertThat(output.exit.join()).isEqualTo(3);
    assertThat(output.stdout.toString(UTF_8)).isEqualTo("hi\n");
    assertThat(output.stderr.toString(UTF_8)).isEqualTo("oops\n");
  }

  @Test
  void execPassesStdinToTheCommandUntilItIsClosed() {
    runningPod(pod().withUid("uid-stdin"));
    Output output = new Output();

    ExecSession session =
        streams.exec(
            PodRef.of("default", "nginx"),
            new ExecRequest.Builder().container("nginx").addCommand("cat").stdin(true).build(),
            output);
    session.stdin("ping\n".getBytes(UTF_8));
    session.closeStdin();

    assertThat(output.exit.join()).isZero();
    assertThat(output.stdout.toString(UTF_8)).isEqualTo("ping\n");
  }

  @Test
  void attachSeesWhatTheMainProcessWritesFromNowOn() {
    runningPod(pod().withUid("uid-attach"));
    Output output = new Output();

    ExecSession session =
        streams.attach(
            PodRef.of("default", "nginx"),
            new ExecRequest.Builder().container("nginx").stdin(true).build(),
            output);
    session.stdin("hello process\n".getBytes(UTF_8));

    await().atMost(AT_MOST).until(() -> output.stdout.toString(UTF_8).contains("hello process"));
    session.close();
  }

  @Test
  void portForwardReachesADeclaredPortOfTheCube() {
    runningPod(pod().withUid("uid-pf").withContainer(container("web").port(8080)));
    Sink fromCube = new Sink();

    PortForwardSession session = streams.portForward(PodRef.of("default", "nginx"), 8080, fromCube);
    session.send("GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8));

    String answer = fromCube.ended.join();
    assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("port 8080: GET /ready");
  }

  @Test
  void flowControlHintsReachTheCloudsStream() {
    runningPod(
        pod()
            .withUid("uid-hints")
            .withContainer(container("app").command("sh", "-c", "echo x; sleep infinity")));
    LogOptions follow = new LogOptions.Builder().follow(true).build();

    StreamHandle handle = streams.logs(PodRef.of("default", "nginx"), "app", follow, new Sink());
    handle.pause();
    handle.resume();
    handle.close();

    assertThat(cloud.hints).containsExactly("pause", "resume", "close");
  }

  @Test
  void aPodTheAgentDoesNotRunIsPodNotFound() {
    runningPod(pod().withUid("uid-other"));

    assertThatThrownBy(
            () ->
                streams.logs(
                    PodRef.of("default", "missing"), "nginx", LogOptions.defaults(), new Sink()))
        .isInstanceOfSatisfying(
            StreamTargetUnavailable.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StreamTargetUnavailable.Reason.POD_NOT_FOUND);
              assertThat(e).hasMessage("pod \"missing\" does not exist");
            });
    assertThatThrownBy(
            () ->
                streams.exec(
                    PodRef.of("other-namespace", "nginx"),
                    ExecRequest.of("nginx", List.of("true")),
                    new Output()))
        .isInstanceOfSatisfying(
            StreamTargetUnavailable.class,
            e -> assertThat(e.reason()).isEqualTo(StreamTargetUnavailable.Reason.POD_NOT_FOUND));
  }

  @Test
  void aContainerThePodSpecDoesNotHaveIsContainerNotFound() {
    runningPod(pod().withUid("uid-nocontainer"));

    assertThatThrownBy(
            () ->
                streams.exec(
                    PodRef.of("default", "nginx"),
                    ExecRequest.of("sidecar", List.of("true")),
                    new Output()))
        .isInstanceOfSatisfying(
            StreamTargetUnavailable.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StreamTargetUnavailable.Reason.CONTAINER_NOT_FOUND);
              assertThat(e).hasMessage("container \"sidecar\" not found in pod \"nginx\"");
            });
  }

  @Test
  void aPodWithoutACubeIsNotRunningAndTheCloudIsNotAsked() {
    PodView refused = pod().withUid("uid-refused").withHostNetwork().build();
    cluster.add(refused);
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                cluster.status(refused.uid()).map(PodStatus::phase).orElse(null)
                    == PodPhase.FAILED);

    assertThatThrownBy(
            () ->
                streams.logs(
                    PodRef.of("default", "nginx"), "nginx", LogOptions.defaults(), new Sink()))
        .isInstanceOfSatisfying(
            StreamTargetUnavailable.class,
            e -> {
              assertThat(e.reason())
                  .isEqualTo(StreamTargetUnavailable.Reason.CONTAINER_NOT_RUNNING);
              assertThat(e)
                  .hasMessage(
                      "container \"nginx\" in pod \"nginx\" is waiting to start:"
                          + " ContainerCreating (the pod is Failed)");
            });
    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void execIntoAContainerTheCubeReportsWaitingIsRefusedBeforeTheCloud() {
    PodView pulling =
        pod()
            .withUid("uid-pull")
            .withContainer(container("app").image("uhub.example/does-not-exist:1"))
            .build();
    cluster.add(pulling);
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                cluster.status(pulling.uid()).stream()
                    .flatMap(s -> s.containerStatuses().stream())
                    .anyMatch(
                        c ->
                            c.state() instanceof ContainerState.Waiting waiting
                                && waiting.reason().equals("ErrImagePull")));

    assertThatThrownBy(
            () ->
                streams.exec(
                    PodRef.of("default", "nginx"),
                    ExecRequest.of("app", List.of("true")),
                    new Output()))
        .isInstanceOfSatisfying(
            StreamTargetUnavailable.class,
            e -> {
              assertThat(e.reason())
                  .isEqualTo(StreamTargetUnavailable.Reason.CONTAINER_NOT_RUNNING);
              assertThat(e).hasMessageContaining("is not running: waiting (ErrImagePull)");
            });
  }

  @Test
  void aCloudWithoutTheFeatureSaysSo() {
    try (FakeCubeCloud metricsOnly =
            FakeCubeCloud.builder()
                .createDelay(Duration.ofMillis(50))
                .capabilities(EnumSet.of(CloudCapability.METRICS))
                .build();
        EngineUnderTest other =
            new EngineUnderTest(
                cluster,
                metricsOnly,
                metricsOnly,
                metricsOnly,
                Clock.systemUTC(),
                NodeStatsService.Settings.defaults())) {
      running.close();
      runningPod(pod().withUid("uid-unsupported"));

      assertThatThrownBy(
              () ->
                  other
                      .engine
                      .streams()
                      .logs(
                          PodRef.of("default", "nginx"),
                          "nginx",
                          LogOptions.defaults(),
                          new Sink()))
          .isInstanceOfSatisfying(
              CloudFailure.Unsupported.class,
              e -> assertThat(e.capability()).isEqualTo(CloudCapability.LOGS));
    }
  }

  private void runningPod(io.cubevk.domain.fixtures.Pods pod) {
    PodView view = pod.build();
    cluster.add(view);
    await()
        .atMost(AT_MOST)
        .until(
            () ->
                cluster.status(view.uid()).map(PodStatus::phase).orElse(null) == PodPhase.RUNNING);
  }

  /** Collects a stream; {@code ended} completes with everything when it ends. */
  static final class Sink implements ByteSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<String> ended = new CompletableFuture<>();

    @Override
    public synchronized void write(byte[] chunk) {
      bytes.writeBytes(chunk);
    }

    @Override
    public synchronized void end() {
      ended.complete(bytes.toString(UTF_8));
    }

    @Override
    public void fail(CloudFailure failure) {
      ended.completeExceptionally(failure);
    }
  }

  /** Collects an exec or attach session's output. */
  static final class Output implements ExecOutput {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    @Override
    public synchronized void stdout(byte[] bytes) {
      stdout.writeBytes(bytes);
    }

    @Override
    public synchronized void stderr(byte[] bytes) {
      stderr.writeBytes(bytes);
    }

    @Override
    public void exited(int exitCode) {
      exit.complete(exitCode);
    }

    @Override
    public void failed(CloudFailure failure) {
      exit.completeExceptionally(failure);
    }
  }
}
