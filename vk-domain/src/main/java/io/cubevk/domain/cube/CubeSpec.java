package io.cubevk.domain.cube;

import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.RestartPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The Cube pod document the agent sends to CreateCubePod and RenewCubePod: a Kubernetes-like pod
 * with Cube's restrictions. Its {@link #podUid()} is the Kubernetes pod's uid, which is how a Cube
 * is found again after a restart or a lost answer.
 *
 * <p>Secret material (secret files, pull-secret passwords, env values) never appears in {@link
 * #toString()}.
 */
@Value.Immutable
public abstract class CubeSpec {

  /** The pod's name, used as the Cube's name. */
  public abstract String name();

  public abstract PodUid podUid();

  public abstract Map<String, String> labels();

  public abstract Map<String, String> annotations();

  public abstract List<CubeContainer> initContainers();

  public abstract List<CubeContainer> containers();

  @Value.Default
  public RestartPolicy restartPolicy() {
    return RestartPolicy.ALWAYS;
  }

  public abstract List<CubeVolume> volumes();

  public abstract List<CubePullSecret> imagePullSecrets();

  /** Kubernetes' dnsPolicy word; present only when the agent sets the resolver explicitly. */
  public abstract Optional<String> dnsPolicy();

  public abstract Optional<CubeDnsConfig> dnsConfig();

  public abstract List<HostAlias> hostAliases();

  /** The Cube's size: the sum of its containers' limits. */
  @Value.Lazy
  public CubeResources size() {
    return containers().stream()
        .map(CubeContainer::limits)
        .reduce(CubeResources::plus)
        .orElseThrow(() -> new IllegalStateException("a Cube document has no containers"));
  }

  @Value.Check
  protected void check() {
    if (containers().isEmpty()) {
      throw new IllegalStateException("a Cube document needs at least one container");
    }
  }

  public static class Builder extends ImmutableCubeSpec.Builder {}
}
