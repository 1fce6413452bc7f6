package io.cubevk.adapter.fake.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.ChargeType;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.EipChargeType;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.EipPayMode;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeExtendInfo;
import io.cubevk.ports.out.cloud.ElasticIp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ElasticIpsAndDisksTest {

  private final ManualClock clock = ManualClock.atDefaultStart();
  private final FakeCubeCloud cloud =
      FakeCubeCloud.builder().clock(clock).createDelay(Duration.ZERO).build();

  @AfterEach
  void close() {
    cloud.close();
  }

  @Test
  void eipsComeFromTheDocumentationRangesAndAnEipBindsToOneCubeAtATime() {
    CubeId a = create(TestCubes.script("a", "sleep 1"));
    CubeId b = create(TestCubes.script("b", "sleep 1"));
    ElasticIp eip = cloud.allocate(eip(EipPayMode.BANDWIDTH, 5));

    cloud.bind(eip.id(), a);
    cloud.bind(eip.id(), a); // binding again to the same Cube changes nothing

    assertThat(eip.address()).matches("(198\\.51\\.100|203\\.0\\.113)\\.\\d+");
    assertThatThrownBy(() -> cloud.bind(eip.id(), b))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("is bound to " + a);
    assertThatThrownBy(() -> cloud.release(eip.id())).hasMessageContaining("unbind it first");
    assertThatThrownBy(() -> cloud.unbind(eip.id(), b)).hasMessageContaining("not to " + b);
  }

  @Test
  void aSharedBandwidthEipNeedsItsPackageAndZeroBandwidth() {
    EipOptions shared =
        new EipOptions.Builder()
            .payMode(EipPayMode.SHARE_BANDWIDTH)
            .shareBandwidthId("bwshare-1")
            .bandwidth(0)
            .chargeType(EipChargeType.DYNAMIC)
            .quantity(1)
            .releaseOnDelete(false)
            .build();

    assertThat(cloud.allocate(shared).id()).startsWith("eip-");
    assertThatThrownBy(() -> cloud.allocate(eip(EipPayMode.SHARE_BANDWIDTH, 5)))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("ShareBandwidthId");
    assertThat(cloud.api().eips()).filteredOn(e -> e.shareBandwidthId().isPresent()).hasSize(1);
  }

  @Test
  void theEipQuotaRefusesAllocationsBeyondIt() {
    cloud.faults().limitEips(1);
    cloud.allocate(eip(EipPayMode.TRAFFIC, 1));

    assertThatThrownBy(() -> cloud.allocate(eip(EipPayMode.TRAFFIC, 1)))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("at most 1 EIPs");
  }

  @Test
  void extendInfoTellsTheExpiryOfAPrepaidCube() {
    CubeId monthly =
        cloud.create(
            TestCubes.script("monthly", "sleep 1"),
            new CubeOptions.Builder().chargeType(ChargeType.MONTH).quantity(0).build(),
            TestCubes.PLACEMENT);
    CubeId postpaid = create(TestCubes.script("postpaid", "sleep 1"));

    List<CubeExtendInfo> info =
        cloud.extendInfo(List.of(monthly, postpaid, CubeId.of("cube-gone0000")));

    assertThat(info).extracting(CubeExtendInfo::cubeId).containsExactly(monthly, postpaid);
    assertThat(info.get(0).expiration()).contains(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(info.get(1).expiration()).isEmpty();
  }

  @Test
  void grantedFirewallsAreRecordedPerCube() {
    CubeId id = create(TestCubes.script("guarded", "sleep 1"));

    cloud.grantFirewall("firewall-abc", id);

    assertThat(cloud.api().firewallsOf(id)).containsExactly("firewall-abc");
    assertThatThrownBy(() -> cloud.grantFirewall("firewall-abc", CubeId.of("cube-gone0000")))
        .isInstanceOf(CloudFailure.NotFound.class);
  }

  @Test
  void aDiskAttachesToTheCubeThatMountsItAndIsFreedWhenTheCubeGoes() {
    DiskInventory disks = cloud.diskInventory();
    String disk = disks.create();
    CubeId first = create(mounting("first", disk));

    assertThat(disk).matches("bsm-[a-z0-9]{8}");
    assertThat(disks.attachedTo(disk)).contains(first);
    assertThatThrownBy(() -> create(mounting("second", disk)))
        .isInstanceOf(CloudFailure.Rejected.class)
        .hasMessageContaining("is attached to " + first);
    cloud.delete(first, false);
    assertThat(disks.attachedTo(disk)).isEmpty();
    assertThat(create(mounting("second", disk))).isNotNull();
  }

  @Test
  void renewingWithAnotherDiskSwapsTheAttachments() {
    DiskInventory disks = cloud.diskInventory();
    String before = disks.create();
    disks.register("bsm-static01");
    CubeSpec spec = mounting("swap", before);
    CubeId id = create(spec);

    cloud.renew(
        id,
        TestCubes.cube("swap")
            .uid(spec.podUid())
            .container(TestCubes.container("main").command("sleep", "3600").mount("data", "/data"))
            .volume(new CubeVolume.UDisk("data", "bsm-static01", "ext4", false))
            .build());

    assertThat(disks.attachedTo(before)).isEmpty();
    assertThat(disks.attachedTo("bsm-static01")).contains(id);
  }

  @Test
  void theDisksPortDeletesAnAttachedDiskButTheApiRefusesUntilItIsDetached() {
    DiskInventory disks = cloud.diskInventory();
    String viaApi = disks.create();
    String viaPort = disks.create();
    CubeId a = create(mounting("a", viaApi));
    create(mounting("b", viaPort));

    assertThatThrownBy(() -> cloud.api().deleteDisk(viaApi))
        .isInstanceOf(ApiError.class)
        .hasMessageContaining("detach it first");
    cloud.api().detachDisk(viaApi, a);
    cloud.api().deleteDisk(viaApi);
    cloud.delete(viaPort);

    assertThat(disks.ids()).doesNotContain(viaApi, viaPort);
  }

  private CubeId create(CubeSpec spec) {
    return cloud.create(spec, CubeOptions.defaults(), TestCubes.PLACEMENT);
  }

  private static CubeSpec mounting(String name, String disk) {
    return TestCubes.cube(name)
        .container(TestCubes.container("main").command("sleep", "3600").mount("data", "/data"))
        .volume(new CubeVolume.UDisk("data", disk, "ext4", false))
        .build();
  }

  private static EipOptions eip(EipPayMode mode, int bandwidth) {
    return new EipOptions.Builder()
        .payMode(mode)
        .bandwidth(bandwidth)
        .chargeType(EipChargeType.DYNAMIC)
        .quantity(1)
        .releaseOnDelete(true)
        .shareBandwidthId(Optional.empty())
        .build();
  }
}
