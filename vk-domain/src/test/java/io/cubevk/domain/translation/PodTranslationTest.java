package io.cubevk.domain.translation;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubePullSecret;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.fixtures.Inputs;
import io.cubevk.domain.pod.ContainerPort;
import io.cubevk.domain.pod.DownwardApiFile;
import io.cubevk.domain.pod.EnvVarSource;
import io.cubevk.domain.pod.FieldRef;
import io.cubevk.domain.pod.KeyToPath;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.ResourceFieldRef;
import io.cubevk.domain.pod.VolumeSource;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.domain.size.CubeSize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PodTranslationTest {

  private static TranslationResult.Translated translated(PodView pod, TranslationInputs inputs) {
    TranslationResult result = PodTranslation.translate(pod, inputs);
    assertThat(result).isInstanceOf(TranslationResult.Translated.class);
    return (TranslationResult.Translated) result;
  }

  private static List<Violation> violations(PodView pod) {
    TranslationResult result = PodTranslation.translate(pod, TranslationInputs.none());
    assertThat(result).isInstanceOf(TranslationResult.Rejected.class);
    return ((TranslationResult.Rejected) result).violations();
  }

  private static List<Unresolved> waitingFor(PodView pod, TranslationInputs inputs) {
    TranslationResult result = PodTranslation.translate(pod, inputs);
    assertThat(result).isInstanceOf(TranslationResult.Waiting.class);
    return ((TranslationResult.Waiting) result).unresolved();
  }

  @Test
  void theSeedsNginxPodBecomesATwoCpuTwoGibibyteCube() {
    PodView pod = pod().withContainer(container("nginx").requests("2", "2048Mi")).build();
    TranslationResult.Translated result = translated(pod, TranslationInputs.none());

    assertThat(result.sizing().size()).isEqualTo(CubeSize.of("2", "2Gi"));
    CubeContainer nginx = result.spec().containers().get(0);
    assertThat(nginx.image()).isEqualTo("uhub.ucloud-global.com/ucloud/nginx:latest");
    assertThat(nginx.limits()).isEqualTo(CubeResources.of(Cpu.parse("2"), Memory.parse("2Gi")));
    assertThat(result.spec().podUid()).isEqualTo(pod.uid());
    assertThat(result.spec().name()).isEqualTo("nginx");
    // On the seed's default node (no cluster-IP support) the one warning is about DNS.
    assertThat(result.warnings()).extracting(Warning::fieldPath).containsExactly("spec.dnsPolicy");
    assertThat(result.placeholders()).isEmpty();
  }

  @Test
  void aPodWithoutRequestsGetsTheNodesDefaultSize() {
    TranslationInputs inputs =
        new TranslationInputs.Builder().defaultSize(CubeSize.of("500m", "1Gi")).build();
    TranslationResult.Translated result = translated(pod().build(), inputs);
    assertThat(result.sizing().defaulted()).isTrue();
    assertThat(result.spec().size())
        .isEqualTo(CubeResources.of(Cpu.parse("500m"), Memory.parse("1Gi")));
  }

  @Test
  void argsWithoutCommandKeepTheImageEntrypoint() {
    CubeContainer web =
        translated(
                pod().withContainer(container("web").args("-g", "daemon off;")).build(),
                TranslationInputs.none())
            .spec()
            .containers()
            .get(0);
    assertThat(web.command()).isEmpty();
    assertThat(web.args()).containsExactly("-g", "daemon off;");
  }

  @Test
  void theSeedsTokenSecretMountBecomesInlineSecretFiles() {
    PodView pod =
        pod()
            .withServiceAccount("default")
            .withContainer(
                container("nginx")
                    .port(80)
                    .mount("default-token", "/var/run/secrets/kubernetes.io/serviceaccount"))
            .withVolume(
                "default-token",
                new VolumeSource.Secret("default-token", List.of(), Optional.of(420), false))
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .putSecrets("default-token", Inputs.serviceAccountTokenSecret())
            .build();

    TranslationResult.Translated result = translated(pod, inputs);
    CubeVolume.Files files = (CubeVolume.Files) result.spec().volumes().get(0);
    assertThat(files.kind()).isEqualTo(CubeVolume.Files.Kind.SECRET);
    assertThat(files.items()).containsOnlyKeys("ca.crt", "namespace", "token");
    assertThat(result.spec().containers().get(0).volumeMounts())
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.mountPath())
                    .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount"));
    assertThat(result.spec().toString()).doesNotContain("eyJhbGciOiJSUzI1NiJ9");
  }

  @Test
  void aClaimBoundToAUDiskBecomesAUDiskVolume() {
    PodView pod =
        pod()
            .withContainer(container("http").mount("log", "/data"))
            .withVolume("log", new VolumeSource.PersistentVolumeClaim("logdisk-claim", false))
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .boundClaim("logdisk-claim", PersistentVolumeFacts.udisk("pvc-1", "bsm-2x7k4p", "ext4"))
            .build();

    assertThat(translated(pod, inputs).spec().volumes())
        .containsExactly(new CubeVolume.UDisk("log", "bsm-2x7k4p", "ext4", false));
  }

  @Test
  void aClaimBoundToAnNfsVolumeBecomesAnNfsVolume() {
    PodView pod =
        pod().withVolume("shared", new VolumeSource.PersistentVolumeClaim("shared", false)).build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .boundClaim(
                "shared",
                PersistentVolumeFacts.nfs("pv-nfs", "10.9.1.20", "/exports", List.of("nolock")))
            .build();
    assertThat(translated(pod, inputs).spec().volumes())
        .containsExactly(new CubeVolume.Nfs("shared", "10.9.1.20:/exports", Optional.of("nolock")));
  }

  @Test
  void aMissingOrUnboundClaimMakesThePodWaitNotFail() {
    PodView pod =
        pod()
            .withVolume("a", new VolumeSource.PersistentVolumeClaim("missing", false))
            .withVolume("b", new VolumeSource.PersistentVolumeClaim("pending", false))
            .build();
    TranslationInputs inputs = new TranslationInputs.Builder().pendingClaim("pending").build();
    assertThat(waitingFor(pod, inputs))
        .extracting(Unresolved::fieldPath, Unresolved::what)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spec.volumes[0].persistentVolumeClaim.claimName",
                "persistentvolumeclaim \"missing\""),
            org.assertj.core.groups.Tuple.tuple(
                "spec.volumes[1].persistentVolumeClaim.claimName",
                "persistentvolumeclaim \"pending\" (not bound to a volume yet)"));
  }

  @Test
  void claimsOnXfsOrOtherVolumeKindsAreViolations() {
    PodView pod =
        pod()
            .withVolume("a", new VolumeSource.PersistentVolumeClaim("xfs", false))
            .withVolume("b", new VolumeSource.PersistentVolumeClaim("ebs", false))
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .boundClaim("xfs", PersistentVolumeFacts.udisk("pv-x", "bsm-1", "xfs"))
            .boundClaim(
                "ebs",
                new PersistentVolumeFacts(
                    "pv-e",
                    Optional.of("ebs.csi.aws.com"),
                    Optional.of("vol-1"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    "csi"))
            .build();
    TranslationResult.Rejected rejected =
        (TranslationResult.Rejected) PodTranslation.translate(pod, inputs);
    assertThat(rejected.violations()).hasSize(2);
    assertThat(rejected.violations().get(0).message()).contains("xfs");
    assertThat(rejected.violations().get(1).message())
        .contains("ebs.csi.aws.com")
        .contains("UDisk");
  }

  @Test
  void theSeedsOwnRegistryPullSecretBecomesAnInlineEntryWithItsVpcAddress() {
    PodView pod =
        pod()
            .withContainer(container("nginx").image("myhub.ucloud-global.com/test/nginx:latest"))
            .withPullSecret("myhub")
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .putSecrets("myhub", SecretData.dockerConfigJson(Inputs.MYHUB_DOCKER_CONFIG))
            .build();

    TranslationResult.Translated result = translated(pod, inputs);
    assertThat(result.spec().imagePullSecrets())
        .containsExactly(
            new CubePullSecret(
                "myhub.ucloud-global.com",
                "user-xxx",
                "passwd-yyy",
                Optional.of("10.9.8.7"),
                Optional.of("uvnet-xxx")));
    assertThat(result.warnings()).noneMatch(w -> w.fieldPath().contains("image"));
    assertThat(result.spec().toString()).doesNotContain("passwd-yyy");
  }

  @Test
  void pullSecretsWithOnlyAnAuthFieldAreDecoded() {
    String json = "{\"auths\":{\"https://reg.example.com/v1/\":{\"auth\":\"dXNlcjpwYXNz\"}}}";
    PodView pod = pod().withPullSecret("reg").build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .putSecrets("reg", SecretData.dockerConfigJson(json))
            .build();
    assertThat(translated(pod, inputs).spec().imagePullSecrets())
        .containsExactly(
            new CubePullSecret(
                "reg.example.com", "user", "pass", Optional.empty(), Optional.empty()));
  }

  @Test
  void aPullSecretOfTheWrongTypeOrWithBadJsonIsAViolation() {
    PodView pod = pod().withPullSecret("opaque").withPullSecret("broken").build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .putSecrets("opaque", SecretData.opaque(Map.of("x", FileBytes.utf8("y"))))
            .putSecrets("broken", SecretData.dockerConfigJson("{\"auths\": {"))
            .build();
    TranslationResult.Rejected rejected =
        (TranslationResult.Rejected) PodTranslation.translate(pod, inputs);
    assertThat(rejected.violations())
        .extracting(Violation::fieldPath)
        .containsExactly("spec.imagePullSecrets[0]", "spec.imagePullSecrets[1]");
    assertThat(rejected.violations().get(0).message()).contains("kubernetes.io/dockerconfigjson");
    assertThat(rejected.violations().get(1).message()).contains("not valid JSON");
  }

  @Test
  void imagesFromTheInternetAreAWarningNotAViolation() {
    TranslationResult.Translated result =
        translated(
            pod().withContainer(container("web").image("nginx:1.27")).build(),
            TranslationInputs.none());
    assertThat(result.warnings())
        .filteredOn(w -> !w.fieldPath().equals("spec.dnsPolicy"))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.fieldPath()).isEqualTo("spec.containers[0].image");
              assertThat(w.message()).contains("docker.io").contains("cannot pull");
            });
  }

  @Test
  void hostPathIsNotSupportedByCube() {
    assertThat(
            violations(
                pod()
                    .withVolume("logs", new VolumeSource.HostPath("/var/log", Optional.empty()))
                    .build()))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath()).isEqualTo("spec.volumes[0].hostPath");
              assertThat(v.message()).startsWith("not supported by Cube");
            });
  }

  @Test
  void everyOtherVolumeKindIsNamedInItsViolation() {
    assertThat(violations(pod().withVolume("d", new VolumeSource.Other("iscsi")).build()))
        .extracting(Violation::fieldPath)
        .containsExactly("spec.volumes[0].iscsi");
  }

  @Test
  void everyProblemOfAPodIsReportedAtOnce() {
    PodView pod =
        pod()
            .withHostNetwork()
            .withHostPid()
            .withHostIpc()
            .withAnnotation("cube.ucloud.cn/cube-eip", "yes")
            .withVolume("h", new VolumeSource.HostPath("/", Optional.empty()))
            .withContainer(
                container("a")
                    .privileged()
                    .hostPort(8080, 80)
                    .envFromField("IP", "status.podIP")
                    .request("ephemeral-storage", "20Gi"))
            .withContainer(container("b"))
            .withContainer(container("c"))
            .withContainer(container("this-name-is-far-too-long-for-cube-1"))
            .build();
    assertThat(violations(pod))
        .extracting(Violation::fieldPath)
        .containsExactlyInAnyOrder(
            "spec.hostNetwork",
            "spec.hostPID",
            "spec.hostIPC",
            "spec.containers",
            "metadata.annotations['cube.ucloud.cn/cube-eip']",
            "spec.containers[0].resources.requests.ephemeral-storage",
            "spec.volumes[0].hostPath",
            "spec.containers[0].securityContext.privileged",
            "spec.containers[0].ports[0].hostPort",
            "spec.containers[0].env[0].valueFrom.fieldRef",
            "spec.containers[3].name");
  }

  @Test
  void theHostPortThatHostNetworkDefaultsIsNotReportedTwice() {
    PodView pod = pod().withHostNetwork().withContainer(container("a").hostPort(80, 80)).build();
    assertThat(violations(pod))
        .extracting(Violation::fieldPath)
        .containsExactly("spec.hostNetwork");
  }

  @Test
  void envFromThePodIpNamesTheFieldAndSaysWhy() {
    PodView pod = pod().withContainer(container("a").envFromField("MY_IP", "status.podIP")).build();
    assertThat(violations(pod))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath()).isEqualTo("spec.containers[0].env[0].valueFrom.fieldRef");
              assertThat(v.message()).startsWith("status.podIP is assigned by Cube");
            });
  }

  @Test
  void tooLargeAPodListsTheAllowedSizes() {
    PodView pod = pod().withContainer(container("big").requests("16", "64Gi")).build();
    assertThat(violations(pod))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath()).isEqualTo("spec.containers[0].resources");
              assertThat(v.message())
                  .isEqualTo(
                      "cpu 16 with memory 64Gi fits no Cube size; allowed sizes: "
                          + CubeSize.describeAllowed());
            });
  }

  @Test
  void aMalformedQuantityIsAViolationAtItsPath() {
    PodView pod = pod().withContainer(container("a").request("cpu", "two")).build();
    assertThat(violations(pod))
        .extracting(Violation::fieldPath)
        .containsExactly("spec.containers[0].resources.requests.cpu");
  }

  @Test
  void extendedResourcesAreViolations() {
    PodView pod = pod().withContainer(container("gpu").limit("nvidia.com/gpu", "1")).build();
    assertThat(violations(pod))
        .extracting(Violation::fieldPath)
        .containsExactly("spec.containers[0].resources.limits['nvidia.com/gpu']");
  }

  @Test
  void missingSecretsConfigMapsAndKeysMakeThePodWaitWithEveryOneListed() {
    PodView pod =
        pod()
            .withContainer(
                container("app")
                    .envFromSecret("PASSWORD", "db", "password")
                    .envFromSecret("USER", "creds", "user")
                    .envFromConfigMap("", "settings"))
            .withVolume(
                "config",
                new VolumeSource.ConfigMap("nginx-config", List.of(), Optional.empty(), false))
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .putSecrets("creds", SecretData.opaque(Map.of("name", FileBytes.utf8("x"))))
            .build();
    assertThat(waitingFor(pod, inputs))
        .extracting(Unresolved::fieldPath)
        .containsExactly(
            "spec.volumes[0].configMap.name",
            "spec.containers[0].envFrom[0].configMapRef",
            "spec.containers[0].env[0].valueFrom.secretKeyRef",
            "spec.containers[0].env[1].valueFrom.secretKeyRef");
  }

  @Test
  void optionalReferencesToMissingInputsAreLeftOut() {
    PodView pod =
        pod()
            .withContainer(
                container("app").envFrom("X", new EnvVarSource.SecretKey("nope", "k", true)))
            .withVolume("c", new VolumeSource.ConfigMap("nope", List.of(), Optional.empty(), true))
            .build();
    TranslationResult.Translated result = translated(pod, TranslationInputs.none());
    assertThat(result.spec().containers().get(0).env()).isEmpty();
    assertThat(((CubeVolume.Files) result.spec().volumes().get(0)).items()).isEmpty();
  }

  @Test
  void environmentIsResolvedOrderedAndExpandedAsKubeletDoes() {
    PodView pod =
        pod()
            .withContainer(
                container("app")
                    .command("/bin/sh", "-c", "echo $(GREETING) $$(HOME) $(UNDEFINED)")
                    .envFromConfigMap("CFG_", "settings")
                    .env("NAME", "world")
                    .env("GREETING", "hello $(NAME)")
                    .envFromSecret("TOKEN", "db", "token")
                    .env("MY_SVC_SERVICE_HOST", "overridden")
                    .envFromField("POD", "metadata.name")
                    .envFromField("APP", "metadata.labels['app']"))
            .withLabel("app", "shop")
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .putServiceEnvironment("MY_SVC_SERVICE_HOST", "10.96.0.7")
            .putServiceEnvironment("MY_SVC_SERVICE_PORT", "80")
            .putConfigMaps("settings", ConfigMapData.of(Map.of("mode", "fast")))
            .putSecrets("db", SecretData.opaque(Map.of("token", FileBytes.utf8("s3cr3t"))))
            .build();

    CubeContainer app = translated(pod, inputs).spec().containers().get(0);
    assertThat(app.env())
        .extracting(CubeEnvVar::name, CubeEnvVar::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("MY_SVC_SERVICE_HOST", "overridden"),
            org.assertj.core.groups.Tuple.tuple("MY_SVC_SERVICE_PORT", "80"),
            org.assertj.core.groups.Tuple.tuple("CFG_mode", "fast"),
            org.assertj.core.groups.Tuple.tuple("NAME", "world"),
            org.assertj.core.groups.Tuple.tuple("GREETING", "hello world"),
            org.assertj.core.groups.Tuple.tuple("TOKEN", "s3cr3t"),
            org.assertj.core.groups.Tuple.tuple("POD", "nginx"),
            org.assertj.core.groups.Tuple.tuple("APP", "shop"));
    assertThat(app.command())
        .containsExactly("/bin/sh", "-c", "echo hello world $(HOME) $(UNDEFINED)");
    assertThat(app.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void resourceFieldRefsReadTheLimitsTheContainerGetsOnCube() {
    PodView pod =
        pod()
            .withContainer(
                container("app")
                    .requests("500m", "512Mi")
                    .envFrom(
                        "CPU",
                        new ResourceFieldRef(Optional.empty(), "limits.cpu", Optional.empty()))
                    .envFrom(
                        "MEM_MI",
                        new ResourceFieldRef(Optional.empty(), "limits.memory", Optional.of("1Mi")))
                    .envFrom(
                        "REQ_M",
                        new ResourceFieldRef(Optional.empty(), "requests.cpu", Optional.of("1m"))))
            .build();
    assertThat(translated(pod, TranslationInputs.none()).spec().containers().get(0).env())
        .extracting(CubeEnvVar::value)
        .containsExactly("1", "512", "500");
  }

  @Test
  void theServiceAccountAccessVolumeIsFlattenedIntoSecretFilesOnceItsTokenIsThere() {
    PodView pod =
        pod()
            .withVolume(
                "kube-api-access-x7k2p",
                new VolumeSource.Projected(
                    List.of(
                        new ProjectionSource.ServiceAccountToken(Optional.empty(), 3607, "token"),
                        new ProjectionSource.ConfigMapItems(
                            "kube-root-ca.crt", List.of(KeyToPath.of("ca.crt", "ca.crt")), false),
                        new ProjectionSource.DownwardApiItems(
                            List.of(
                                new DownwardApiFile(
                                    "namespace",
                                    new FieldRef("metadata.namespace"),
                                    Optional.empty())))),
                    Optional.of(420)))
            .build();

    assertThat(waitingFor(pod, TranslationInputs.none()))
        .extracting(Unresolved::fieldPath)
        .containsExactly(
            "spec.volumes[0].projected.sources[0].serviceAccountToken",
            "spec.volumes[0].projected.sources[1].configMap.name");

    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .putTokens("", new ProjectedToken("jwt-token", Optional.empty()))
            .putConfigMaps("kube-root-ca.crt", ConfigMapData.of(Map.of("ca.crt", "PEM")))
            .build();
    CubeVolume.Files files = (CubeVolume.Files) translated(pod, inputs).spec().volumes().get(0);
    assertThat(files.kind()).isEqualTo(CubeVolume.Files.Kind.SECRET);
    assertThat(files.items())
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    "token", FileBytes.utf8("jwt-token"),
                    "ca.crt", FileBytes.utf8("PEM"),
                    "namespace", FileBytes.utf8("default"))));
  }

  @Test
  void downwardApiVolumesWriteLabelsAsKubeletDoes() {
    PodView pod =
        pod()
            .withLabel("app", "shop")
            .withLabel("tier", "web \"front\"")
            .withVolume(
                "info",
                new VolumeSource.DownwardApi(
                    List.of(
                        new DownwardApiFile(
                            "labels", new FieldRef("metadata.labels"), Optional.empty())),
                    Optional.empty()))
            .build();
    CubeVolume.Files files =
        (CubeVolume.Files) translated(pod, TranslationInputs.none()).spec().volumes().get(0);
    assertThat(files.items().get("labels").utf8())
        .as("kubelet's FormatMap: no newline after the last line")
        .isEqualTo("app=\"shop\"\ntier=\"web \\\"front\\\"\"");
  }

  @Test
  void configMapAndSecretDataOverThirtyMebibytesIsAViolation() {
    byte[] big = new byte[16 << 20];
    PodView pod =
        pod()
            .withVolume("a", new VolumeSource.Secret("big-a", List.of(), Optional.empty(), false))
            .withVolume("b", new VolumeSource.Secret("big-b", List.of(), Optional.empty(), false))
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .putSecrets("big-a", SecretData.opaque(Map.of("blob", FileBytes.of(big))))
            .putSecrets("big-b", SecretData.opaque(Map.of("blob", FileBytes.of(big))))
            .build();
    TranslationResult.Rejected rejected =
        (TranslationResult.Rejected) PodTranslation.translate(pod, inputs);
    assertThat(rejected.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("32.0MiB").contains("30MiB"));
  }

  @Test
  void placeholdersStandInForMissingInputsWhenAskedFor() {
    PodView pod =
        pod()
            .withContainer(
                container("app").envFromSecret("PASSWORD", "db", "password").mount("log", "/data"))
            .withVolume("log", new VolumeSource.PersistentVolumeClaim("logdisk-claim", false))
            .withPullSecret("myhub")
            .build();
    TranslationResult.Translated result =
        translated(pod, TranslationInputs.offline(CubeSize.DEFAULT));
    assertThat(result.placeholders()).hasSize(3);
    assertThat(result.spec().containers().get(0).env())
        .extracting(CubeEnvVar::value)
        .containsExactly("<unresolved secret \"db\">");
    assertThat(result.spec().volumes())
        .containsExactly(
            new CubeVolume.UDisk(
                "log", "<unresolved persistentvolumeclaim \"logdisk-claim\">", "ext4", false));
    assertThat(result.spec().imagePullSecrets())
        .extracting(CubePullSecret::registryServer)
        .containsExactly("<unresolved image pull secret \"myhub\">");
  }

  @Test
  void mountsOfUndeclaredVolumesAreViolations() {
    PodView pod = pod().withContainer(container("a").mount("ghost", "/x")).build();
    assertThat(violations(pod))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath()).isEqualTo("spec.containers[0].volumeMounts[0].name");
              assertThat(v.message()).contains("\"ghost\"").contains("volumes: none");
            });
  }

  @Test
  void clusterDnsGivesClusterFirstPodsTheClusterResolver() {
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .clusterDns(new ClusterDns("10.96.0.10", "cluster.local"))
            .build();
    TranslationResult.Translated result = translated(pod().inNamespace("shop").build(), inputs);
    assertThat(result.spec().dnsPolicy()).contains("None");
    assertThat(result.spec().dnsConfig().orElseThrow().nameservers()).containsExactly("10.96.0.10");
    assertThat(result.spec().dnsConfig().orElseThrow().searches())
        .containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local");

    TranslationResult.Translated withoutClusterIp =
        translated(pod().build(), TranslationInputs.none());
    assertThat(withoutClusterIp.spec().dnsPolicy()).isEmpty();
    assertThat(withoutClusterIp.spec().dnsConfig()).isEmpty();
  }

  @Test
  void initContainersAreNotCountedAndGetTheWholeSize() {
    PodView pod =
        pod()
            .withInitContainer(container("init-a").requests("4", "4Gi"))
            .withInitContainer(container("init-b"))
            .withContainer(container("a").requests("1", "1Gi"))
            .withContainer(container("b"))
            .withContainer(container("c"))
            .build();
    TranslationResult.Translated result = translated(pod, TranslationInputs.none());
    assertThat(result.sizing().size()).isEqualTo(CubeSize.of("4", "4Gi"));
    assertThat(result.spec().initContainers())
        .allSatisfy(
            c ->
                assertThat(c.limits())
                    .isEqualTo(CubeResources.of(Cpu.parse("4"), Memory.parse("4Gi"))));
    assertThat(result.spec().size())
        .isEqualTo(CubeResources.of(Cpu.parse("4"), Memory.parse("4Gi")));
  }

  @Test
  void probesAreIgnoredWithAWarning() {
    TranslationResult.Translated result =
        translated(
            pod()
                .withDnsPolicy("Default")
                .withContainer(container("a").probe("readinessProbe"))
                .build(),
            TranslationInputs.none());
    assertThat(result.warnings())
        .extracting(Warning::fieldPath)
        .containsExactly("spec.containers[0].readinessProbe");
  }

  @Test
  void onlyCubeAnnotationsTravelIntoTheCubeDocument() {
    PodView pod =
        pod()
            .withAnnotation("cube.ucloud.cn/cube-tag", "shop")
            .withAnnotation("kubectl.kubernetes.io/last-applied-configuration", "{...}")
            .build();
    TranslationResult.Translated result = translated(pod, TranslationInputs.none());
    assertThat(result.spec().annotations()).containsOnlyKeys("cube.ucloud.cn/cube-tag");
    assertThat(result.options().tag()).isEqualTo("shop");
  }

  @Test
  void portsKeepNameAndProtocol() {
    PodView pod =
        pod()
            .withContainer(
                new io.cubevk.domain.pod.ContainerView.Builder()
                    .name("dns")
                    .image("uhub.ucloud.cn/x/dns:1")
                    .addPorts(new ContainerPort(Optional.of("dns"), 53, Optional.empty(), "UDP"))
                    .build())
            .build();
    assertThat(translated(pod, TranslationInputs.none()).spec().containers().get(0).ports())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.containerPort()).isEqualTo(53);
              assertThat(p.protocol()).isEqualTo("UDP");
              assertThat(p.name()).contains("dns");
            });
  }

  @Test
  void envSourcesCubeCannotResolveAreViolationsNamingTheSource() {
    PodView pod =
        pod()
            .withContainer(container("a").envFrom("F", new EnvVarSource.Other("fileKeyRef")))
            .build();
    assertThat(violations(pod))
        .extracting(Violation::fieldPath)
        .containsExactly("spec.containers[0].env[0].valueFrom.fileKeyRef");
  }
}
