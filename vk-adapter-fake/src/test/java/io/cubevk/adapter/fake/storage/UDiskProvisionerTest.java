package io.cubevk.adapter.fake.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.KubeApiServer;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.DeleteOptions;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.cloud.FakeCubeCloud;
import io.cubevk.adapter.fake.cloud.TestCubes;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's UDisk storage over the in-process API server's store and the fake cloud: what a
 * user of the seed's StorageClass/PVC examples sees happen to claims, volumes and disks.
 */
class UDiskProvisionerTest {

  private KubeApiServer server;
  private FakeCubeCloud cloud;
  private UDiskProvisioner provisioner;

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().https(false).build();
    cloud = FakeCubeCloud.builder().createDelay(Duration.ZERO).seed(5).build();
    provisioner = UDiskProvisioner.install(server, cloud);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    cloud.close();
  }

  @Test
  void anImmediateClaimGetsANewDiskAndIsBoundToItsVolumeBothWays() {
    storageClass("ssd-csi-udisk", "Immediate", "Delete", "ssd", "ext4");

    claim("logdisk-claim", "ssd-csi-udisk", "20Gi");

    eventually().until(() -> phase(claim("logdisk-claim")).equals("Bound"));
    JsonNode claim = claim("logdisk-claim");
    String pvName = claim.at("/spec/volumeName").asText();
    assertThat(pvName).isEqualTo("pvc-" + claim.at("/metadata/uid").asText());
    JsonNode pv = volume(pvName);
    assertThat(phase(pv)).isEqualTo("Bound");
    assertThat(pv.at("/spec/claimRef/name").asText()).isEqualTo("logdisk-claim");
    assertThat(pv.at("/spec/claimRef/uid").asText()).isEqualTo(claim.at("/metadata/uid").asText());
    assertThat(pv.at("/spec/csi/driver").asText()).isEqualTo(UDiskProvisioner.DRIVER);
    assertThat(pv.at("/spec/csi/fsType").asText()).isEqualTo("ext4");
    assertThat(pv.at("/spec/csi/volumeAttributes/type").asText()).isEqualTo("ssd");
    assertThat(pv.at("/spec/persistentVolumeReclaimPolicy").asText()).isEqualTo("Delete");
    assertThat(pv.at("/spec/capacity/storage").asText()).isEqualTo("20Gi");
    String disk = pv.at("/spec/csi/volumeHandle").asText();
    assertThat(disk).startsWith("bsm-");
    assertThat(cloud.diskInventory().exists(disk)).isTrue();
    assertThat(claim.at("/status/capacity/storage").asText()).isEqualTo("20Gi");
    assertThat(provisioner.provisioned()).isEqualTo(1);
  }

  @Test
  void aWaitForFirstConsumerClaimWaitsUntilAPodUsingItIsPlacedOnANode() {
    storageClass("wffc", "WaitForFirstConsumer", "Delete", "ssd", "ext4");
    claim("data", "wffc", "10Gi");
    pod("unplaced", "data", null);

    eventually().until(() -> hasEvent("data", "WaitForFirstConsumer"));
    assertThat(phase(claim("data"))).isEqualTo("Pending");
    assertThat(cloud.diskInventory().ids()).isEmpty();

    pod("placed", "data", "uk8s-test-vk-aaaaa");

    eventually().until(() -> phase(claim("data")).equals("Bound"));
    assertThat(
            claim("data").at("/metadata/annotations").path(UDiskProvisioner.SELECTED_NODE).asText())
        .isEqualTo("uk8s-test-vk-aaaaa");
    assertThat(cloud.diskInventory().ids()).hasSize(1);
  }

  @Test
  void aStaticVolumeIsBoundToTheSmallestMatchingClaimAndItsDiskBecomesKnown() {
    staticVolume("big", "manual", "100Gi", "bsm-static-big");
    staticVolume("small", "manual", "20Gi", "bsm-static-small");
    staticVolume("other-class", "else", "20Gi", "bsm-static-other");

    claim("wants-10", "manual", "10Gi");

    eventually().until(() -> phase(claim("wants-10")).equals("Bound"));
    assertThat(claim("wants-10").at("/spec/volumeName").asText()).isEqualTo("small");
    assertThat(phase(volume("small"))).isEqualTo("Bound");
    assertThat(phase(volume("big"))).isEqualTo("Available");
    assertThat(cloud.diskInventory().exists("bsm-static-small")).isTrue();
    assertThat(provisioner.provisioned()).isZero();
  }

  @Test
  void aClaimPreBoundToAVolumeByNameGetsThatVolume() {
    staticVolume("chosen", "", "50Gi", "bsm-chosen");
    staticVolume("smaller", "", "20Gi", "bsm-smaller");

    server.create(
        "{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'named'},"
                .replace('\'', '"')
            + "\"spec\":{\"storageClassName\":\"\",\"volumeName\":\"chosen\","
            + "\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":"
            + "{\"storage\":\"1Gi\"}}}}");

    eventually().until(() -> phase(claim("named")).equals("Bound"));
    assertThat(volume("chosen").at("/spec/claimRef/name").asText()).isEqualTo("named");
    assertThat(phase(volume("smaller"))).isEqualTo("Available");
  }

  @Test
  void deletingAClaimOfADeleteClassDeletesItsVolumeAndItsDisk() {
    storageClass("ssd", "Immediate", "Delete", "ssd", "ext4");
    claim("scratch", "ssd", "20Gi");
    eventually().until(() -> phase(claim("scratch")).equals("Bound"));
    String pvName = claim("scratch").at("/spec/volumeName").asText();
    String disk = volume(pvName).at("/spec/csi/volumeHandle").asText();

    deleteClaim("scratch");

    eventually().until(() -> findVolume(pvName).isEmpty());
    assertThat(findClaim("scratch")).isEmpty();
    assertThat(cloud.diskInventory().exists(disk)).isFalse();
  }

  @Test
  void deletingAClaimOfARetainClassKeepsItsVolumeReleasedAndItsDisk() {
    storageClass("keep", "Immediate", "Retain", "ssd", "ext4");
    claim("precious", "keep", "20Gi");
    eventually().until(() -> phase(claim("precious")).equals("Bound"));
    String pvName = claim("precious").at("/spec/volumeName").asText();
    String disk = volume(pvName).at("/spec/csi/volumeHandle").asText();

    deleteClaim("precious");

    eventually().until(() -> phase(volume(pvName)).equals("Released"));
    assertThat(findClaim("precious")).isEmpty();
    assertThat(cloud.diskInventory().exists(disk)).isTrue();
    // A released volume is not handed to the next claim: its data belongs to the old one.
    claim("next", "keep", "20Gi");
    eventually().until(() -> phase(claim("next")).equals("Bound"));
    assertThat(claim("next").at("/spec/volumeName").asText()).isNotEqualTo(pvName);
  }

  @Test
  void aClaimInUseByAPodIsKeptUntilThePodIsGone() {
    storageClass("ssd", "Immediate", "Delete", "ssd", "ext4");
    claim("used", "ssd", "20Gi");
    pod("user", "used", null);
    eventually().until(() -> phase(claim("used")).equals("Bound"));

    deleteClaim("used");

    eventually()
        .until(
            () ->
                findClaim("used")
                    .map(c -> c.at("/metadata").has("deletionTimestamp"))
                    .orElse(false));
    assertThat(findClaim("used")).isPresent();
    server.store().delete(type("", "pods"), "default", "user", DeleteOptions.now());
    eventually().until(() -> findClaim("used").isEmpty());
  }

  @Test
  void aDiskStillHeldByACubeIsDeletedOnlyOnceTheCubeIsGone() {
    storageClass("ssd", "Immediate", "Delete", "ssd", "ext4");
    claim("held", "ssd", "20Gi");
    eventually().until(() -> phase(claim("held")).equals("Bound"));
    String pvName = claim("held").at("/spec/volumeName").asText();
    String disk = volume(pvName).at("/spec/csi/volumeHandle").asText();
    CubeSpec mounting =
        TestCubes.cube("holder")
            .container(TestCubes.container("main").command("sleep", "3600").mount("d", "/data"))
            .volume(new CubeVolume.UDisk("d", disk, "ext4", false))
            .build();
    CubeId cube = cloud.create(mounting, CubeOptions.defaults(), TestCubes.PLACEMENT);

    deleteClaim("held");
    eventually().until(() -> hasEvent(pvName, "VolumeFailedDelete"));
    assertThat(cloud.diskInventory().exists(disk)).isTrue();
    assertThat(findVolume(pvName)).isPresent();

    cloud.delete(cube, false);

    eventually().until(() -> findVolume(pvName).isEmpty());
    assertThat(cloud.diskInventory().exists(disk)).isFalse();
  }

  @Test
  void aClaimWithoutAClassGetsTheDefaultClass() {
    server.create(
        ("{'apiVersion':'storage.k8s.io/v1','kind':'StorageClass','metadata':{'name':'standard',"
                + "'annotations':{'storageclass.kubernetes.io/is-default-class':'true'}},"
                + "'provisioner':'udisk.csi.ucloud.cn','parameters':{'type':'ssd'}}")
            .replace('\'', '"'));

    server.create(
        ("{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'plain'},"
                + "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':"
                + "{'storage':'5Gi'}}}}")
            .replace('\'', '"'));

    assertThat(claim("plain").at("/spec/storageClassName").asText()).isEqualTo("standard");
    assertThat(claim("plain").at("/metadata/finalizers/0").asText())
        .isEqualTo("kubernetes.io/pvc-protection");
    eventually().until(() -> phase(claim("plain")).equals("Bound"));
  }

  @Test
  void aClaimOfAnotherProvisionerIsLeftToThatProvisioner() {
    server.create(
        ("{'apiVersion':'storage.k8s.io/v1','kind':'StorageClass','metadata':{'name':'nfs'},"
                + "'provisioner':'nfs.csi.k8s.io'}")
            .replace('\'', '"'));

    claim("shared", "nfs", "5Gi");

    eventually().until(() -> hasEvent("shared", "ExternalProvisioning"));
    assertThat(phase(claim("shared"))).isEqualTo("Pending");
    assertThat(cloud.diskInventory().ids()).isEmpty();
  }

  // ---------------------------------------------------------------- fixtures

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(10));
  }

  private void storageClass(
      String name, String bindingMode, String reclaim, String diskType, String fsType) {
    server.create(
        ("{'apiVersion':'storage.k8s.io/v1','kind':'StorageClass','metadata':{'name':'"
                + name
                + "'},'provisioner':'udisk.csi.ucloud.cn','parameters':{'type':'"
                + diskType
                + "','fsType':'"
                + fsType
                + "'},'reclaimPolicy':'"
                + reclaim
                + "','volumeBindingMode':'"
                + bindingMode
                + "','allowVolumeExpansion':true}")
            .replace('\'', '"'));
  }

  private void claim(String name, String className, String size) {
    server.create(
        ("{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'"
                + name
                + "'},'spec':{'accessModes':['ReadWriteOnce'],'storageClassName':'"
                + className
                + "','resources':{'requests':{'storage':'"
                + size
                + "'}}}}")
            .replace('\'', '"'));
  }

  private void staticVolume(String name, String className, String size, String disk) {
    server.create(
        ("{'apiVersion':'v1','kind':'PersistentVolume','metadata':{'name':'"
                + name
                + "'},'spec':{'accessModes':['ReadWriteOnce'],'storageClassName':'"
                + className
                + "','capacity':{'storage':'"
                + size
                + "'},'csi':{'driver':'udisk.csi.ucloud.cn','volumeHandle':'"
                + disk
                + "','fsType':'ext4'}}}")
            .replace('\'', '"'));
  }

  private void pod(String name, String claim, String nodeName) {
    server.create(
        ("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'"
                + name
                + "'},'spec':{"
                + (nodeName == null ? "" : "'nodeName':'" + nodeName + "',")
                + "'automountServiceAccountToken':false,"
                + "'containers':[{'name':'c','image':'nginx','volumeMounts':[{'name':'d',"
                + "'mountPath':'/data'}]}],'volumes':[{'name':'d','persistentVolumeClaim':"
                + "{'claimName':'"
                + claim
                + "'}}]}}")
            .replace('\'', '"'));
  }

  private JsonNode claim(String name) {
    return findClaim(name).orElseThrow();
  }

  private Optional<ObjectNode> findClaim(String name) {
    return server.store().find(type("", "persistentvolumeclaims"), "default", name);
  }

  private JsonNode volume(String name) {
    return findVolume(name).orElseThrow();
  }

  private Optional<ObjectNode> findVolume(String name) {
    return server.store().find(type("", "persistentvolumes"), "", name);
  }

  private void deleteClaim(String name) {
    try {
      server
          .store()
          .delete(type("", "persistentvolumeclaims"), "default", name, DeleteOptions.defaults());
    } catch (ApiException e) {
      throw new AssertionError("deleting claim " + name + ": " + e.getMessage(), e);
    }
  }

  private boolean hasEvent(String about, String reason) {
    return !server
        .store()
        .list(
            type("", "events"),
            null,
            e ->
                e.at("/involvedObject/name").asText().equals(about)
                    && e.path("reason").asText().equals(reason))
        .isEmpty();
  }

  private ResourceType type(String group, String plural) {
    return server.store().resources().require(group, plural);
  }

  private static String phase(JsonNode object) {
    return object.path("status").path("phase").asText("");
  }
}
