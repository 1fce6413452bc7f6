package io.cubevk.domain.cube.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.cube.CubeDnsConfig;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubePort;
import io.cubevk.domain.cube.CubePullSecret;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.HostAlias;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CubeDocumentCodecTest {

  @Test
  void rendersTheSpecExactlyAsTheGoldenFile() throws IOException {
    assertThat(CubeDocumentCodec.render(nginxWithEverything()))
        .isEqualTo(golden("nginx-spec.yaml"));
  }

  @Test
  void rendersAStoredDocumentWithCubeIdAndStatusAsTheGoldenFile() throws IOException {
    CubeDocument stored =
        CubeDocument.stored(nginxWithEverything(), CubeId.of("cube-k3j2h1g0"), runningStatus());

    assertThat(CubeDocumentCodec.render(stored)).isEqualTo(golden("nginx-stored.yaml"));
  }

  @Test
  void parsesTheGoldenStoredDocumentBackIntoTheSameValues() throws IOException {
    CubeDocument parsed = CubeDocumentCodec.parse(golden("nginx-stored.yaml"));

    assertThat(parsed.spec()).isEqualTo(nginxWithEverything());
    assertThat(parsed.cubeId()).contains(CubeId.of("cube-k3j2h1g0"));
    assertThat(parsed.status()).contains(runningStatus());
  }

  @Test
  void readsAMinimalDocumentWrittenByHandWithKubernetesSpellingsAndUnknownFields() {
    String yaml =
        """
        metadata: {name: web, uid: u-1, cubeId: cube-1, resourceVersion: "7"}
        spec:
          containers:
          - name: web
            image: uhub.service.ucloud.cn/a/web:1
            resources: {limits: {cpu: 1, memory: 2048Mi}}
            somethingCubeAdded: true
        status:
          phase: CrashLoopBackOff
          podIP: 10.9.0.4
          startTime: 2026-11-26T10:00:00Z
          containerStatuses:
          - name: web
            restartCount: 3
            state: {waiting: {reason: CrashLoopBackOff}}
            lastState: {terminated: {exitCode: 2, finishedAt: 2026-11-26T10:01:00Z}}
        """;

    CubeDocument parsed = CubeDocumentCodec.parse(yaml);

    CubeContainer web = parsed.spec().containers().get(0);
    assertThat(web.limits()).isEqualTo(CubeResources.of(Cpu.ofCores(1), Memory.ofGibibytes(2)));
    CubeStatus status = parsed.status().orElseThrow();
    assertThat(status.phase()).isEqualTo(CubePhase.CRASH_LOOP_BACK_OFF);
    assertThat(status.podIp()).contains("10.9.0.4");
    assertThat(status.startTime()).contains(Instant.parse("2026-11-26T10:00:00Z"));
    CubeContainerStatus container = status.containerStatuses().get(0);
    assertThat(container.restartCount()).isEqualTo(3);
    assertThat(container.lastState())
        .get()
        .isInstanceOfSatisfying(
            ContainerState.Terminated.class,
            terminated -> {
              assertThat(terminated.exitCode()).isEqualTo(2);
              assertThat(terminated.reason()).isEqualTo("Error");
            });
  }

  @Test
  void unknownPhaseWordsAreKeptAsUnknownRatherThanFailing() {
    String yaml =
        """
        metadata: {name: web, uid: u-1}
        spec:
          containers: [{name: web, image: i, resources: {limits: {cpu: 500m, memory: 512Mi}}}]
        status: {phase: Hibernating}
        """;

    assertThat(CubeDocumentCodec.parse(yaml).status().orElseThrow().phase())
        .isEqualTo(CubePhase.UNKNOWN);
  }

  @Test
  void aBadFieldIsReportedWithItsPath() {
    String yaml =
        """
        metadata: {name: web, uid: u-1}
        spec:
          containers:
          - {name: a, image: i, resources: {limits: {cpu: 1, memory: 1Gi}}}
          - {name: b, image: i, resources: {limits: {cpu: lots, memory: 1Gi}}}
        """;

    assertThatThrownBy(() -> CubeDocumentCodec.parse(yaml))
        .isInstanceOf(CubeDocumentException.class)
        .hasMessageContaining("spec.containers[1].resources.limits.cpu")
        .hasMessageContaining("'lots'");
  }

  @Test
  void missingRequiredFieldsAndNonDocumentsAreReportedClearly() {
    assertThatThrownBy(() -> CubeDocumentCodec.parse("metadata: {name: x}\nspec: {}"))
        .hasMessageContaining("metadata.uid: is required");
    assertThatThrownBy(() -> CubeDocumentCodec.parse("- a list"))
        .hasMessageContaining("expected a mapping at the top");
    assertThatThrownBy(() -> CubeDocumentCodec.parse("metadata: {name: [unclosed"))
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(
            () -> CubeDocumentCodec.parse("metadata: {name: x, uid: y}\nspec: {containers: []}"))
        .hasMessageContaining("spec.containers: a Cube document needs at least one container");
  }

  @Test
  void toStringNeverShowsSecretMaterial() {
    String text = nginxWithEverything().toString();

    assertThat(text)
        .doesNotContain("passwd-yyy")
        .doesNotContain("s3cr3t-token")
        .doesNotContain("db-password-value")
        .contains("<redacted>");
  }

  static CubeSpec nginxWithEverything() {
    CubeContainer nginx =
        new CubeContainer.Builder()
            .name("nginx")
            .image("uhub.ucloud-global.com/ucloud/nginx:latest")
            .addArgs("-g", "daemon off;")
            .workingDir("/usr/share/nginx")
            .addEnv(CubeEnvVar.of("DB_PASSWORD", "db-password-value"))
            .addEnv(CubeEnvVar.of("MODE", "production"))
            .addPorts(CubePort.tcp(80))
            .addPorts(new CubePort(9090, "UDP", Optional.of("metrics")))
            .addVolumeMounts(CubeVolumeMount.of("data", "/data", false))
            .addVolumeMounts(
                CubeVolumeMount.of(
                    "kube-api-access-x7k2p", "/var/run/secrets/kubernetes.io/serviceaccount", true))
            .addVolumeMounts(
                new CubeVolumeMount(
                    "config", "/etc/nginx/nginx.conf", true, Optional.of("nginx.conf")))
            .limits(CubeResources.of(Cpu.ofMillis(1500), Memory.ofMebibytes(1536)))
            .build();
    CubeContainer sidecar =
        new CubeContainer.Builder()
            .name("log-shipper")
            .image("uhub.ucloud-global.com/ucloud/shipper:2")
            .addCommand("/bin/sh", "-c")
            .addArgs("tail -F /data/access.log")
            .addVolumeMounts(CubeVolumeMount.of("data", "/data", true))
            .limits(CubeResources.of(Cpu.ofMillis(500), Memory.ofMebibytes(512)))
            .build();
    CubeContainer init =
        new CubeContainer.Builder()
            .name("init-perms")
            .image("uhub.ucloud-global.com/ucloud/busybox:1")
            .addCommand("chmod", "0777", "/data")
            .addVolumeMounts(CubeVolumeMount.of("data", "/data", false))
            .limits(CubeResources.of(Cpu.ofMillis(500), Memory.ofMebibytes(512)))
            .build();
    return new CubeSpec.Builder()
        .name("nginx")
        .podUid(PodUid.of("5f0c6a9e-1b2c-4d3e-8f70-0a1b2c3d4e5f"))
        .putLabels("app", "nginx")
        .putLabels("tier", "web")
        .putAnnotations("cube.ucloud.cn/cube-tag", "shop")
        .restartPolicy(RestartPolicy.ALWAYS)
        .addInitContainers(init)
        .addContainers(nginx, sidecar)
        .addVolumes(new CubeVolume.EmptyDir("scratch"))
        .addVolumes(new CubeVolume.UDisk("data", "bsm-2x7k4p", "ext4", false))
        .addVolumes(
            new CubeVolume.Nfs("shared", "10.9.1.20:/exports/shared", Optional.of("nolock")))
        .addVolumes(
            new CubeVolume.Files(
                "config",
                CubeVolume.Files.Kind.CONFIG_MAP,
                "nginx-config",
                new TreeMap<>(Map.of("nginx.conf", FileBytes.utf8("worker_processes 1;\n")))))
        .addVolumes(
            new CubeVolume.Files(
                "kube-api-access-x7k2p",
                CubeVolume.Files.Kind.SECRET,
                "kube-api-access-x7k2p",
                new TreeMap<>(
                    Map.of(
                        "token", FileBytes.utf8("s3cr3t-token"),
                        "namespace", FileBytes.utf8("default")))))
        .addImagePullSecrets(
            new CubePullSecret(
                "myhub.ucloud-global.com",
                "user-xxx",
                "passwd-yyy",
                Optional.of("10.9.8.7"),
                Optional.of("uvnet-abc")))
        .dnsPolicy("None")
        .dnsConfig(
            new CubeDnsConfig(
                List.of("10.96.0.10"),
                List.of("default.svc.cluster.local", "svc.cluster.local"),
                List.of(new CubeDnsConfig.Option("ndots", Optional.of("5")))))
        .addHostAliases(new HostAlias("10.9.1.1", List.of("registry.local")))
        .build();
  }

  static CubeStatus runningStatus() {
    Instant started = Instant.parse("2026-11-26T12:00:05Z");
    return new CubeStatus.Builder()
        .phase(CubePhase.RUNNING)
        .podIp("10.9.0.17")
        .startTime(Instant.parse("2026-11-26T12:00:00Z"))
        .addInitContainerStatuses(
            new CubeContainerStatus.Builder()
                .name("init-perms")
                .state(
                    new ContainerState.Terminated(
                        0,
                        "Completed",
                        Optional.empty(),
                        Optional.of(Instant.parse("2026-11-26T12:00:01Z")),
                        Optional.of(Instant.parse("2026-11-26T12:00:02Z"))))
                .build())
        .addContainerStatuses(
            new CubeContainerStatus.Builder()
                .name("nginx")
                .restartCount(1)
                .state(new ContainerState.Running(started))
                .lastState(
                    new ContainerState.Terminated(
                        137,
                        "OOMKilled",
                        Optional.of("memory limit reached"),
                        Optional.of(Instant.parse("2026-11-26T12:00:02Z")),
                        Optional.of(Instant.parse("2026-11-26T12:00:04Z"))))
                .build())
        .addContainerStatuses(
            new CubeContainerStatus.Builder()
                .name("log-shipper")
                .state(new ContainerState.Waiting("ContainerCreating", Optional.of("pulling")))
                .build())
        .build();
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = CubeDocumentCodecTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
