package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.EipChargeType;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.EipPayMode;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.ElasticIp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UNet's EIP actions and the UDisk deletion flow. */
class ElasticIpsAndDisksTest {

  private static final CubeId CUBE = CubeId.of("cube-1");

  private final MockUCloud ucloud = new MockUCloud();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  private static EipOptions.Builder eip() {
    return new EipOptions.Builder()
        .payMode(EipPayMode.BANDWIDTH)
        .bandwidth(2)
        .chargeType(EipChargeType.DYNAMIC)
        .quantity(1)
        .releaseOnDelete(true);
  }

  @Test
  void allocateSendsTheBillingWordsAndReadsTheNewEip() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"AllocateEIPResponse\",\"EIPSet\":[{\"EIPId\":\"eip-abc\","
            + "\"EIPAddr\":[{\"OperatorName\":\"Bgp\",\"IP\":\"106.75.1.2\"}]}]}");

    ElasticIp allocated = ucloud.cloud().allocate(eip().build());

    Map<String, String> form = ucloud.takeForm();
    assertThat(form)
        .containsEntry("Action", "AllocateEIP")
        .containsEntry("OperatorName", "Bgp")
        .containsEntry("Bandwidth", "2")
        .containsEntry("PayMode", "Bandwidth")
        .containsEntry("ChargeType", "Dynamic")
        .containsEntry("Quantity", "1")
        .doesNotContainKeys("ShareBandwidthId", "Zone");
    assertThat(allocated).isEqualTo(new ElasticIp("eip-abc", "106.75.1.2"));
  }

  @Test
  void allocateOnASharedBandwidthSendsItsId() {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"AllocateEIPResponse\",\"EIPSet\":[{\"EIPId\":\"eip-1\"}]}");

    ucloud
        .cloud()
        .allocate(
            new EipOptions.Builder()
                .payMode(EipPayMode.SHARE_BANDWIDTH)
                .bandwidth(0)
                .shareBandwidthId("bwshare-1")
                .chargeType(EipChargeType.MONTH)
                .quantity(1)
                .releaseOnDelete(false)
                .build());

    assertThat(ucloud.takeForm())
        .containsEntry("PayMode", "ShareBandwidth")
        .containsEntry("ChargeType", "Month")
        .containsEntry("Bandwidth", "0")
        .containsEntry("ShareBandwidthId", "bwshare-1");
  }

  @Test
  void anAllocationAnsweredWithoutEipIdIsOutcomeUnknown() {
    ucloud.answer("{\"RetCode\":0,\"Action\":\"AllocateEIPResponse\",\"EIPSet\":[]}");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.allocate(eip().build()))
        .isInstanceOf(CloudFailure.OutcomeUnknown.class)
        .hasMessageContaining("EIPSet[0].EIPId");
  }

  @Test
  void bindAndUnbindNameTheCubeAsResourceOfTypeCube() {
    ucloud.answerOk("BindEIP");
    ucloud.answerOk("UnBindEIP");
    UCloudCubeCloud cloud = ucloud.cloud();

    cloud.bind("eip-1", CUBE);
    cloud.unbind("eip-1", CUBE);

    assertThat(ucloud.takeForm())
        .containsEntry("Action", "BindEIP")
        .containsEntry("EIPId", "eip-1")
        .containsEntry("ResourceType", "cube")
        .containsEntry("ResourceId", "cube-1");
    assertThat(ucloud.takeForm())
        .containsEntry("Action", "UnBindEIP")
        .containsEntry("ResourceType", "cube")
        .containsEntry("ResourceId", "cube-1");
  }

  @Test
  void releaseOfAnEipThatIsGoneIsNotFound() {
    ucloud.answerRetCode("ReleaseEIP", 8404, "eip not found");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.release("eip-1"))
        .isInstanceOf(CloudFailure.NotFound.class)
        .hasMessageStartingWith("ReleaseEIP EIPId=eip-1: not found");
  }

  @Test
  void grantFirewallPutsTheCubeBehindTheFirewall() {
    ucloud.answerOk("GrantFirewall");

    ucloud.cloud().grantFirewall("firewall-1", CUBE);

    assertThat(ucloud.takeForm())
        .containsEntry("Action", "GrantFirewall")
        .containsEntry("FWId", "firewall-1")
        .containsEntry("ResourceType", "cube")
        .containsEntry("ResourceId", "cube-1");
  }

  private void disk(String status, String cube) {
    ucloud.answer(
        "{\"RetCode\":0,\"Action\":\"DescribeUDiskResponse\",\"DataSet\":[{\"UDiskId\":\"bsm-1\","
            + "\"Status\":\""
            + status
            + "\""
            + (cube == null ? "" : ",\"UHostId\":\"" + cube + "\"")
            + "}]}");
  }

  @Test
  void deletesAnAttachedDiskAfterDetachingItFromItsCubeAndWaitingForTheDetach() {
    disk("InUse", "cube-1");
    ucloud.answerOk("DetachUDisk");
    disk("Detaching", "cube-1");
    disk("Available", null);
    ucloud.answerOk("DeleteUDisk");

    ucloud.cloud().delete("bsm-1");

    assertThat(ucloud.takeForm())
        .containsEntry("Action", "DescribeUDisk")
        .containsEntry("UDiskId", "bsm-1")
        .containsEntry("Zone", MockUCloud.ZONE);
    assertThat(ucloud.takeForm())
        .containsEntry("Action", "DetachUDisk")
        .containsEntry("UDiskId", "bsm-1")
        .containsEntry("UHostId", "cube-1")
        .containsEntry("Zone", MockUCloud.ZONE);
    assertThat(ucloud.takeForm()).containsEntry("Action", "DescribeUDisk");
    assertThat(ucloud.takeForm()).containsEntry("Action", "DescribeUDisk");
    assertThat(ucloud.takeForm())
        .containsEntry("Action", "DeleteUDisk")
        .containsEntry("UDiskId", "bsm-1")
        .containsEntry("Zone", MockUCloud.ZONE);
    assertThat(ucloud.time.sleeps()).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void deletesADetachedDiskAtOnce() {
    disk("Available", null);
    ucloud.answerOk("DeleteUDisk");

    ucloud.cloud().delete("bsm-1");

    assertThat(ucloud.requestCount()).isEqualTo(2);
    ucloud.takeForm();
    assertThat(ucloud.takeForm()).containsEntry("Action", "DeleteUDisk");
  }

  @Test
  void deletingAMissingDiskIsNotFound() {
    ucloud.answer("{\"RetCode\":0,\"Action\":\"DescribeUDiskResponse\",\"DataSet\":[]}");
    UCloudCubeCloud cloud = ucloud.cloud();

    assertThatThrownBy(() -> cloud.delete("bsm-1"))
        .isInstanceOf(CloudFailure.NotFound.class)
        .hasMessageContaining("DescribeUDisk UDiskId=bsm-1: no such disk");
  }

  @Test
  void aDiskThatNeverDetachesFailsWithinTheDeadlineWithoutDeleting() {
    disk("InUse", "cube-1");
    ucloud.answerOk("DetachUDisk");
    ucloud.answer(
        20,
        "{\"RetCode\":0,\"Action\":\"DescribeUDiskResponse\",\"DataSet\":[{\"UDiskId\":\"bsm-1\","
            + "\"Status\":\"Detaching\"}]}");
    UCloudCubeCloud cloud =
        ucloud
            .builder()
            .retryPolicy(MockUCloud.policy().withCallDeadline(Duration.ofSeconds(10)))
            .build();

    assertThatThrownBy(() -> cloud.delete("bsm-1"))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("DeleteUDisk UDiskId=bsm-1: the disk is still Detaching");
    assertThat(ucloud.time.sleeps().stream().mapToLong(Duration::toMillis).sum())
        .isLessThan(10_000);
  }
}
