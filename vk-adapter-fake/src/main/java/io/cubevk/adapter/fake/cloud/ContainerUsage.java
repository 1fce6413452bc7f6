package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeResources;
import io.cubevk.ports.out.cloud.UsageSample;
import java.util.List;

/** A container's usage samples and the limits they stay under (GetCubeMetrics' percentages). */
public record ContainerUsage(CubeResources limits, List<UsageSample> samples) {

  public ContainerUsage {
    samples = List.copyOf(samples);
  }
}
