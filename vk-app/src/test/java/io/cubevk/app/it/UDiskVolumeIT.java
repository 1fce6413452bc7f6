package io.cubevk.app.it;

import static io.cubevk.app.it.CubeDocuments.mountedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cubevk.adapter.fake.cloud.CloudAction;
import io.cubevk.adapter.fake.storage.UDiskProvisioner;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.decision.PodDecision;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.V1NFSVolumeSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PersistentVolumeSpec;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.kubernetes.client.util.Yaml;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * UDisk and NFS volumes end to end (issue 10), over the in-process API server with StorageClass,
 * PersistentVolumeClaim and PersistentVolume objects and the sandbox's UDisk provisioner (what the
 * {@code udisk.csi.ucloud.cn} CSI driver and the PersistentVolume controller do on UK8S), the disks
 * living in the fake cloud's inventory.
 */
class UDiskVolumeIT extends ClusterHarness {

  static final Path SEED = Path.of("..", "examples", "seed");

  @Test
  void anImmediateUDiskClaimIsProvisionedAndTheCubeMountsTheDisk() throws Exception {
    UDiskProvisioner.install(server, cloud);
    startAgent(node);
    createStorageClass("ssd", "Immediate", "Delete", Map.of("type", "ssd", "fsType", "ext4"));
    createClaim("data", "ssd");
    V1PersistentVolume volume = awaitBoundVolume("data");
    String disk = volume.getSpec().getCsi().getVolumeHandle();
    assertThat(volume.getSpec().getCsi().getDriver()).isEqualTo(UDiskProvisioner.DRIVER);
    assertThat(disk).startsWith("bsm-");
    assertThat(cloud.diskInventory().exists(disk)).isTrue();

    V1Pod created = create(onNode(mounting(nginx("db"), "data")));
    awaitPhase("db", "Running");

    assertThat(mountedAt(cubeOf(created).spec(), "nginx", "/data"))
        .contains(new CubeVolume.UDisk("data", disk, "ext4", false));
    assertThat(cloud.diskInventory().attachedTo(disk)).contains(cubeOf(created).cubeId());
    assertThat(eventsAbout("db"))
        .as("an SSD disk gets no RSSD warning")
        .noneMatch(e -> e.getMessage().contains("RSSD"));

    // Once the pod and its claim are gone, the class's Delete policy takes the disk too.
    delete("db");
    awaitGone("db");
    user.deleteNamespacedPersistentVolumeClaim("data", NAMESPACE).execute();
    await("disk deleted with its volume")
        .atMost(AT_MOST)
        .until(() -> !cloud.diskInventory().exists(disk));
  }

  @Test
  void aWaitForFirstConsumerClaimKeepsTheSeedsPodPendingUntilItIsBoundThenItRuns()
      throws Exception {
    startAgent(node);
    // The seed's example unchanged (class WaitForFirstConsumer, claim, pod selecting the node),
    // while the provisioner is not running yet: the claim cannot be bound, as when the CSI
    // provisioner is slow, so the pod's waiting is seen rather than raced.
    for (Object object :
        Yaml.loadAll(SEED.resolve("04-udisk-storageclass-pvc-pod.yaml").toFile())) {
      createObject((KubernetesObject) object);
    }

    await("the pod scheduled and waiting for its claim")
        .atMost(AT_MOST)
        .until(() -> readyCondition("nginx").filter(c -> c.getMessage() != null).isPresent());
    V1Pod waiting = pod("nginx").orElseThrow();
    assertThat(waiting.getSpec().getNodeName()).isEqualTo(node.name());
    assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
    V1PodCondition ready = readyCondition("nginx").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("ContainersNotReady");
    assertThat(ready.getMessage())
        .contains("persistentvolumeclaim \"logdisk-claim\"")
        .contains("WaitForFirstConsumer");
    assertThat(
            waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("ContainerCreating");
    await("FailedMount event")
        .atMost(AT_MOST)
        .until(
            () -> eventsAbout("nginx").stream().anyMatch(e -> "FailedMount".equals(e.getReason())));
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();

    UDiskProvisioner.install(server, cloud);

    awaitPhase("nginx", "Running");
    V1PersistentVolumeClaim claim =
        user.readNamespacedPersistentVolumeClaim("logdisk-claim", NAMESPACE).execute();
    assertThat(claim.getMetadata().getAnnotations())
        .containsEntry(UDiskProvisioner.SELECTED_NODE, node.name());
    String disk =
        user.readPersistentVolume(claim.getSpec().getVolumeName())
            .execute()
            .getSpec()
            .getCsi()
            .getVolumeHandle();
    assertThat(mountedAt(cubeOf(waiting).spec(), "http", "/data"))
        .contains(new CubeVolume.UDisk("log", disk, "ext4", false));
  }

  @Test
  void aClaimOnAnXfsVolumeFailsThePodWithTheSeedsReason() throws Exception {
    UDiskProvisioner.install(server, cloud);
    startAgent(node);
    createStorageClass("xfs", "Immediate", "Delete", Map.of("type", "ssd", "fsType", "xfs"));
    createClaim("data", "xfs");
    awaitBoundVolume("data");

    create(onNode(mounting(nginx("xfs-user"), "data")));

    awaitPhase("xfs-user", "Failed");
    V1PodStatus status = pod("xfs-user").orElseThrow().getStatus();
    assertThat(status.getReason()).isEqualTo(PodDecision.UNSUPPORTED_POD_SPEC);
    assertThat(status.getMessage())
        .contains("spec.volumes[0].persistentVolumeClaim.claimName")
        .contains("XFS file system is not supported");
    assertThat(cloud.callLog().count(CloudAction.CREATE_CUBE_POD)).isZero();
  }

  @Test
  void anRssdDiskRunsWithAWarningEventCarryingTheSeedsAdvice() throws Exception {
    UDiskProvisioner.install(server, cloud);
    startAgent(node);
    createStorageClass("rssd", "Immediate", "Delete", Map.of("type", "rssd"));
    createClaim("fast", "rssd");
    String disk = awaitBoundVolume("fast").getSpec().getCsi().getVolumeHandle();

    V1Pod created = create(onNode(mounting(nginx("fast-user"), "fast")));
    awaitPhase("fast-user", "Running");

    assertThat(mountedAt(cubeOf(created).spec(), "nginx", "/data"))
        .contains(new CubeVolume.UDisk("data", disk, "ext4", false));
    await("RSSD warning")
        .atMost(AT_MOST)
        .until(
            () ->
                eventsAbout("fast-user").stream()
                    .anyMatch(
                        e ->
                            "Warning".equals(e.getType())
                                && "CubeWarning".equals(e.getReason())
                                && e.getMessage().contains("RSSD")
                                && e.getMessage().contains("SSD or SATA")));
  }

  @Test
  void aClaimBoundToAStaticNfsVolumeBecomesAnNfsVolumeOfTheCube() throws Exception {
    UDiskProvisioner.install(server, cloud);
    startAgent(node);
    user.createPersistentVolume(
            new V1PersistentVolume()
                .metadata(new V1ObjectMeta().name("share"))
                .spec(
                    new V1PersistentVolumeSpec()
                        .capacity(Map.of("storage", new Quantity("100Gi")))
                        .accessModes(List.of("ReadWriteMany"))
                        .storageClassName("")
                        .mountOptions(List.of("nolock", "vers=4"))
                        .nfs(new V1NFSVolumeSource().server("10.9.8.7").path("/exports/share"))))
        .execute();
    user.createNamespacedPersistentVolumeClaim(
            NAMESPACE,
            new V1PersistentVolumeClaim()
                .metadata(new V1ObjectMeta().name("shared"))
                .spec(
                    new V1PersistentVolumeClaimSpec()
                        .storageClassName("")
                        .accessModes(List.of("ReadWriteMany"))
                        .resources(
                            new V1VolumeResourceRequirements()
                                .requests(Map.of("storage", new Quantity("10Gi"))))))
        .execute();
    assertThat(awaitBoundVolume("shared").getMetadata().getName()).isEqualTo("share");

    V1Pod created = create(onNode(mounting(nginx("reader"), "shared")));
    awaitPhase("reader", "Running");

    assertThat(mountedAt(cubeOf(created).spec(), "nginx", "/data"))
        .contains(
            new CubeVolume.Nfs("data", "10.9.8.7:/exports/share", Optional.of("nolock,vers=4")));
  }

  @Test
  void deletingTheNodeDeletesTheAttachedUDisksExceptThoseOfRetainedVolumes() throws Exception {
    UDiskProvisioner.install(server, cloud);
    Agent agent = startAgent(node);
    createStorageClass("scratch", "Immediate", "Delete", Map.of("type", "ssd"));
    createStorageClass("keep", "Immediate", "Retain", Map.of("type", "ssd"));
    createClaim("scratch", "scratch");
    createClaim("keep", "keep");
    String scratch = awaitBoundVolume("scratch").getSpec().getCsi().getVolumeHandle();
    V1PersistentVolume kept = awaitBoundVolume("keep");
    assertThat(kept.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
    String precious = kept.getSpec().getCsi().getVolumeHandle();
    V1Pod a = create(onNode(mounting(nginx("a"), "scratch")));
    V1Pod b = create(onNode(mounting(nginx("b"), "keep")));
    awaitPhase("a", "Running");
    awaitPhase("b", "Running");
    assertThat(cloud.diskInventory().attachedTo(scratch)).isPresent();
    assertThat(cloud.diskInventory().attachedTo(precious)).isPresent();

    user.deleteNode(node.name()).buildCall(null).execute().close(); // kubectl delete node

    await("node gone").atMost(AT_MOST).until(() -> nodeObject(node.name()).isEmpty());
    assertThat(cubesOf(uid(a))).isEmpty();
    assertThat(cubesOf(uid(b))).isEmpty();
    assertThat(cloud.diskInventory().exists(scratch))
        .as("the seed: the attached UDisk is deleted by default")
        .isFalse();
    assertThat(cloud.diskInventory().exists(precious))
        .as("a Retain volume keeps its disk")
        .isTrue();
    assertThat(cloud.diskInventory().attachedTo(precious)).isEmpty();
    assertThat(pod("a")).isEmpty();
    assertThat(pod("b")).isEmpty();
    await().atMost(AT_MOST).until(() -> !agent.serves(node.name()));
  }

  // ------------------------------------------------------------------ storage objects

  private void createStorageClass(
      String name, String bindingMode, String reclaimPolicy, Map<String, String> parameters)
      throws ApiException {
    new StorageV1Api(user.getApiClient())
        .createStorageClass(
            new V1StorageClass()
                .metadata(new V1ObjectMeta().name(name))
                .provisioner(UDiskProvisioner.DRIVER)
                .parameters(parameters)
                .reclaimPolicy(reclaimPolicy)
                .volumeBindingMode(bindingMode))
        .execute();
  }

  private void createClaim(String name, String storageClass) throws ApiException {
    user.createNamespacedPersistentVolumeClaim(
            NAMESPACE,
            new V1PersistentVolumeClaim()
                .metadata(new V1ObjectMeta().name(name))
                .spec(
                    new V1PersistentVolumeClaimSpec()
                        .storageClassName(storageClass)
                        .accessModes(List.of("ReadWriteOnce"))
                        .resources(
                            new V1VolumeResourceRequirements()
                                .requests(Map.of("storage", new Quantity("20Gi"))))))
        .execute();
  }

  /** Waits for the claim to be Bound and returns its volume. */
  private V1PersistentVolume awaitBoundVolume(String claim) throws ApiException {
    await("claim " + claim + " bound")
        .atMost(AT_MOST)
        .until(
            () -> {
              V1PersistentVolumeClaim c =
                  user.readNamespacedPersistentVolumeClaim(claim, NAMESPACE).execute();
              return c.getStatus() != null && "Bound".equals(c.getStatus().getPhase());
            });
    String volume =
        user.readNamespacedPersistentVolumeClaim(claim, NAMESPACE)
            .execute()
            .getSpec()
            .getVolumeName();
    return user.readPersistentVolume(volume).execute();
  }

  private void createObject(KubernetesObject object) throws ApiException {
    if (object instanceof V1StorageClass storageClass) {
      new StorageV1Api(user.getApiClient()).createStorageClass(storageClass).execute();
    } else if (object instanceof V1PersistentVolumeClaim claim) {
      user.createNamespacedPersistentVolumeClaim(NAMESPACE, claim).execute();
    } else if (object instanceof V1Pod pod) {
      create(pod);
    } else {
      throw new AssertionError("unexpected kind in the seed's example: " + object.getKind());
    }
  }

  private Optional<V1PodCondition> readyCondition(String pod) {
    return pod(pod)
        .map(V1Pod::getStatus)
        .map(V1PodStatus::getConditions)
        .flatMap(cs -> cs.stream().filter(c -> "Ready".equals(c.getType())).findFirst());
  }

  /** The claim mounted at {@code /data} as volume {@code data}. */
  private static V1Pod mounting(V1Pod pod, String claim) {
    pod.getSpec()
        .addVolumesItem(
            new V1Volume()
                .name("data")
                .persistentVolumeClaim(new V1PersistentVolumeClaimVolumeSource().claimName(claim)));
    pod.getSpec()
        .getContainers()
        .get(0)
        .addVolumeMountsItem(new V1VolumeMount().name("data").mountPath("/data"));
    return pod;
  }
}
