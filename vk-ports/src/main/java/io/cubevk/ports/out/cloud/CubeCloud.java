package io.cubevk.ports.out.cloud;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.pod.PodUid;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cube container instances: lifecycle, observation and container streams. See the package
 * documentation for the contract every implementation keeps.
 */
public interface CubeCloud {

  /**
   * Creates a Cube running the document, in the placement's group.
   *
   * @return the new Cube's id
   * @throws CloudFailure.OutcomeUnknown when the request may have created a Cube whose id was lost
   */
  CubeId create(CubeSpec spec, CubeOptions options, Placement placement);

  /**
   * Deletes a Cube, releasing its EIP when asked.
   *
   * @throws CloudFailure.NotFound when there is no such Cube
   */
  void delete(CubeId id, boolean releaseEip);

  Optional<ObservedCube> get(CubeId id);

  /** The Cube created for a pod, found by the uid in its document. */
  Optional<ObservedCube> findByPodUid(PodUid uid);

  /** Every Cube of a group (a virtual node), across all pages, each once. */
  List<ObservedCube> list(String group);

  /** Replaces a running Cube's document (refreshes mounted secrets and tokens). */
  ObservedCube renew(CubeId id, CubeSpec spec);

  void reboot(CubeId id);

  List<CubeExtendInfo> extendInfo(Collection<CubeId> ids);

  /** The optional features this implementation offers. */
  Set<CloudCapability> capabilities();

  /**
   * Streams a container's log into the sink.
   *
   * @throws CloudFailure.Unsupported without {@link CloudCapability#LOGS}
   */
  StreamHandle logs(CubeId id, String container, LogOptions options, ByteSink sink);

  /**
   * Runs a command in a container.
   *
   * @throws CloudFailure.Unsupported without {@link CloudCapability#EXEC}
   */
  ExecSession exec(CubeId id, ExecRequest request, ExecOutput output);

  /**
   * Attaches to a container's main process ({@code request.command()} is ignored).
   *
   * @throws CloudFailure.Unsupported without {@link CloudCapability#ATTACH}
   */
  ExecSession attach(CubeId id, ExecRequest request, ExecOutput output);

  /**
   * Opens one connection to a port of the Cube; the Cube's bytes arrive at {@code fromCube}.
   *
   * @throws CloudFailure.Unsupported without {@link CloudCapability#PORT_FORWARD}
   */
  PortForwardSession portForward(CubeId id, int port, ByteSink fromCube);

  /**
   * A container's usage samples between two times, oldest first.
   *
   * @throws CloudFailure.Unsupported without {@link CloudCapability#METRICS}
   */
  List<UsageSample> metrics(CubeId id, String container, Instant from, Instant to);
}
