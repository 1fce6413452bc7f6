package io.cubevk.domain.translation;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubePort;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.pod.ContainerPort;
import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.DownwardApiSource;
import io.cubevk.domain.pod.EnvFromSource;
import io.cubevk.domain.pod.EnvVar;
import io.cubevk.domain.pod.EnvVarSource;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.VolumeMount;
import io.cubevk.domain.size.Allocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * One container → a Cube container: env resolved to plain values and expanded, ports without host
 * ports, mounts checked against the pod's volumes, limits from the size split. Whatever Cube cannot
 * do is recorded as a violation with the field's path.
 */
final class ContainerTranslator {

  private static final Pattern NAME = Pattern.compile(CubeContainer.NAME_PATTERN);

  private final PodView pod;
  private final TranslationInputs inputs;
  private final DownwardApi downwardApi;
  private final Problems problems;
  private final Set<String> volumeNames;

  ContainerTranslator(
      PodView pod,
      TranslationInputs inputs,
      DownwardApi downwardApi,
      Problems problems,
      Set<String> volumeNames) {
    this.pod = pod;
    this.inputs = inputs;
    this.downwardApi = downwardApi;
    this.problems = problems;
    this.volumeNames = volumeNames;
  }

  CubeContainer translate(ContainerView container, String path, Allocation limits, boolean init) {
    if (!NAME.matcher(container.name()).matches()) {
      problems.violation(
          FieldPaths.field(path, "name"),
          "\""
              + container.name()
              + "\" is not a Cube container name; accepted: 1 to 32 letters, digits, '-' or '_'");
    }
    container
        .privileged()
        .filter(Boolean::booleanValue)
        .ifPresent(
            p ->
                problems.violation(
                    FieldPaths.field(path, "securityContext.privileged"),
                    "true is not supported by Cube: containers cannot be privileged"));
    for (int j = 0; j < container.volumeDevices().size(); j++) {
      problems.violation(
          FieldPaths.index(FieldPaths.field(path, "volumeDevices"), j),
          "raw block device \""
              + container.volumeDevices().get(j)
              + "\" is not supported by Cube; mount the volume as a filesystem (volumeMounts)");
    }
    if (init && container.restartPolicy().filter("Always"::equals).isPresent()) {
      problems.violation(
          FieldPaths.field(path, "restartPolicy"),
          "\"Always\" (a native sidecar) is not supported by Cube; run the sidecar as one of"
              + " spec.containers");
    }
    container.probes().stream()
        .sorted()
        .forEach(
            probe ->
                problems.warning(
                    FieldPaths.field(path, probe),
                    "Cube does not run probes: it is ignored, and the container counts as ready"
                        + " while it runs"));
    container.lifecycleHooks().stream()
        .sorted()
        .forEach(
            hook ->
                problems.warning(
                    FieldPaths.field(path, "lifecycle." + hook),
                    "Cube does not run lifecycle hooks: it is ignored"));

    Map<String, String> env = environment(container, path);
    CubeContainer.Builder cube =
        new CubeContainer.Builder()
            .name(container.name())
            .image(container.image())
            .workingDir(container.workingDir())
            .limits(CubeResources.of(limits.cpu(), limits.memory()));
    // An empty command keeps the image's entrypoint, with args as its arguments (Docker, kubelet).
    container.command().forEach(c -> cube.addCommand(Expansion.expand(c, env)));
    container.args().forEach(a -> cube.addArgs(Expansion.expand(a, env)));
    env.forEach((name, value) -> cube.addEnv(CubeEnvVar.of(name, value)));
    ports(container, path).forEach(cube::addPorts);
    mounts(container, path).forEach(cube::addVolumeMounts);
    return cube.build();
  }

  private List<CubePort> ports(ContainerView container, String path) {
    List<CubePort> ports = new java.util.ArrayList<>();
    for (int j = 0; j < container.ports().size(); j++) {
      ContainerPort port = container.ports().get(j);
      // With hostNetwork the API server copies containerPort into hostPort; hostNetwork is
      // reported once already, so only a host port asked for in its own right is reported here.
      boolean defaultedByHostNetwork =
          pod.hostNetwork() && port.hostPort().filter(h -> h == port.containerPort()).isPresent();
      int hostPort = port.hostPort().orElse(0);
      if (hostPort != 0 && !defaultedByHostNetwork) {
        problems.violation(
            FieldPaths.field(FieldPaths.index(FieldPaths.field(path, "ports"), j), "hostPort"),
            hostPort
                + " is not supported by Cube: a Cube has its own VPC address and no host"
                + " ports; remove hostPort and reach the Cube on containerPort "
                + port.containerPort());
      }
      ports.add(new CubePort(port.containerPort(), port.protocol(), port.name()));
    }
    return ports;
  }

  private List<CubeVolumeMount> mounts(ContainerView container, String path) {
    List<CubeVolumeMount> mounts = new java.util.ArrayList<>();
    for (int j = 0; j < container.volumeMounts().size(); j++) {
      VolumeMount mount = container.volumeMounts().get(j);
      if (!volumeNames.contains(mount.name())) {
        problems.violation(
            FieldPaths.field(FieldPaths.index(FieldPaths.field(path, "volumeMounts"), j), "name"),
            "\""
                + mount.name()
                + "\" names no volume of the pod; volumes: "
                + (volumeNames.isEmpty()
                    ? "none"
                    : String.join(", ", new java.util.TreeSet<>(volumeNames))));
        continue;
      }
      boolean claimReadOnly =
          pod.volume(mount.name())
              .map(v -> v.source())
              .filter(
                  s ->
                      s instanceof io.cubevk.domain.pod.VolumeSource.PersistentVolumeClaim c
                          && c.readOnly())
              .isPresent();
      mounts.add(
          new CubeVolumeMount(
              mount.name(), mount.mountPath(), mount.readOnly() || claimReadOnly, mount.subPath()));
    }
    return mounts;
  }

  /**
   * The container's environment in kubelet's order: service links, then envFrom sources in order,
   * then env entries in order, later names replacing earlier ones; env values are expanded with the
   * variables defined before them.
   */
  private Map<String, String> environment(ContainerView container, String path) {
    Map<String, String> env = new LinkedHashMap<>(ServiceEnvironment.of(pod, inputs));
    for (int j = 0; j < container.envFrom().size(); j++) {
      EnvFromSource from = container.envFrom().get(j);
      String fromPath = FieldPaths.index(FieldPaths.field(path, "envFrom"), j);
      envFrom(from, fromPath).forEach((key, value) -> env.put(from.prefix() + key, value));
    }
    for (int j = 0; j < container.env().size(); j++) {
      EnvVar variable = container.env().get(j);
      String varPath = FieldPaths.index(FieldPaths.field(path, "env"), j);
      if (variable.valueFrom().isEmpty()) {
        env.put(variable.name(), Expansion.expand(variable.value().orElse(""), env));
        continue;
      }
      value(variable.valueFrom().get(), FieldPaths.field(varPath, "valueFrom"), container)
          .ifPresent(value -> env.put(variable.name(), value));
    }
    return env;
  }

  private Map<String, String> envFrom(EnvFromSource from, String path) {
    Map<String, String> values = new LinkedHashMap<>();
    if (from instanceof EnvFromSource.ConfigMapEnv) {
      ConfigMapData data = inputs.configMaps().get(from.name());
      String refPath = FieldPaths.field(path, "configMapRef");
      if (data == null) {
        if (!from.optional()) {
          problems.missing(refPath, "configmap \"" + from.name() + "\"");
        }
        return values;
      }
      data.keys().forEach(key -> data.bytes(key).ifPresent(b -> values.put(key, b.utf8())));
    } else {
      SecretData data = inputs.secrets().get(from.name());
      String refPath = FieldPaths.field(path, "secretRef");
      if (data == null) {
        if (!from.optional()) {
          problems.missing(refPath, "secret \"" + from.name() + "\"");
        }
        return values;
      }
      data.data().forEach((key, bytes) -> values.put(key, bytes.utf8()));
    }
    return values;
  }

  private Optional<String> value(EnvVarSource source, String path, ContainerView container) {
    if (source instanceof EnvVarSource.SecretKey ref) {
      SecretData secret = inputs.secrets().get(ref.name());
      String refPath = FieldPaths.field(path, "secretKeyRef");
      return keyValue(
          "secret",
          ref.name(),
          ref.key(),
          ref.optional(),
          refPath,
          secret == null ? null : secret.data());
    }
    if (source instanceof EnvVarSource.ConfigMapKey ref) {
      ConfigMapData configMap = inputs.configMaps().get(ref.name());
      String refPath = FieldPaths.field(path, "configMapKeyRef");
      SortedMap<String, FileBytes> data = null;
      if (configMap != null) {
        data = new java.util.TreeMap<>();
        for (String key : configMap.keys()) {
          data.put(key, configMap.bytes(key).orElseThrow());
        }
      }
      return keyValue("configmap", ref.name(), ref.key(), ref.optional(), refPath, data);
    }
    if (source instanceof EnvVarSource.Other other) {
      problems.violation(
          FieldPaths.field(path, other.kind()),
          "not supported by Cube; env values may come from value, secretKeyRef, configMapKeyRef,"
              + " fieldRef or resourceFieldRef");
      return Optional.empty();
    }
    return downwardApi.resolve(
        (DownwardApiSource) source, path, Optional.of(container), false, problems);
  }

  private Optional<String> keyValue(
      String kind,
      String name,
      String key,
      boolean optional,
      String path,
      SortedMap<String, FileBytes> data) {
    if (data == null) {
      return optional ? Optional.empty() : problems.missing(path, kind + " \"" + name + "\"");
    }
    FileBytes bytes = data.get(key);
    if (bytes == null) {
      return optional
          ? Optional.empty()
          : problems.missing(path, "key \"" + key + "\" in " + kind + " \"" + name + "\"");
    }
    return Optional.of(bytes.utf8());
  }
}
