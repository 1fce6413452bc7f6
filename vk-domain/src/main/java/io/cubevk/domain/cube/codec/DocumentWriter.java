package io.cubevk.domain.cube.codec;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.cube.CubeDnsConfig;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubePort;
import io.cubevk.domain.cube.CubePullSecret;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.HostAlias;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Turns a document into the ordered tree SnakeYAML dumps. Key order follows cube-api.md. */
final class DocumentWriter {

  private DocumentWriter() {}

  static Map<String, Object> toTree(CubeDocument document) {
    CubeSpec spec = document.spec();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("apiVersion", "v1");
    root.put("kind", "Pod");
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", spec.name());
    metadata.put("uid", spec.podUid().value());
    document.cubeId().ifPresent(id -> metadata.put("cubeId", id.value()));
    putIfNotEmpty(metadata, "labels", new TreeMap<>(spec.labels()));
    putIfNotEmpty(metadata, "annotations", new TreeMap<>(spec.annotations()));
    root.put("metadata", metadata);
    root.put("spec", specTree(spec));
    document.status().ifPresent(status -> root.put("status", statusTree(status)));
    return root;
  }

  private static Map<String, Object> specTree(CubeSpec spec) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("restartPolicy", spec.restartPolicy().word());
    putIfNotEmpty(tree, "initContainers", list(spec.initContainers(), DocumentWriter::container));
    tree.put("containers", list(spec.containers(), DocumentWriter::container));
    putIfNotEmpty(tree, "volumes", list(spec.volumes(), DocumentWriter::volume));
    putIfNotEmpty(
        tree, "imagePullSecrets", list(spec.imagePullSecrets(), DocumentWriter::pullSecret));
    spec.dnsPolicy().ifPresent(policy -> tree.put(CubeDialect.DNS_POLICY, policy));
    spec.dnsConfig().ifPresent(dns -> tree.put(CubeDialect.DNS_CONFIG, dnsConfig(dns)));
    putIfNotEmpty(tree, "hostAliases", list(spec.hostAliases(), DocumentWriter::hostAlias));
    return tree;
  }

  private static Map<String, Object> container(CubeContainer container) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", container.name());
    tree.put("image", container.image());
    putIfNotEmpty(tree, "command", new ArrayList<>(container.command()));
    putIfNotEmpty(tree, "args", new ArrayList<>(container.args()));
    container.workingDir().ifPresent(dir -> tree.put("workingDir", dir));
    putIfNotEmpty(tree, "env", list(container.env(), DocumentWriter::envVar));
    putIfNotEmpty(tree, "ports", list(container.ports(), DocumentWriter::port));
    putIfNotEmpty(tree, "volumeMounts", list(container.volumeMounts(), DocumentWriter::mount));
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("cpu", container.limits().cpu().toQuantity());
    limits.put("memory", container.limits().memory().toQuantity());
    tree.put("resources", Map.of("limits", limits));
    return tree;
  }

  private static Map<String, Object> envVar(CubeEnvVar env) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", env.name());
    tree.put("value", env.value());
    return tree;
  }

  private static Map<String, Object> port(CubePort port) {
    Map<String, Object> tree = new LinkedHashMap<>();
    port.name().ifPresent(name -> tree.put("name", name));
    tree.put("containerPort", port.containerPort());
    tree.put("protocol", port.protocol());
    return tree;
  }

  private static Map<String, Object> mount(CubeVolumeMount mount) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", mount.name());
    tree.put("mountPath", mount.mountPath());
    if (mount.readOnly()) {
      tree.put("readOnly", true);
    }
    mount.subPath().ifPresent(subPath -> tree.put("subPath", subPath));
    return tree;
  }

  private static Map<String, Object> volume(CubeVolume volume) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", volume.name());
    if (volume instanceof CubeVolume.EmptyDir) {
      tree.put(CubeDialect.EMPTY_DIR, new LinkedHashMap<>());
    } else if (volume instanceof CubeVolume.Nfs nfs) {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("address", nfs.address());
      nfs.mountOption().ifPresent(option -> source.put("mountOption", option));
      tree.put(CubeDialect.NFS, source);
    } else if (volume instanceof CubeVolume.UDisk udisk) {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("id", udisk.id());
      source.put("fs", udisk.fs());
      source.put("forceFormat", udisk.forceFormat());
      tree.put(CubeDialect.UDISK, source);
    } else if (volume instanceof CubeVolume.Files files) {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("name", files.sourceName());
      Map<String, Object> items = new LinkedHashMap<>();
      files.items().forEach((file, bytes) -> items.put(file, CubeDialect.encodeFile(bytes)));
      source.put("items", items);
      tree.put(CubeDialect.filesKey(files.kind()), source);
    }
    return tree;
  }

  private static Map<String, Object> pullSecret(CubePullSecret secret) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("registryServer", secret.registryServer());
    tree.put("username", secret.username());
    tree.put("password", secret.password());
    secret.registryAddr().ifPresent(addr -> tree.put(CubeDialect.REGISTRY_ADDR, addr));
    secret.vpcId().ifPresent(vpc -> tree.put(CubeDialect.REGISTRY_VPC, vpc));
    return tree;
  }

  private static Map<String, Object> dnsConfig(CubeDnsConfig dns) {
    Map<String, Object> tree = new LinkedHashMap<>();
    putIfNotEmpty(tree, "nameservers", new ArrayList<>(dns.nameservers()));
    putIfNotEmpty(tree, "searches", new ArrayList<>(dns.searches()));
    putIfNotEmpty(
        tree,
        "options",
        list(
            dns.options(),
            option -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("name", option.name());
              option.value().ifPresent(value -> entry.put("value", value));
              return entry;
            }));
    return tree;
  }

  private static Map<String, Object> hostAlias(HostAlias alias) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("ip", alias.ip());
    tree.put("hostnames", new ArrayList<>(alias.hostnames()));
    return tree;
  }

  private static Map<String, Object> statusTree(CubeStatus status) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("phase", status.phase().word());
    status.message().ifPresent(message -> tree.put("message", message));
    status.podIp().ifPresent(ip -> tree.put(CubeDialect.POD_IP, ip));
    putTime(tree, "startTime", status.startTime());
    putIfNotEmpty(
        tree,
        "initContainerStatuses",
        list(status.initContainerStatuses(), DocumentWriter::containerStatus));
    putIfNotEmpty(
        tree,
        "containerStatuses",
        list(status.containerStatuses(), DocumentWriter::containerStatus));
    return tree;
  }

  private static Map<String, Object> containerStatus(CubeContainerStatus status) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", status.name());
    tree.put("restartCount", status.restartCount());
    tree.put("state", state(status.state()));
    status.lastState().ifPresent(last -> tree.put("lastState", state(last)));
    return tree;
  }

  private static Map<String, Object> state(ContainerState state) {
    Map<String, Object> detail = new LinkedHashMap<>();
    String key;
    if (state instanceof ContainerState.Running running) {
      key = "running";
      putTime(detail, "startedAt", Optional.of(running.startedAt()));
    } else if (state instanceof ContainerState.Waiting waiting) {
      key = "waiting";
      detail.put("reason", waiting.reason());
      waiting.message().ifPresent(message -> detail.put("message", message));
    } else {
      ContainerState.Terminated terminated = (ContainerState.Terminated) state;
      key = "terminated";
      detail.put("exitCode", terminated.exitCode());
      detail.put("reason", terminated.reason());
      terminated.message().ifPresent(message -> detail.put("message", message));
      putTime(detail, "startedAt", terminated.startedAt());
      putTime(detail, "finishedAt", terminated.finishedAt());
    }
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put(key, detail);
    return tree;
  }

  private static void putTime(Map<String, Object> tree, String key, Optional<Instant> time) {
    time.ifPresent(instant -> tree.put(key, instant.toString()));
  }

  private static void putIfNotEmpty(Map<String, Object> tree, String key, Map<?, ?> value) {
    if (!value.isEmpty()) {
      tree.put(key, value);
    }
  }

  private static void putIfNotEmpty(Map<String, Object> tree, String key, List<?> value) {
    if (!value.isEmpty()) {
      tree.put(key, value);
    }
  }

  private static <T> List<Object> list(List<T> items, Function<T, Object> mapper) {
    List<Object> out = new ArrayList<>(items.size());
    items.forEach(item -> out.add(mapper.apply(item)));
    return out;
  }
}
