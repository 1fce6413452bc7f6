package io.cubevk.adapter.k8s.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.translation.ConfigMapData;
import io.cubevk.domain.translation.PersistentVolumeFacts;
import io.cubevk.domain.translation.SecretData;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1CSIPersistentVolumeSource;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1NFSVolumeSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Secrets, ConfigMaps, volumes and Services as the translation reads them. */
class InputsMapperTest {

  @Test
  void aDockerRegistrySecretKeepsItsTypeAndConfigJson() {
    String json =
        "{\"auths\":{\"uhub.service.ucloud.cn\":{\"username\":\"u\",\"password\":\"p\"}}}";
    V1Secret secret =
        new V1Secret()
            .metadata(new V1ObjectMeta().name("regcred"))
            .type(SecretData.DOCKER_CONFIG_JSON_TYPE)
            .data(Map.of(SecretData.DOCKER_CONFIG_JSON_KEY, json.getBytes(StandardCharsets.UTF_8)));

    SecretData data = InputsMapper.secret(secret);

    assertThat(data).isEqualTo(SecretData.dockerConfigJson(json));
    assertThat(data.toString()).doesNotContain("password");
  }

  @Test
  void aSecretWithoutTypeIsOpaque() {
    SecretData data =
        InputsMapper.secret(new V1Secret().data(Map.of("k", "v".getBytes(StandardCharsets.UTF_8))));

    assertThat(data.type()).isEqualTo("Opaque");
    assertThat(data.data().get("k").utf8()).isEqualTo("v");
  }

  @Test
  void aConfigMapKeepsTextAndBinaryKeys() {
    ConfigMapData data =
        InputsMapper.configMap(
            new V1ConfigMap()
                .data(Map.of("a.conf", "x=1"))
                .binaryData(Map.of("b.bin", new byte[] {1, 2})));

    assertThat(data.keys()).containsExactly("a.conf", "b.bin");
    assertThat(data.bytes("b.bin").orElseThrow().bytes()).containsExactly(1, 2);
  }

  @Test
  void aUDiskVolumeIsACsiVolumeWithItsHandleReclaimPolicyAndDiskType() {
    V1PersistentVolume volume =
        new V1PersistentVolume()
            .metadata(new V1ObjectMeta().name("pv-1"))
            .spec(
                new V1PersistentVolumeSpec()
                    .persistentVolumeReclaimPolicy("Retain")
                    .csi(
                        new V1CSIPersistentVolumeSource()
                            .driver(PersistentVolumeFacts.UDISK_CSI_DRIVER)
                            .volumeHandle("bsm-abc")
                            .fsType("ext4")
                            .volumeAttributes(Map.of("type", "rssd"))));

    assertThat(InputsMapper.volume(volume))
        .isEqualTo(
            PersistentVolumeFacts.udisk("pv-1", "bsm-abc", "ext4", "Retain", Optional.of("rssd")));
  }

  @Test
  void aVolumeWithoutReclaimPolicyOrAttributesSaysNeither() {
    V1PersistentVolume volume =
        new V1PersistentVolume()
            .metadata(new V1ObjectMeta().name("pv-2"))
            .spec(
                new V1PersistentVolumeSpec()
                    .csi(
                        new V1CSIPersistentVolumeSource()
                            .driver(PersistentVolumeFacts.UDISK_CSI_DRIVER)
                            .volumeHandle("bsm-def")));

    PersistentVolumeFacts facts = InputsMapper.volume(volume);
    assertThat(facts.reclaimPolicy()).isEmpty();
    assertThat(facts.diskType()).isEmpty();
    assertThat(facts.volumeHandle()).contains("bsm-def");
  }

  @Test
  void anNfsVolumeNamesServerPathAndOptions() {
    V1PersistentVolume volume =
        new V1PersistentVolume()
            .metadata(new V1ObjectMeta().name("pv-nfs"))
            .spec(
                new V1PersistentVolumeSpec()
                    .nfs(new V1NFSVolumeSource().server("10.0.0.2").path("/export"))
                    .mountOptions(List.of("nfsvers=4")));

    assertThat(InputsMapper.volume(volume))
        .isEqualTo(
            PersistentVolumeFacts.nfs("pv-nfs", "10.0.0.2", "/export", List.of("nfsvers=4")));
  }

  @Test
  void serviceLinksAreKubeletsVariables() {
    V1Service redis =
        new V1Service()
            .metadata(new V1ObjectMeta().name("redis-master"))
            .spec(
                new V1ServiceSpec()
                    .clusterIP("10.96.0.11")
                    .ports(
                        List.of(
                            new V1ServicePort()
                                .name("tcp-redis")
                                .port(6379)
                                .protocol("TCP")
                                .targetPort(new IntOrString(6379)))));
    V1Service headless =
        new V1Service()
            .metadata(new V1ObjectMeta().name("headless"))
            .spec(
                new V1ServiceSpec().clusterIP("None").ports(List.of(new V1ServicePort().port(80))));

    Map<String, String> env = ServiceLinks.environment(List.of(redis, headless));

    assertThat(env)
        .containsEntry("REDIS_MASTER_SERVICE_HOST", "10.96.0.11")
        .containsEntry("REDIS_MASTER_SERVICE_PORT", "6379")
        .containsEntry("REDIS_MASTER_SERVICE_PORT_TCP_REDIS", "6379")
        .containsEntry("REDIS_MASTER_PORT", "tcp://10.96.0.11:6379")
        .containsEntry("REDIS_MASTER_PORT_6379_TCP", "tcp://10.96.0.11:6379")
        .containsEntry("REDIS_MASTER_PORT_6379_TCP_PROTO", "tcp")
        .containsEntry("REDIS_MASTER_PORT_6379_TCP_PORT", "6379")
        .containsEntry("REDIS_MASTER_PORT_6379_TCP_ADDR", "10.96.0.11")
        .hasSize(8);
  }
}
