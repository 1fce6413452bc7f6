package io.cubevk.domain.translation;

import static io.cubevk.domain.fixtures.Containers.container;
import static io.cubevk.domain.fixtures.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeDnsConfig;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.pod.DnsConfig;
import io.cubevk.domain.pod.DownwardApiFile;
import io.cubevk.domain.pod.FieldRef;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.VolumeSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seed's sharp edges in the translation: UDisk claims (xfs, RSSD, WaitForFirstConsumer),
 * service variables and DNS with and without cluster-IP support, the pod address, token lifetimes.
 */
class ClusterEdgesTranslationTest {

  private static final ApiServerEndpoint API_SERVER = new ApiServerEndpoint("10.9.0.2", 6443);

  // ---------------------------------------------------------------- UDisk claims

  @Test
  void anXfsUDiskIsAViolationQuotingTheSeedsReason() {
    PodView pod = podWithClaim("data");
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .boundClaim("data", PersistentVolumeFacts.udisk("pvc-x", "bsm-1", "XFS"))
            .build();

    TranslationResult.Rejected rejected =
        (TranslationResult.Rejected) PodTranslation.translate(pod, inputs);

    assertThat(rejected.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath())
                  .isEqualTo("spec.volumes[0].persistentVolumeClaim.claimName");
              assertThat(v.message())
                  .contains("XFS file system is not supported")
                  .contains("pvc-x")
                  .contains("fsType ext4");
            });
  }

  @Test
  void anRssdUDiskRunsWithTheSeedsAdviceAsAWarning() {
    PodView pod = podWithClaim("data");
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .boundClaim(
                "data",
                PersistentVolumeFacts.udisk(
                    "pvc-r", "bsm-r1", "ext4", "Delete", Optional.of("RSSD")))
            .build();

    TranslationResult.Translated result = translated(pod, inputs);

    assertThat(result.spec().volumes())
        .containsExactly(new CubeVolume.UDisk("data", "bsm-r1", "ext4", false));
    assertThat(result.warnings())
        .filteredOn(w -> w.fieldPath().startsWith("spec.volumes[0]"))
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("RSSD").contains("SSD or SATA"));
  }

  @Test
  void anSsdUDiskGivesNoDiskWarning() {
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .boundClaim(
                "data",
                PersistentVolumeFacts.udisk(
                    "pvc-s", "bsm-s1", "ext4", "Delete", Optional.of("ssd")))
            .build();

    assertThat(translated(podWithClaim("data"), inputs).warnings())
        .noneMatch(w -> w.fieldPath().startsWith("spec.volumes"));
  }

  @Test
  void anUnboundWaitForFirstConsumerClaimKeepsThePodWaitingWithTheSeedsAdvice() {
    TranslationInputs inputs = new TranslationInputs.Builder().pendingClaim("data", true).build();

    TranslationResult result = PodTranslation.translate(podWithClaim("data"), inputs);

    assertThat(result).isInstanceOf(TranslationResult.Waiting.class);
    assertThat(((TranslationResult.Waiting) result).unresolved())
        .singleElement()
        .satisfies(
            u ->
                assertThat(u.what())
                    .startsWith("persistentvolumeclaim \"data\"")
                    .contains("WaitForFirstConsumer")
                    .contains("nodeSelector"));
  }

  // ---------------------------------------------------------------- service variables

  @Test
  void withoutClusterIpSupportTheKubernetesServiceVariablesNameTheApiServersEndpoint() {
    TranslationInputs inputs =
        new TranslationInputs.Builder().apiServerEndpoint(API_SERVER).build();

    Map<String, String> env = env(translated(pod().build(), inputs).spec().containers().get(0));

    assertThat(env)
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.9.0.2")
        .containsEntry("KUBERNETES_SERVICE_PORT", "6443")
        .containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "6443")
        .containsEntry("KUBERNETES_PORT", "tcp://10.9.0.2:6443")
        .containsEntry("KUBERNETES_PORT_6443_TCP", "tcp://10.9.0.2:6443")
        .containsEntry("KUBERNETES_PORT_6443_TCP_ADDR", "10.9.0.2");
  }

  @Test
  void theApiServersEndpointIsGivenEvenWhenServiceLinksAreOffAndUserEnvStillWins() {
    PodView pod =
        pod()
            .with(b -> b.enableServiceLinks(false))
            .withContainer(container("app").env("KUBERNETES_SERVICE_PORT", "443"))
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder().apiServerEndpoint(API_SERVER).build();

    Map<String, String> env = env(translated(pod, inputs).spec().containers().get(0));

    assertThat(env).containsEntry("KUBERNETES_SERVICE_HOST", "10.9.0.2");
    assertThat(env).containsEntry("KUBERNETES_SERVICE_PORT", "443");
  }

  @Test
  void disabledServiceLinksKeepOnlyTheMasterServicesVariables() {
    Map<String, String> links = new LinkedHashMap<>();
    links.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    links.put("KUBERNETES_SERVICE_PORT", "443");
    links.put("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443");
    links.put("REDIS_SERVICE_HOST", "10.96.3.4");
    links.put("REDIS_PORT", "tcp://10.96.3.4:6379");
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .clusterIpSupport(true)
            .putAllServiceEnvironment(links)
            .build();

    Map<String, String> on = env(translated(pod().build(), inputs).spec().containers().get(0));
    Map<String, String> off =
        env(
            translated(pod().with(b -> b.enableServiceLinks(false)).build(), inputs)
                .spec()
                .containers()
                .get(0));

    assertThat(on).containsAllEntriesOf(links);
    assertThat(off)
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1")
        .containsEntry("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443")
        .doesNotContainKeys("REDIS_SERVICE_HOST", "REDIS_PORT");
  }

  // ---------------------------------------------------------------- DNS

  @Test
  void clusterFirstWithoutClusterIpSupportFallsBackToVpcDnsWithAWarning() {
    TranslationResult.Translated result =
        translated(pod().withDnsPolicy("ClusterFirst").build(), TranslationInputs.none());

    assertThat(result.spec().dnsPolicy()).isEmpty();
    assertThat(result.spec().dnsConfig()).isEmpty();
    assertThat(result.warnings())
        .filteredOn(w -> w.fieldPath().equals("spec.dnsPolicy"))
        .singleElement()
        .satisfies(
            w -> assertThat(w.message()).contains("no cluster-IP support").contains("VPC's DNS"));
  }

  @Test
  void clusterFirstOnANodeWithClusterIpsButNoDnsServiceSaysSo() {
    TranslationInputs inputs = new TranslationInputs.Builder().clusterIpSupport(true).build();

    assertThat(translated(pod().build(), inputs).warnings())
        .filteredOn(w -> w.fieldPath().equals("spec.dnsPolicy"))
        .singleElement()
        .satisfies(w -> assertThat(w.message()).contains("kube-dns"));
  }

  @Test
  void theDefaultPolicyUsesTheVpcResolverWithoutAWarning() {
    TranslationResult.Translated result =
        translated(pod().withDnsPolicy("Default").build(), TranslationInputs.none());

    assertThat(result.spec().dnsConfig()).isEmpty();
    assertThat(result.warnings()).noneMatch(w -> w.fieldPath().startsWith("spec.dns"));
  }

  @Test
  void clusterFirstWithClusterDnsAppendsThePodsDnsConfigAsKubeletDoes() {
    PodView pod =
        pod()
            .inNamespace("shop")
            .withDnsPolicy("ClusterFirst")
            .with(
                b ->
                    b.dnsConfig(
                        new DnsConfig(
                            List.of("10.96.0.10", "1.1.1.1"),
                            List.of("svc.cluster.local", "corp.example"),
                            List.of(
                                new DnsConfig.Option("ndots", Optional.of("2")),
                                new DnsConfig.Option("edns0", Optional.empty())))))
            .build();
    TranslationInputs inputs =
        new TranslationInputs.Builder()
            .clusterIpSupport(true)
            .clusterDns(new ClusterDns("10.96.0.10", "cluster.local"))
            .build();

    TranslationResult.Translated result = translated(pod, inputs);

    CubeDnsConfig dns = result.spec().dnsConfig().orElseThrow();
    assertThat(result.spec().dnsPolicy()).contains("None");
    assertThat(dns.nameservers()).containsExactly("10.96.0.10", "1.1.1.1");
    assertThat(dns.searches())
        .containsExactly(
            "shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example");
    assertThat(dns.options())
        .containsExactly(
            new CubeDnsConfig.Option("ndots", Optional.of("2")),
            new CubeDnsConfig.Option("edns0", Optional.empty()));
    assertThat(result.warnings()).noneMatch(w -> w.fieldPath().startsWith("spec.dns"));
  }

  @Test
  void policyNoneGetsExactlyItsDnsConfigAndAtMostThreeNameservers() {
    PodView pod =
        pod()
            .withDnsPolicy("None")
            .with(
                b ->
                    b.dnsConfig(
                        new DnsConfig(
                            List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"),
                            List.of("example.org"),
                            List.of())))
            .build();

    TranslationResult.Translated result = translated(pod, TranslationInputs.none());

    assertThat(result.spec().dnsPolicy()).contains("None");
    assertThat(result.spec().dnsConfig().orElseThrow().nameservers())
        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
    assertThat(result.spec().dnsConfig().orElseThrow().searches()).containsExactly("example.org");
    assertThat(result.warnings())
        .anySatisfy(
            w -> {
              assertThat(w.fieldPath()).isEqualTo("spec.dnsConfig.nameservers");
              assertThat(w.message()).contains("10.0.0.1 10.0.0.2 10.0.0.3");
            });
  }

  // ---------------------------------------------------------------- the pod's address

  @Test
  void envFromTheHostIpIsAViolationNamingTheField() {
    PodView pod =
        pod().withContainer(container("a").envFromField("NODE_IP", "status.hostIP")).build();

    TranslationResult.Rejected rejected =
        (TranslationResult.Rejected) PodTranslation.translate(pod, TranslationInputs.none());

    assertThat(rejected.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath()).isEqualTo("spec.containers[0].env[0].valueFrom.fieldRef");
              assertThat(v.message()).startsWith("status.hostIP is assigned by Cube");
            });
  }

  @Test
  void aDownwardApiFileOfThePodIpIsEmptyUntilTheAddressIsKnownThenHoldsIt() {
    VolumeSource.DownwardApi source =
        new VolumeSource.DownwardApi(
            List.of(new DownwardApiFile("ip", new FieldRef("status.podIP"), Optional.empty())),
            Optional.empty());

    CubeVolume.Files before =
        (CubeVolume.Files)
            translated(pod().withVolume("info", source).build(), TranslationInputs.none())
                .spec()
                .volumes()
                .get(0);
    CubeVolume.Files after =
        (CubeVolume.Files)
            translated(
                    pod().withVolume("info", source).with(b -> b.podIp("10.9.0.17")).build(),
                    TranslationInputs.none())
                .spec()
                .volumes()
                .get(0);

    assertThat(before.items()).containsEntry("ip", FileBytes.utf8(""));
    assertThat(after.items()).containsEntry("ip", FileBytes.utf8("10.9.0.17"));
  }

  // ---------------------------------------------------------------- tokens

  @Test
  void tokenLifetimesComeFromTheProjectedSourcesTheShortestPerAudience() {
    PodView pod =
        pod()
            .withVolume(
                "a",
                new VolumeSource.Projected(
                    List.of(
                        new ProjectionSource.ServiceAccountToken(Optional.empty(), 3607, "token"),
                        new ProjectionSource.ServiceAccountToken(
                            Optional.of("vault"), 7200, "vault-token")),
                    Optional.empty()))
            .withVolume(
                "b",
                new VolumeSource.Projected(
                    List.of(
                        new ProjectionSource.ServiceAccountToken(
                            Optional.of("vault"), 900, "short")),
                    Optional.empty()))
            .build();

    InputReferences references = InputReferences.of(pod);

    assertThat(references.tokenLifetimes())
        .containsExactly(
            Map.entry("", Duration.ofSeconds(3607)), Map.entry("vault", Duration.ofSeconds(900)));
    assertThat(references.tokenAudiences()).containsExactly("", "vault");
  }

  @Test
  void aMissingServiceAccountIsOneViolationHoweverManyTokensNeedIt() {
    PodView pod =
        pod()
            .withServiceAccount("ghost")
            .withVolume(
                "a",
                new VolumeSource.Projected(
                    List.of(
                        new ProjectionSource.ServiceAccountToken(Optional.empty(), 3607, "token"),
                        new ProjectionSource.ServiceAccountToken(
                            Optional.of("vault"), 3600, "vault")),
                    Optional.empty()))
            .build();

    TranslationResult result =
        PodTranslation.translate(
            pod, new TranslationInputs.Builder().serviceAccountMissing(true).build());

    assertThat(((TranslationResult.Rejected) result).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.fieldPath()).isEqualTo("spec.serviceAccountName");
              assertThat(v.message()).contains("\"ghost\"").contains("namespace \"default\"");
            });
  }

  // ---------------------------------------------------------------- helpers

  private static PodView podWithClaim(String claim) {
    return pod()
        .withContainer(container("app").mount("data", "/data"))
        .withVolume("data", new VolumeSource.PersistentVolumeClaim(claim, false))
        .build();
  }

  private static TranslationResult.Translated translated(PodView pod, TranslationInputs inputs) {
    TranslationResult result = PodTranslation.translate(pod, inputs);
    assertThat(result).isInstanceOf(TranslationResult.Translated.class);
    return (TranslationResult.Translated) result;
  }

  private static Map<String, String> env(CubeContainer container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (CubeEnvVar variable : container.env()) {
      env.put(variable.name(), variable.value());
    }
    return env;
  }
}
