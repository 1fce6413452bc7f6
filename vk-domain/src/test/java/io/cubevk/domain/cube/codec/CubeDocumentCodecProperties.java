package io.cubevk.domain.cube.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeContainerStatus;
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
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CubeDocumentCodecProperties {

  @Property(tries = 150)
  void everyDocumentParsesBackToItself(@ForAll("documents") CubeDocument document) {
    assertThat(CubeDocumentCodec.parse(CubeDocumentCodec.render(document))).isEqualTo(document);
  }

  @Property(tries = 60)
  void renderingIsDeterministicAndStableUnderReparsing(@ForAll("documents") CubeDocument document) {
    String once = CubeDocumentCodec.render(document);

    assertThat(CubeDocumentCodec.render(document)).isEqualTo(once);
    assertThat(CubeDocumentCodec.render(CubeDocumentCodec.parse(once))).isEqualTo(once);
  }

  @Provide
  Arbitrary<CubeDocument> documents() {
    Arbitrary<CubeSpec> specs =
        Combinators.combine(
                names(),
                Arbitraries.strings()
                    .alpha()
                    .numeric()
                    .withChars('-')
                    .ofMinLength(1)
                    .ofMaxLength(36),
                containers().list().ofMinSize(1).ofMaxSize(3),
                containers().list().ofMaxSize(2),
                Arbitraries.of(RestartPolicy.class),
                volumes().list().ofMaxSize(4),
                pullSecrets().list().ofMaxSize(2),
                Arbitraries.maps(labelKeys(), text()).ofMaxSize(3))
            .as(
                (name, uid, containers, inits, policy, volumes, secrets, labels) ->
                    new CubeSpec.Builder()
                        .name(name)
                        .podUid(PodUid.of(uid))
                        .putAllLabels(labels)
                        .addAllContainers(containers)
                        .addAllInitContainers(inits)
                        .restartPolicy(policy)
                        .addAllVolumes(volumes)
                        .addAllImagePullSecrets(secrets)
                        .build());
    Arbitrary<Optional<CubeId>> ids = names().map(n -> CubeId.of("cube-" + n)).optional();
    return Combinators.combine(specs, ids, statuses().optional())
        .as(
            (spec, id, status) -> {
              CubeDocument.Builder builder = new CubeDocument.Builder().spec(spec);
              id.ifPresent(builder::cubeId);
              status.ifPresent(builder::status);
              return builder.build();
            });
  }

  private Arbitrary<CubeContainer> containers() {
    return Combinators.combine(
            names(),
            text(),
            text().list().ofMaxSize(3),
            text().list().ofMaxSize(3),
            Combinators.combine(names(), text()).as(CubeEnvVar::of).list().ofMaxSize(3),
            Arbitraries.integers().between(1, 65535).map(CubePort::tcp).list().ofMaxSize(2),
            mounts().list().ofMaxSize(2),
            Combinators.combine(
                    Arbitraries.longs().between(1, 64_000).map(Cpu::ofMillis),
                    Arbitraries.longs().between(1, 1L << 36).map(Memory::ofBytes))
                .as(CubeResources::of))
        .as(
            (name, image, command, args, env, ports, mounts, limits) ->
                new CubeContainer.Builder()
                    .name(name)
                    .image(image)
                    .addAllCommand(command)
                    .addAllArgs(args)
                    .addAllEnv(env)
                    .addAllPorts(ports)
                    .addAllVolumeMounts(mounts)
                    .limits(limits)
                    .build());
  }

  private Arbitrary<CubeVolumeMount> mounts() {
    return Combinators.combine(names(), text(), Arbitraries.of(true, false), text().optional())
        .as(CubeVolumeMount::new);
  }

  private Arbitrary<CubeVolume> volumes() {
    Arbitrary<CubeVolume> emptyDir = names().map(CubeVolume.EmptyDir::new);
    Arbitrary<CubeVolume> nfs =
        Combinators.combine(names(), text(), text().optional()).as(CubeVolume.Nfs::new);
    Arbitrary<CubeVolume> udisk =
        Combinators.combine(
                names(), names(), Arbitraries.of("ext4", "ext3"), Arbitraries.of(true, false))
            .as(CubeVolume.UDisk::new);
    Arbitrary<CubeVolume> files =
        Combinators.combine(
                names(),
                Arbitraries.of(CubeVolume.Files.Kind.class),
                names(),
                Arbitraries.maps(
                        names(),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(FileBytes::of))
                    .ofMaxSize(3))
            .as(
                (name, kind, source, items) ->
                    new CubeVolume.Files(name, kind, source, new TreeMap<>(items)));
    return Arbitraries.oneOf(emptyDir, nfs, udisk, files);
  }

  private Arbitrary<CubePullSecret> pullSecrets() {
    return Combinators.combine(text(), text(), text(), text().optional(), text().optional())
        .as(CubePullSecret::new);
  }

  private Arbitrary<CubeStatus> statuses() {
    return Combinators.combine(
            Arbitraries.of(CubePhase.class),
            ips().optional(),
            instants().optional(),
            containerStatuses().list().ofMaxSize(3),
            text().optional())
        .as(
            (phase, ip, start, containers, message) -> {
              CubeStatus.Builder builder = new CubeStatus.Builder().phase(phase);
              ip.ifPresent(builder::podIp);
              start.ifPresent(builder::startTime);
              message.ifPresent(builder::message);
              return builder.addAllContainerStatuses(containers).build();
            });
  }

  private Arbitrary<CubeContainerStatus> containerStatuses() {
    return Combinators.combine(
            names(), Arbitraries.integers().between(0, 1000), states(), states().optional())
        .as(
            (name, restarts, state, last) -> {
              CubeContainerStatus.Builder builder =
                  new CubeContainerStatus.Builder().name(name).restartCount(restarts).state(state);
              last.ifPresent(builder::lastState);
              return builder.build();
            });
  }

  private Arbitrary<ContainerState> states() {
    Arbitrary<ContainerState> running = instants().map(ContainerState.Running::new);
    Arbitrary<ContainerState> waiting =
        Combinators.combine(names(), text().optional()).as(ContainerState.Waiting::new);
    Arbitrary<ContainerState> terminated =
        Combinators.combine(
                Arbitraries.integers().between(0, 255),
                names(),
                text().optional(),
                instants().optional(),
                instants().optional())
            .as(ContainerState.Terminated::new);
    return Arbitraries.oneOf(running, waiting, terminated);
  }

  private Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond);
  }

  private Arbitrary<String> ips() {
    return Arbitraries.integers()
        .between(0, 255)
        .list()
        .ofSize(4)
        .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
  }

  private Arbitrary<String> names() {
    return Arbitraries.strings()
        .alpha()
        .numeric()
        .withChars('-', '_')
        .ofMinLength(1)
        .ofMaxLength(20);
  }

  private Arbitrary<String> labelKeys() {
    return Arbitraries.strings().alpha().withChars('.', '/').ofMinLength(1).ofMaxLength(20);
  }

  /**
   * Any text YAML can carry, including what looks like numbers, booleans, times and YAML syntax:
   * the codec must quote them so they come back as the same strings.
   */
  private Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20),
        Arbitraries.of(
            "true",
            "no",
            "0777",
            "1e3",
            "2026-11-26T12:00:00Z",
            "null",
            "~",
            "- x",
            "a: b",
            "#x",
            "",
            " padded ",
            "multi\nline",
            "'quoted'",
            "{}",
            "[]",
            "@x"));
  }
}
