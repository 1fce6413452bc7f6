package io.cubevk.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.pod.ContainerPort;
import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.DownwardApiFile;
import io.cubevk.domain.pod.EnvFromSource;
import io.cubevk.domain.pod.EnvVar;
import io.cubevk.domain.pod.EnvVarSource;
import io.cubevk.domain.pod.FieldRef;
import io.cubevk.domain.pod.KeyToPath;
import io.cubevk.domain.pod.PodPhase;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ProjectionSource;
import io.cubevk.domain.pod.ResourceFieldRef;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.pod.VolumeMount;
import io.cubevk.domain.pod.VolumeSource;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1CSIVolumeSource;
import io.kubernetes.client.openapi.models.V1ConfigMapEnvSource;
import io.kubernetes.client.openapi.models.V1ConfigMapKeySelector;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1DownwardAPIProjection;
import io.kubernetes.client.openapi.models.V1DownwardAPIVolumeFile;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1HostPathVolumeSource;
import io.kubernetes.client.openapi.models.V1ISCSIVolumeSource;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1Lifecycle;
import io.kubernetes.client.openapi.models.V1LifecycleHandler;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1NFSVolumeSource;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1ResourceFieldSelector;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1SleepAction;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodViewMapperTest {

  /** A pod as the API server returns it, with the fields every pod has. */
  private static V1Pod apiPod() {
    return new V1Pod()
        .metadata(
            new V1ObjectMeta()
                .name("web")
                .namespace("shop")
                .uid("5f0c6a9e-1b2c-4d3e-8f70-0a1b2c3d4e5f"))
        .spec(
            new V1PodSpec()
                .addContainersItem(
                    new V1Container()
                        .name("web")
                        .image("uhub.ucloud-global.com/ucloud/nginx:latest")));
  }

  private static V1EnvVar envFrom(String name, V1EnvVarSource source) {
    return new V1EnvVar().name(name).valueFrom(source);
  }

  @Test
  void mapsIdentityMetadataFlagsAndOwnership() {
    V1Pod pod = apiPod();
    pod.getMetadata()
        .putLabelsItem("app", "shop")
        .putAnnotationsItem("cube.ucloud.cn/cube-tag", "shop")
        .deletionTimestamp(OffsetDateTime.of(2026, 11, 26, 13, 0, 0, 0, ZoneOffset.UTC))
        .deletionGracePeriodSeconds(30L)
        .addOwnerReferencesItem(
            new V1OwnerReference()
                .apiVersion("apps/v1")
                .kind("DaemonSet")
                .name("agent")
                .uid("ds-1")
                .controller(true));
    pod.getSpec()
        .nodeName("uk8s-abcd1234-vk-x1y2z")
        .restartPolicy("OnFailure")
        .hostNetwork(true)
        .hostPID(true)
        .serviceAccount("legacy-name")
        .automountServiceAccountToken(false)
        .enableServiceLinks(false)
        .addImagePullSecretsItem(new V1LocalObjectReference().name("myhub"));
    pod.status(
        new V1PodStatus()
            .phase("Running")
            .podIP("10.9.0.17")
            .addContainerStatusesItem(
                new io.kubernetes.client.openapi.models.V1ContainerStatus()
                    .name("web")
                    .containerID("cube://cube-k3j2h1g0/web")));

    PodView view = PodViewMapper.toPodView(pod);

    assertThat(view.key()).isEqualTo("shop/web");
    assertThat(view.uid().value()).isEqualTo("5f0c6a9e-1b2c-4d3e-8f70-0a1b2c3d4e5f");
    assertThat(view.labels()).containsEntry("app", "shop");
    assertThat(view.annotations()).containsEntry("cube.ucloud.cn/cube-tag", "shop");
    assertThat(view.nodeName()).contains("uk8s-abcd1234-vk-x1y2z");
    assertThat(view.restartPolicy()).isEqualTo(RestartPolicy.ON_FAILURE);
    assertThat(view.hostNetwork()).isTrue();
    assertThat(view.hostPid()).isTrue();
    assertThat(view.hostIpc()).isFalse();
    assertThat(view.serviceAccountName()).contains("legacy-name");
    assertThat(view.automountServiceAccountToken()).contains(false);
    assertThat(view.enableServiceLinks()).isFalse();
    assertThat(view.imagePullSecrets()).containsExactly("myhub");
    assertThat(view.deletionTimestamp()).contains(Instant.parse("2026-11-26T13:00:00Z"));
    assertThat(view.deletionGracePeriodSeconds()).contains(30L);
    assertThat(view.isDaemonSetPod()).isTrue();
    assertThat(view.phase()).contains(PodPhase.RUNNING);
    assertThat(view.statusCubeId()).contains("cube-k3j2h1g0");
    assertThat(view.podIp()).contains("10.9.0.17");
  }

  @Test
  void mapsEverythingAContainerAsksFor() {
    V1Pod pod = apiPod();
    pod.getSpec()
        .getContainers()
        .get(0)
        .command(List.of("/bin/sh", "-c"))
        .args(List.of("echo $(GREETING)"))
        .workingDir("/srv")
        .addEnvItem(new V1EnvVar().name("GREETING").value("hello"))
        .addEnvItem(
            envFrom(
                "PASSWORD",
                new V1EnvVarSource()
                    .secretKeyRef(
                        new V1SecretKeySelector().name("db").key("password").optional(true))))
        .addEnvItem(
            envFrom(
                "MODE",
                new V1EnvVarSource()
                    .configMapKeyRef(new V1ConfigMapKeySelector().name("settings").key("mode"))))
        .addEnvItem(
            envFrom(
                "POD_IP",
                new V1EnvVarSource()
                    .fieldRef(new V1ObjectFieldSelector().fieldPath("status.podIP"))))
        .addEnvItem(
            envFrom(
                "MEM",
                new V1EnvVarSource()
                    .resourceFieldRef(
                        new V1ResourceFieldSelector()
                            .resource("limits.memory")
                            .divisor(new Quantity("1Mi")))))
        .addEnvFromItem(
            new V1EnvFromSource()
                .prefix("CFG_")
                .configMapRef(new V1ConfigMapEnvSource().name("settings")))
        .addPortsItem(
            new V1ContainerPort().name("http").containerPort(80).hostPort(8080).protocol("TCP"))
        .addVolumeMountsItem(
            new V1VolumeMount().name("data").mountPath("/data").readOnly(true).subPath("logs"))
        .resources(
            new V1ResourceRequirements()
                .putRequestsItem("cpu", new Quantity("500m"))
                .putRequestsItem("memory", new Quantity("2048Mi"))
                .putLimitsItem("cpu", new Quantity("1")))
        .securityContext(new V1SecurityContext().privileged(true))
        .readinessProbe(new V1Probe().tcpSocket(new V1TCPSocketAction().port(new IntOrString(80))))
        .lifecycle(
            new V1Lifecycle()
                .preStop(new V1LifecycleHandler().sleep(new V1SleepAction().seconds(5L))));

    ContainerView web = PodViewMapper.toPodView(pod).containers().get(0);

    assertThat(web.command()).containsExactly("/bin/sh", "-c");
    assertThat(web.args()).containsExactly("echo $(GREETING)");
    assertThat(web.workingDir()).contains("/srv");
    assertThat(web.env())
        .containsExactly(
            EnvVar.of("GREETING", "hello"),
            EnvVar.from("PASSWORD", new EnvVarSource.SecretKey("db", "password", true)),
            EnvVar.from("MODE", new EnvVarSource.ConfigMapKey("settings", "mode", false)),
            EnvVar.from("POD_IP", new FieldRef("status.podIP")),
            EnvVar.from(
                "MEM",
                new ResourceFieldRef(Optional.empty(), "limits.memory", Optional.of("1Mi"))));
    assertThat(web.envFrom())
        .containsExactly(new EnvFromSource.ConfigMapEnv("settings", "CFG_", false));
    assertThat(web.ports())
        .containsExactly(new ContainerPort(Optional.of("http"), 80, Optional.of(8080), "TCP"));
    assertThat(web.volumeMounts())
        .containsExactly(new VolumeMount("data", "/data", true, Optional.of("logs")));
    assertThat(web.resources().requests())
        .containsEntry("cpu", "500m")
        .containsEntry("memory", "2Gi");
    assertThat(web.resources().limits()).containsEntry("cpu", "1");
    assertThat(web.privileged()).contains(true);
    assertThat(web.probes()).containsExactly("readinessProbe");
    assertThat(web.lifecycleHooks()).containsExactly("preStop");
  }

  @Test
  void namesEveryVolumeKindSoUnsupportedOnesCanBeReported() {
    V1Pod pod = apiPod();
    pod.getSpec()
        .addVolumesItem(
            new V1Volume().name("scratch").emptyDir(new V1EmptyDirVolumeSource().medium("Memory")))
        .addVolumesItem(
            new V1Volume().name("logs").hostPath(new V1HostPathVolumeSource().path("/var/log")))
        .addVolumesItem(
            new V1Volume().name("driver").csi(new V1CSIVolumeSource().driver("x.csi.io")))
        .addVolumesItem(
            new V1Volume()
                .name("block")
                .iscsi(new V1ISCSIVolumeSource().iqn("iqn").lun(0).targetPortal("1.2.3.4")))
        .addVolumesItem(
            new V1Volume()
                .name("claim")
                .persistentVolumeClaim(
                    new V1PersistentVolumeClaimVolumeSource()
                        .claimName("logdisk-claim")
                        .readOnly(true)))
        .addVolumesItem(
            new V1Volume()
                .name("share")
                .nfs(new V1NFSVolumeSource().server("10.9.1.20").path("/exports")))
        .addVolumesItem(new V1Volume().name("nothing"));

    PodView view = PodViewMapper.toPodView(pod);
    assertThat(view.volumes())
        .extracting(v -> v.source().kind())
        .containsExactly(
            "emptyDir", "hostPath", "csi", "iscsi", "persistentVolumeClaim", "nfs", "");
    assertThat(view.volumes().get(0).source())
        .isEqualTo(new VolumeSource.EmptyDir(Optional.of("Memory"), Optional.empty()));
    assertThat(view.volumes().get(4).source())
        .isEqualTo(new VolumeSource.PersistentVolumeClaim("logdisk-claim", true));
  }

  @Test
  void mapsTheInjectedServiceAccountVolumeSourceBySource() {
    V1Pod pod = apiPod();
    pod.getSpec()
        .addVolumesItem(
            new V1Volume()
                .name("kube-api-access-x7k2p")
                .projected(
                    new V1ProjectedVolumeSource()
                        .defaultMode(420)
                        .addSourcesItem(
                            new V1VolumeProjection()
                                .serviceAccountToken(
                                    new V1ServiceAccountTokenProjection()
                                        .expirationSeconds(3607L)
                                        .path("token")))
                        .addSourcesItem(
                            new V1VolumeProjection()
                                .configMap(
                                    new V1ConfigMapProjection()
                                        .name("kube-root-ca.crt")
                                        .addItemsItem(
                                            new V1KeyToPath().key("ca.crt").path("ca.crt"))))
                        .addSourcesItem(
                            new V1VolumeProjection()
                                .downwardAPI(
                                    new V1DownwardAPIProjection()
                                        .addItemsItem(
                                            new V1DownwardAPIVolumeFile()
                                                .path("namespace")
                                                .fieldRef(
                                                    new V1ObjectFieldSelector()
                                                        .apiVersion("v1")
                                                        .fieldPath("metadata.namespace")))))));

    VolumeSource.Projected projected =
        (VolumeSource.Projected) PodViewMapper.toPodView(pod).volumes().get(0).source();
    assertThat(projected.isServiceAccountAccess()).isTrue();
    assertThat(projected.defaultMode()).contains(420);
    assertThat(projected.sources())
        .containsExactly(
            new ProjectionSource.ServiceAccountToken(Optional.empty(), 3607, "token"),
            new ProjectionSource.ConfigMapItems(
                "kube-root-ca.crt", List.of(KeyToPath.of("ca.crt", "ca.crt")), false),
            new ProjectionSource.DownwardApiItems(
                List.of(
                    new DownwardApiFile(
                        "namespace", new FieldRef("metadata.namespace"), Optional.empty()))));
  }

  @Test
  void aPodWithoutItsIdentityIsRefusedNamingTheField() {
    V1Pod noUid = apiPod();
    noUid.getMetadata().uid(null);
    assertThatThrownBy(() -> PodViewMapper.toPodView(noUid))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata.uid");
  }

  @Test
  void sparsePodsMapWithKubernetesDefaults() {
    PodView view = PodViewMapper.toPodView(apiPod());
    assertThat(view.restartPolicy()).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(view.phase()).isEmpty();
    assertThat(view.containers().get(0).resources().requests()).isEqualTo(Map.of());
    assertThat(view.enableServiceLinks()).isTrue();
    assertThat(view.isDaemonSetPod()).isFalse();
    assertThat(view.statusCubeId()).isEmpty();
    assertThat(view.podIp()).isEmpty();
  }
}
