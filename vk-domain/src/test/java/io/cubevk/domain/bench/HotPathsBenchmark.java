package io.cubevk.domain.bench;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Pods.pod;

import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
import io.cubevk.domain.fixtures.Cubes;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.status.PodStatus;
import io.cubevk.domain.status.StatusMapping;
import io.cubevk.domain.translation.ConfigMapData;
import io.cubevk.domain.translation.PodTranslation;
import io.cubevk.domain.translation.SecretData;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.domain.translation.TranslationResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pure paths every pod goes through on each reconcile step: translation, status mapping and the
 * Cube document codec. At 1,600 pods and several steps each, these must cost microseconds. Run with
 * {@code mvn -B -q -pl vk-domain -am -Pjmh test -DskipTests} (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathsBenchmark {

  private PodView nginx;
  private PodView appWithInputs;
  private TranslationInputs inputs;
  private ObservedCube runningCube;
  private CubeDocument stored;
  private String storedYaml;

  @Setup
  public void setUp() {
    nginx = pod().build();
    appWithInputs =
        pod()
            .named("shop")
            .withContainer(
                container("app")
                    .requests("1", "2Gi")
                    .envFromSecret("DB_PASSWORD", "db", "password")
                    .envFromConfigMap("CFG_", "settings")
                    .mount("config", "/etc/app")
                    .port(8080))
            .withContainer(container("sidecar").requests("500m", "512Mi"))
            .withVolume(
                "config",
                new VolumeSource.ConfigMap(
                    "settings", java.util.List.of(), Optional.empty(), false))
            .build();
    inputs =
        new TranslationInputs.Builder()
            .putSecrets("db", SecretData.opaque(Map.of("password", FileBytes.utf8("s3cret"))))
            .putConfigMaps(
                "settings", ConfigMapData.of(Map.of("MODE", "production", "app.yaml", "a: 1\n")))
            .build();
    runningCube = Cubes.cubeOf(nginx).inPhase(CubePhase.RUNNING).build();
    TranslationResult.Translated translated =
        (TranslationResult.Translated) PodTranslation.translate(appWithInputs, inputs);
    stored =
        CubeDocument.stored(translated.spec(), CubeId.of("cube-k3j2h1g0"), runningCube.status());
    storedYaml = CubeDocumentCodec.render(stored);
  }

  @Benchmark
  public TranslationResult translateTheSeedNginx() {
    return PodTranslation.translate(nginx, TranslationInputs.none());
  }

  @Benchmark
  public TranslationResult translateTwoContainersWithSecretsAndConfigMaps() {
    return PodTranslation.translate(appWithInputs, inputs);
  }

  @Benchmark
  public PodStatus mapARunningCubesStatus() {
    return StatusMapping.map(nginx, runningCube);
  }

  @Benchmark
  public String renderAStoredCubeDocument() {
    return CubeDocumentCodec.render(stored);
  }

  @Benchmark
  public CubeDocument parseAStoredCubeDocument() {
    return CubeDocumentCodec.parse(storedYaml);
  }
}
