package io.cubevk.domain.pod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.immutables.value.Value;

/**
 * The slice of a Kubernetes Pod that cube-vk's rules read: identity, metadata, spec and the phase
 * the API server currently holds.
 */
@Value.Immutable
public abstract class PodView {

  public abstract String namespace();

  public abstract String name();

  /** The pod's uid: the Cube carries it as {@code metadata.uid}, which is how it is found again. */
  public abstract PodUid uid();

  public abstract Map<String, String> labels();

  public abstract Map<String, String> annotations();

  /** {@code spec.nodeName}: the virtual node the pod is bound to, once bound. */
  public abstract Optional<String> nodeName();

  @Value.Default
  public RestartPolicy restartPolicy() {
    return RestartPolicy.ALWAYS;
  }

  @Value.Default
  public boolean hostNetwork() {
    return false;
  }

  @Value.Default
  public boolean hostPid() {
    return false;
  }

  @Value.Default
  public boolean hostIpc() {
    return false;
  }

  @Value.Default
  public boolean hostUsers() {
    return true;
  }

  public abstract Optional<String> serviceAccountName();

  /** {@code spec.enableServiceLinks}: whether Services are offered as env variables. */
  @Value.Default
  public boolean enableServiceLinks() {
    return true;
  }

  public abstract Optional<Boolean> automountServiceAccountToken();

  public abstract List<ContainerView> containers();

  public abstract List<ContainerView> initContainers();

  public abstract List<Volume> volumes();

  /** Names of the Secrets in {@code spec.imagePullSecrets}. */
  public abstract List<String> imagePullSecrets();

  public abstract Optional<String> dnsPolicy();

  public abstract Optional<DnsConfig> dnsConfig();

  public abstract List<HostAlias> hostAliases();

  public abstract List<OwnerReference> ownerReferences();

  public abstract Optional<Instant> creationTimestamp();

  /** Set once the pod's deletion was requested: the Cube must go, then the pod object. */
  public abstract Optional<Instant> deletionTimestamp();

  public abstract Optional<Long> deletionGracePeriodSeconds();

  /** {@code status.phase} as the API server holds it now (absent on a new pod). */
  public abstract Optional<PodPhase> phase();

  /** {@code status.podIP}: the Cube's address, once the agent has reported it. */
  public abstract Optional<String> podIp();

  /**
   * The Cube id named by the container ids ({@code cube://<cube-id>/<container>}) of the status the
   * API server holds: proof that a Cube was created for this pod, which survives an agent restart
   * (unlike the agent's memory of what it reported).
   */
  public abstract Optional<String> statusCubeId();

  /** {@code namespace/name}, how kubectl and logs name a pod. */
  @Value.Lazy
  public String key() {
    return namespace() + "/" + name();
  }

  /** Whether the pod's deletion was requested. */
  public boolean isBeingDeleted() {
    return deletionTimestamp().isPresent();
  }

  /** Whether the pod belongs to a DaemonSet (which puts a pod on every node, virtual ones too). */
  public boolean isDaemonSetPod() {
    return ownerReferences().stream().anyMatch(OwnerReference::isDaemonSetController);
  }

  /** Init containers, then containers, in spec order. */
  public List<ContainerView> allContainers() {
    List<ContainerView> all = new ArrayList<>(initContainers());
    all.addAll(containers());
    return all;
  }

  /** Finds a container or init container by name. */
  public Optional<ContainerView> container(String containerName) {
    return Stream.concat(containers().stream(), initContainers().stream())
        .filter(c -> c.name().equals(containerName))
        .findFirst();
  }

  /** Finds a volume by name. */
  public Optional<Volume> volume(String volumeName) {
    return volumes().stream().filter(v -> v.name().equals(volumeName)).findFirst();
  }

  /** Builds a {@link PodView}. */
  public static class Builder extends ImmutablePodView.Builder {}
}
