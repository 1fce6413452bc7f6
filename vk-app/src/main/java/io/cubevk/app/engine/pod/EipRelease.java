package io.cubevk.app.engine.pod;

import io.cubevk.domain.annotation.CubeAnnotations;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.ObservedCube;

/**
 * Whether deleting a Cube releases its EIP ({@code cube.ucloud.cn/cube-eip-release}). Read from the
 * annotations the Cube document carries, so it is known even when the pod is gone.
 */
final class EipRelease {

  private EipRelease() {}

  static boolean requestedFor(ObservedCube cube) {
    return CubeAnnotations.parse(cube.spec().annotations())
        .options()
        .eip()
        .map(EipOptions::releaseOnDelete)
        .orElse(false);
  }
}
