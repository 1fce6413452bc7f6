package io.cubevk.domain.pod;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** One container (or init container) of a {@link PodView}. */
@Value.Immutable
public abstract class ContainerView {

  /** The probe fields of a container; Cube does not run probes. */
  public static final Set<String> PROBE_FIELDS =
      Set.of("livenessProbe", "readinessProbe", "startupProbe");

  public abstract String name();

  public abstract String image();

  /** The entrypoint; empty keeps the image's. */
  public abstract List<String> command();

  /** The arguments; with an empty command they go to the image's entrypoint. */
  public abstract List<String> args();

  public abstract Optional<String> workingDir();

  public abstract List<EnvVar> env();

  public abstract List<EnvFromSource> envFrom();

  public abstract List<ContainerPort> ports();

  public abstract List<VolumeMount> volumeMounts();

  /** Names of raw block devices ({@code volumeDevices}); Cube mounts filesystems only. */
  public abstract List<String> volumeDevices();

  @Value.Default
  public Resources resources() {
    return Resources.NONE;
  }

  /** {@code securityContext.privileged}. */
  public abstract Optional<Boolean> privileged();

  /** A container-level {@code restartPolicy} ({@code Always} makes an init container a sidecar). */
  public abstract Optional<String> restartPolicy();

  /** Which of {@link #PROBE_FIELDS} the container sets. */
  public abstract Set<String> probes();

  /** Which lifecycle hooks ({@code postStart}, {@code preStop}) the container sets. */
  public abstract Set<String> lifecycleHooks();

  /** A container named {@code name} running {@code image}. */
  public static ContainerView of(String name, String image) {
    return new Builder().name(name).image(image).build();
  }

  /** Builds a {@link ContainerView}. */
  public static class Builder extends ImmutableContainerView.Builder {}
}
