package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.ports.out.cloud.CloudFailure;
import org.junit.jupiter.api.Test;

class CubeMapperTest {

  @Test
  void aDocumentListedAgainUnchangedIsNotParsedAgain() {
    String payload = CubeMapper.encode(Cubes.nginx("pod-uid-1"));

    CubeDocument first = CubeMapper.decode(payload, "ListCubePod Pods[0]");
    CubeDocument again = CubeMapper.decode(payload, "ListCubePod Pods[0]");

    assertThat(again).isSameAs(first);
    assertThat(first.spec()).isEqualTo(Cubes.nginx("pod-uid-1"));
  }

  @Test
  void aBadPayloadIsStillReportedEveryTimeNeverRemembered() {
    assertThatThrownBy(() -> CubeMapper.decode("not base64!", "GetCubePod Pod"))
        .isInstanceOf(CloudFailure.Unavailable.class)
        .hasMessageContaining("GetCubePod Pod is not base64");
    assertThatThrownBy(() -> CubeMapper.decode("not base64!", "GetCubePod Pod"))
        .isInstanceOf(CloudFailure.Unavailable.class);
  }
}
