package io.cubevk.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubePullSecret;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.PodTranslation;
import io.cubevk.domain.translation.SecretData;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.domain.translation.TranslationResult;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every example of the seed (examples/seed in the repository) read as a user would write it, mapped
 * and translated with its inputs present as the seed's steps create them: each translates cleanly,
 * without violations, unresolved inputs or warnings.
 */
class SeedExamplesTest {

  static final Path EXAMPLES = Path.of("..", "examples", "seed");

  /** What the seed's steps put in the cluster before the pods run. */
  static TranslationInputs seedInputs() throws IOException {
    TreeMap<String, FileBytes> token = new TreeMap<>();
    token.put("ca.crt", FileBytes.utf8("-----BEGIN CERTIFICATE-----\n"));
    token.put("namespace", FileBytes.utf8("default"));
    token.put("token", FileBytes.utf8("eyJ.token.sig"));
    return new TranslationInputs.Builder()
        // 02: the token controller fills the service-account-token Secret.
        .putSecrets("default-token", new SecretData("kubernetes.io/service-account-token", token))
        // 05: kubectl create secret docker-registry myhub --from-file=.dockerconfigjson
        .putSecrets(
            "myhub",
            SecretData.dockerConfigJson(
                Files.readString(EXAMPLES.resolve("05-dockerconfigjson.json"))))
        // 04: the UDisk CSI driver provisions and binds the claim.
        .boundClaim(
            "logdisk-claim", PersistentVolumeFacts.udisk("pvc-0a1b2c", "bsm-2x7k4p", "ext4"))
        .build();
  }

  static List<PodTemplates.DocumentPod> pods(String file) throws IOException {
    return Yaml.loadAll(EXAMPLES.resolve(file).toFile()).stream()
        .map(PodTemplates::of)
        .flatMap(Optional::stream)
        .toList();
  }

  static TranslationResult.Translated translate(String file) throws IOException {
    List<PodTemplates.DocumentPod> pods = pods(file);
    assertThat(pods).hasSize(1);
    PodView view = PodViewMapper.toPodView(pods.get(0).pod());
    TranslationResult result = PodTranslation.translate(view, seedInputs());
    assertThat(result).isInstanceOf(TranslationResult.Translated.class);
    TranslationResult.Translated translated = (TranslationResult.Translated) result;
    // The seed's node has no cluster-IP support: the examples' (default) ClusterFirst DNS policy
    // falls back to the VPC's resolver, which is the one thing worth a warning.
    assertThat(translated.warnings())
        .allSatisfy(w -> assertThat(w.fieldPath()).isEqualTo("spec.dnsPolicy"));
    assertThat(translated.placeholders()).isEmpty();
    return translated;
  }

  @Test
  void theExamplesAreAllThere() throws IOException {
    try (var files = Files.list(EXAMPLES)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .contains(
              "01-pod-nginx.yaml",
              "02-secret-default-token.yaml",
              "03-deployment-explicit-token.yaml",
              "04-udisk-storageclass-pvc-pod.yaml",
              "05-dockerconfigjson.json",
              "06-deployment-own-registry.yaml");
    }
  }

  @Test
  void theNginxPodRunsAsATwoCpuTwoGibibyteCube() throws IOException {
    TranslationResult.Translated nginx = translate("01-pod-nginx.yaml");
    assertThat(nginx.sizing().size()).isEqualTo(CubeSize.of("2", "2Gi"));
    assertThat(nginx.spec().containers()).extracting(c -> c.name()).containsExactly("nginx");
  }

  @Test
  void theTokenSecretIsNotAPod() throws IOException {
    assertThat(pods("02-secret-default-token.yaml")).isEmpty();
  }

  @Test
  void theDeploymentWithAnExplicitTokenMountsTheSecretInline() throws IOException {
    TranslationResult.Translated deployment = translate("03-deployment-explicit-token.yaml");
    assertThat(deployment.sizing().size()).isEqualTo(CubeSize.DEFAULT);
    assertThat(deployment.spec().volumes())
        .singleElement()
        .isInstanceOfSatisfying(
            CubeVolume.Files.class,
            files -> {
              assertThat(files.kind()).isEqualTo(CubeVolume.Files.Kind.SECRET);
              assertThat(files.items()).containsOnlyKeys("ca.crt", "namespace", "token");
            });
    assertThat(deployment.spec().labels()).isEqualTo(Map.of("app", "nginx"));
  }

  @Test
  void theUDiskClaimBecomesAUDiskVolume() throws IOException {
    assertThat(translate("04-udisk-storageclass-pvc-pod.yaml").spec().volumes())
        .containsExactly(new CubeVolume.UDisk("log", "bsm-2x7k4p", "ext4", false));
  }

  @Test
  void theOwnRegistryDeploymentCarriesItsPullSecretWithTheVpcAddress() throws IOException {
    assertThat(translate("06-deployment-own-registry.yaml").spec().imagePullSecrets())
        .containsExactly(
            new CubePullSecret(
                "myhub.ucloud-global.com",
                "user-xxx",
                "passwd-yyy",
                Optional.of("10.x.y.z"),
                Optional.of("uvnet-xxx")));
  }
}
