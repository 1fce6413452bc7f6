package io.cubevk.adapter.ucloud;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.ports.out.cloud.CloudFailure;
import io.cubevk.ports.out.cloud.CubeExtendInfo;
import io.cubevk.ports.out.cloud.ElasticIp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** GetCubeExtendInfo's and AllocateEIP's answers as port values. */
final class ExtendInfoMapper {

  private ExtendInfoMapper() {}

  static List<CubeExtendInfo> extendInfo(UCloudWire.ExtendInfoList answer) {
    List<CubeExtendInfo> result = new ArrayList<>();
    List<UCloudWire.ExtendInfo> infos = nullToEmpty(answer.extendInfo());
    for (int i = 0; i < infos.size(); i++) {
      UCloudWire.ExtendInfo info = infos.get(i);
      if (info.cubeId() == null || info.cubeId().isBlank()) {
        throw new CloudFailure.Unavailable(
            "GetCubeExtendInfo ExtendInfo[" + i + "].CubeId is missing; accepted is a cube id");
      }
      List<ElasticIp> eips = new ArrayList<>();
      for (UCloudWire.Eip eip : nullToEmpty(info.eip())) {
        eips.add(new ElasticIp(eip.eipId(), firstAddress(eip.eipAddr())));
      }
      result.add(
          new CubeExtendInfo(
              CubeId.of(info.cubeId()),
              info.name() == null ? "" : info.name(),
              info.tag() == null ? "" : info.tag(),
              expiration(info.expiration()),
              eips));
    }
    return result;
  }

  static ElasticIp allocated(UCloudWire.AllocatedEips answer) {
    List<UCloudWire.AllocatedEip> set = nullToEmpty(answer.eipSet());
    if (set.isEmpty() || set.get(0).eipId() == null || set.get(0).eipId().isBlank()) {
      // RetCode 0 means an EIP was allocated (and is billed) but its id is unknown.
      throw new CloudFailure.OutcomeUnknown(
          "AllocateEIP answered RetCode 0 without EIPSet[0].EIPId; an EIP may have been"
              + " allocated, look for it in the UNet console before allocating again",
          null);
    }
    return new ElasticIp(set.get(0).eipId(), firstAddress(set.get(0).eipAddr()));
  }

  private static Optional<Instant> expiration(Long unixSeconds) {
    if (unixSeconds == null || unixSeconds == CubeApiAssumptions.NO_EXPIRATION) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(unixSeconds));
  }

  private static String firstAddress(List<UCloudWire.EipAddr> addresses) {
    return nullToEmpty(addresses).stream()
        .map(UCloudWire.EipAddr::ip)
        .filter(ip -> ip != null && !ip.isBlank())
        .findFirst()
        .orElse("");
  }

  static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
