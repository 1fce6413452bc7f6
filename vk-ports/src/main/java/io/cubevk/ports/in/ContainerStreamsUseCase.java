package io.cubevk.ports.in;

import io.cubevk.ports.out.cloud.ByteSink;
import io.cubevk.ports.out.cloud.ExecOutput;
import io.cubevk.ports.out.cloud.ExecRequest;
import io.cubevk.ports.out.cloud.ExecSession;
import io.cubevk.ports.out.cloud.LogOptions;
import io.cubevk.ports.out.cloud.PortForwardSession;
import io.cubevk.ports.out.cloud.StreamHandle;

/**
 * Opens the container streams of a pod served by this agent ({@code kubectl logs}, {@code exec},
 * {@code attach}, {@code port-forward}): resolves the pod to its Cube and delegates to the cloud.
 *
 * <p>Failures: {@link StreamTargetUnavailable} when the pod, container or running Cube is missing;
 * {@link io.cubevk.ports.out.cloud.CloudFailure} (e.g. {@code Unsupported}) from the cloud.
 */
public interface ContainerStreamsUseCase {

  StreamHandle logs(PodRef pod, String container, LogOptions options, ByteSink sink);

  ExecSession exec(PodRef pod, ExecRequest request, ExecOutput output);

  ExecSession attach(PodRef pod, ExecRequest request, ExecOutput output);

  PortForwardSession portForward(PodRef pod, int port, ByteSink fromCube);
}
