package io.cubevk.domain.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.pod.ContainerPort;
import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.EnvFromSource;
import io.cubevk.domain.pod.EnvVar;
import io.cubevk.domain.pod.EnvVarSource;
import io.cubevk.domain.pod.FieldRef;
import io.cubevk.domain.pod.KeyToPath;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.ResourceFieldRef;
import io.cubevk.domain.pod.Resources;
import io.cubevk.domain.pod.Volume;
import io.cubevk.domain.pod.VolumeMount;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.domain.size.CubeSize;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

class PodTranslationProperties {

  private static final List<String> NAMES = List.of("db", "settings", "creds", "gone");

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
  void translationIsTotalDeterministicAndConsistent(
      @ForAll("pods") PodView pod, @ForAll("inputs") TranslationInputs inputs) {
    TranslationResult result = PodTranslation.translate(pod, inputs);
    Statistics.collect(result.getClass().getSimpleName());

    assertThat(PodTranslation.translate(pod, inputs)).isEqualTo(result);
    if (result instanceof TranslationResult.Rejected rejected) {
      assertThat(rejected.violations())
          .allSatisfy(v -> assertThat(v.fieldPath()).matches("(spec|metadata)(\\.|\\[|$).*"));
    } else if (result instanceof TranslationResult.Waiting waiting) {
      assertThat(inputs.placeholdersForMissing()).isFalse();
      assertThat(waiting.unresolved())
          .allSatisfy(u -> assertThat(u.fieldPath()).startsWith("spec."));
    } else {
      TranslationResult.Translated translated = (TranslationResult.Translated) result;
      List<CubeContainer> containers = translated.spec().containers();
      assertThat(containers).hasSizeBetween(1, PodTranslation.MAX_CONTAINERS);
      assertThat(translated.sizing().size().isAllowed()).isTrue();
      CubeResources size = translated.spec().size();
      assertThat(new CubeSize(size.cpu(), size.memory())).isEqualTo(translated.sizing().size());
      for (int i = 0; i < containers.size(); i++) {
        Resources asked = pod.containers().get(i).resources();
        CubeResources limits = containers.get(i).limits();
        asked
            .request("cpu")
            .map(Cpu::parse)
            .ifPresent(r -> assertThat(limits.cpu()).isGreaterThanOrEqualTo(r));
        asked
            .request("memory")
            .map(Memory::parse)
            .ifPresent(r -> assertThat(limits.memory()).isGreaterThanOrEqualTo(r));
      }
      assertThat(translated.spec().podUid()).isEqualTo(pod.uid());
    }
  }

  @Provide
  Arbitrary<TranslationInputs> inputs() {
    Arbitrary<Map<String, SecretData>> secrets =
        Arbitraries.maps(
                Arbitraries.of(NAMES),
                Arbitraries.of("k", "password", "token")
                    .map(k -> SecretData.opaque(Map.of(k, FileBytes.utf8("v")))))
            .ofMaxSize(3);
    Arbitrary<Map<String, ConfigMapData>> configMaps =
        Arbitraries.maps(
                Arbitraries.of(NAMES),
                Arbitraries.of("k", "mode").map(k -> ConfigMapData.of(Map.of(k, "v"))))
            .ofMaxSize(3);
    return Combinators.combine(secrets, configMaps, Arbitraries.of(true, false))
        .as(
            (s, c, offline) ->
                new TranslationInputs.Builder()
                    .putAllSecrets(s)
                    .putAllConfigMaps(c)
                    .placeholdersForMissing(offline)
                    .build());
  }

  @Provide
  Arbitrary<PodView> pods() {
    Arbitrary<List<ContainerView>> containers =
        Arbitraries.frequencyOf(
            Tuple.of(1, container().list().ofSize(0)),
            Tuple.of(
                18,
                container().list().ofMinSize(1).ofMaxSize(3).uniqueElements(ContainerView::name)),
            Tuple.of(1, container().list().ofSize(4)));
    return Combinators.combine(
            containers,
            container().list().ofMaxSize(1),
            volume().list().ofMaxSize(2).uniqueElements(Volume::name),
            annotations(),
            Arbitraries.frequency(Tuple.of(40, 0), Tuple.of(1, 1), Tuple.of(1, 7)),
            Arbitraries.frequency(
                Tuple.of(6, List.<String>of()),
                Tuple.of(1, List.of("db")),
                Tuple.of(1, List.of("gone"))))
        .as(
            (apps, inits, volumes, annotations, hostFlags, pullSecrets) ->
                new PodView.Builder()
                    .namespace("default")
                    .name("p")
                    .uid(PodUid.of("uid-1"))
                    .addAllContainers(apps)
                    .addAllInitContainers(
                        inits.stream()
                            .map(
                                c ->
                                    new ContainerView.Builder()
                                        .from(c)
                                        .name("init-" + c.name())
                                        .build())
                            .toList())
                    .addAllVolumes(volumes)
                    .putAllAnnotations(annotations)
                    .hostNetwork((hostFlags & 1) != 0)
                    .hostPid((hostFlags & 2) != 0)
                    .hostIpc((hostFlags & 4) != 0)
                    .addAllImagePullSecrets(pullSecrets)
                    .build());
  }

  /** Mostly what Cube accepts, with every kind of problem now and then. */
  private static Arbitrary<ContainerView> container() {
    Arbitrary<String> cpu =
        Arbitraries.frequency(
            Tuple.of(8, "100m"),
            Tuple.of(8, "500m"),
            Tuple.of(8, "1"),
            Tuple.of(4, "2"),
            Tuple.of(1, "9"),
            Tuple.of(1, "two"));
    Arbitrary<String> memory =
        Arbitraries.frequency(
            Tuple.of(8, "128Mi"),
            Tuple.of(8, "1Gi"),
            Tuple.of(4, "3Gi"),
            Tuple.of(1, "20Gi"),
            Tuple.of(1, "lots"));
    Arbitrary<String> storage =
        Arbitraries.frequency(Tuple.of(30, ""), Tuple.of(4, "1Gi"), Tuple.of(1, "20Gi"));
    Arbitrary<Map<String, String>> requests =
        Combinators.combine(cpu.optional(), memory.optional(), storage)
            .as(
                (c, m, e) -> {
                  Map<String, String> map = new HashMap<>();
                  c.ifPresent(v -> map.put("cpu", v));
                  m.ifPresent(v -> map.put("memory", v));
                  if (!e.isEmpty()) {
                    map.put("ephemeral-storage", e);
                  }
                  return map;
                });
    Arbitrary<EnvVar> env =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(EnvVar.of("A", "$(B) x"))),
            Tuple.of(
                2,
                Arbitraries.of(NAMES)
                    .map(n -> EnvVar.from("S", new EnvVarSource.SecretKey(n, "k", false)))),
            Tuple.of(
                2,
                Arbitraries.of(NAMES)
                    .map(n -> EnvVar.from("C", new EnvVarSource.ConfigMapKey(n, "mode", true)))),
            Tuple.of(
                3,
                Arbitraries.frequency(
                        Tuple.of(4, "metadata.name"),
                        Tuple.of(1, "status.podIP"),
                        Tuple.of(4, "spec.nodeName"),
                        Tuple.of(1, "bogus"),
                        Tuple.of(4, "metadata.labels['a']"))
                    .map(f -> EnvVar.from("F", new FieldRef(f)))),
            Tuple.of(
                2,
                Arbitraries.frequency(
                        Tuple.of(5, "limits.cpu"),
                        Tuple.of(5, "requests.memory"),
                        Tuple.of(1, "limits.gpu"))
                    .map(
                        r ->
                            EnvVar.from(
                                "R",
                                new ResourceFieldRef(Optional.empty(), r, Optional.of("1m"))))));
    Arbitrary<List<EnvFromSource>> envFrom =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(List.<EnvFromSource>of())),
            Tuple.of(
                1,
                Arbitraries.of(NAMES)
                    .map(
                        n -> List.<EnvFromSource>of(new EnvFromSource.SecretEnv(n, "P_", false)))));
    return Combinators.combine(
            Arbitraries.frequency(
                Tuple.of(10, "web"),
                Tuple.of(10, "side"),
                Tuple.of(10, "log"),
                Tuple.of(1, "a-very-long-container-name-over-32-chars")),
            requests,
            env.list().ofMaxSize(3),
            envFrom,
            Arbitraries.frequency(
                Tuple.of(15, Optional.<Integer>empty()), Tuple.of(1, Optional.of(8080))),
            Arbitraries.frequency(
                Tuple.of(15, Optional.<Boolean>empty()), Tuple.of(1, Optional.of(true))),
            Arbitraries.frequency(
                Tuple.of(4, List.<VolumeMount>of()),
                Tuple.of(1, List.of(VolumeMount.of("v0", "/data")))),
            Arbitraries.frequency(
                Tuple.of(6, "uhub.ucloud.cn/a/b:1"),
                Tuple.of(1, "nginx"),
                Tuple.of(1, "myhub.example.com/x:2")))
        .as(
            (name, req, envs, from, hostPort, privileged, mounts, image) ->
                new ContainerView.Builder()
                    .name(name)
                    .image(image)
                    .resources(new Resources(req, Map.of()))
                    .addAllEnv(envs)
                    .addAllEnvFrom(from)
                    .addPorts(new ContainerPort(Optional.empty(), 80, hostPort, "TCP"))
                    .privileged(privileged)
                    .addAllVolumeMounts(mounts)
                    .build());
  }

  private static Arbitrary<Volume> volume() {
    Arbitrary<VolumeSource> source =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(VolumeSource.EmptyDir.plain())),
            Tuple.of(
                3,
                Arbitraries.of(NAMES)
                    .map(n -> new VolumeSource.Secret(n, List.of(), Optional.empty(), false))),
            Tuple.of(
                3,
                Arbitraries.of(NAMES)
                    .map(
                        n ->
                            new VolumeSource.ConfigMap(
                                n, List.of(KeyToPath.of("mode", "m")), Optional.empty(), false))),
            Tuple.of(1, Arbitraries.just(new VolumeSource.HostPath("/", Optional.empty()))),
            Tuple.of(2, Arbitraries.just(new VolumeSource.PersistentVolumeClaim("data", false))),
            Tuple.of(3, Arbitraries.just(new VolumeSource.Nfs("10.0.0.1", "/x", true))),
            Tuple.of(1, Arbitraries.of("csi", "iscsi", "").map(VolumeSource.Other::new)),
            Tuple.of(
                1,
                Arbitraries.just(
                    new VolumeSource.Projected(
                        List.of(
                            new ProjectionSource.ServiceAccountToken(
                                Optional.empty(), 3607, "token"),
                            new ProjectionSource.Other("clusterTrustBundle")),
                        Optional.empty()))));
    return Combinators.combine(Arbitraries.of("v0", "v1", "v2"), source).as(Volume::new);
  }

  private static Arbitrary<Map<String, String>> annotations() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(Map.<String, String>of())),
        Tuple.of(
            1,
            Arbitraries.maps(
                    Arbitraries.of(
                        "cube.ucloud.cn/cube-eip",
                        "cube.ucloud.cn/cube-chargetype",
                        "cube.ucloud.cn/cube-eip-bandwidth",
                        "other/x"),
                    Arbitraries.of("true", "yes", "month", "-1", "5"))
                .ofMaxSize(2)));
  }
}
