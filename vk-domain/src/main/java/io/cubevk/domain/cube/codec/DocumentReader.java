package io.cubevk.domain.cube.codec;

import io.cubevk.domain.cube.ContainerState;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeContainerStatus;
import io.cubevk.domain.cube.CubeDnsConfig;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubePort;
import io.cubevk.domain.cube.CubePullSecret;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.HostAlias;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads the tree SnakeYAML loaded into domain values. Every accessor carries the field path, so a
 * bad stored document is reported as {@code spec.containers[1].resources.limits.cpu: …}.
 */
final class DocumentReader {

  private DocumentReader() {}

  static CubeDocument read(Map<?, ?> root) {
    Node doc = new Node("", root);
    Node metadata = doc.requiredMap("metadata");
    Node spec = doc.requiredMap("spec");
    CubeSpec.Builder builder = new CubeSpec.Builder();
    builder.name(metadata.requiredString("name"));
    builder.podUid(PodUid.of(metadata.requiredString("uid")));
    builder.putAllLabels(metadata.stringMap("labels"));
    builder.putAllAnnotations(metadata.stringMap("annotations"));
    spec.optionalString("restartPolicy")
        .ifPresent(
            word ->
                builder.restartPolicy(
                    RestartPolicy.fromWord(word)
                        .orElseThrow(
                            () ->
                                spec.problem(
                                    "restartPolicy",
                                    "'" + word + "' is not Always, OnFailure or Never"))));
    builder.addAllInitContainers(spec.list("initContainers", DocumentReader::container));
    List<CubeContainer> containers = spec.list("containers", DocumentReader::container);
    if (containers.isEmpty()) {
      throw spec.problem("containers", "a Cube document needs at least one container");
    }
    builder.addAllContainers(containers);
    builder.addAllVolumes(spec.list("volumes", DocumentReader::volume));
    builder.addAllImagePullSecrets(spec.list("imagePullSecrets", DocumentReader::pullSecret));
    spec.optionalString(CubeDialect.DNS_POLICY).ifPresent(builder::dnsPolicy);
    spec.optionalMap(CubeDialect.DNS_CONFIG)
        .map(DocumentReader::dnsConfig)
        .ifPresent(builder::dnsConfig);
    builder.addAllHostAliases(spec.list("hostAliases", DocumentReader::hostAlias));

    CubeDocument.Builder document = new CubeDocument.Builder().spec(builder.build());
    metadata.optionalString("cubeId").map(CubeId::of).ifPresent(document::cubeId);
    doc.optionalMap("status").map(DocumentReader::status).ifPresent(document::status);
    return document.build();
  }

  private static CubeContainer container(Node node) {
    CubeContainer.Builder builder = new CubeContainer.Builder();
    builder.name(node.requiredString("name"));
    builder.image(node.requiredString("image"));
    builder.addAllCommand(node.stringList("command"));
    builder.addAllArgs(node.stringList("args"));
    node.optionalString("workingDir").ifPresent(builder::workingDir);
    builder.addAllEnv(
        node.list(
            "env",
            env ->
                CubeEnvVar.of(env.requiredString("name"), env.optionalString("value").orElse(""))));
    builder.addAllPorts(
        node.list(
            "ports",
            port ->
                new CubePort(
                    port.requiredInt("containerPort"),
                    port.optionalString("protocol").orElse("TCP"),
                    port.optionalString("name"))));
    builder.addAllVolumeMounts(
        node.list(
            "volumeMounts",
            mount ->
                new CubeVolumeMount(
                    mount.requiredString("name"),
                    mount.requiredString("mountPath"),
                    mount.optionalBoolean("readOnly").orElse(false),
                    mount.optionalString("subPath"))));
    Node limits = node.requiredMap("resources").requiredMap("limits");
    builder.limits(
        CubeResources.of(limits.parsed("cpu", Cpu::parse), limits.parsed("memory", Memory::parse)));
    return builder.build();
  }

  private static CubeVolume volume(Node node) {
    String name = node.requiredString("name");
    if (node.has(CubeDialect.EMPTY_DIR)) {
      return new CubeVolume.EmptyDir(name);
    }
    if (node.has(CubeDialect.NFS)) {
      Node nfs = node.requiredMap(CubeDialect.NFS);
      return new CubeVolume.Nfs(
          name, nfs.requiredString("address"), nfs.optionalString("mountOption"));
    }
    if (node.has(CubeDialect.UDISK)) {
      Node udisk = node.requiredMap(CubeDialect.UDISK);
      return new CubeVolume.UDisk(
          name,
          udisk.requiredString("id"),
          udisk.optionalString("fs").orElse("ext4"),
          udisk.optionalBoolean("forceFormat").orElse(false));
    }
    for (CubeVolume.Files.Kind kind : CubeVolume.Files.Kind.values()) {
      String key = CubeDialect.filesKey(kind);
      if (node.has(key)) {
        Node files = node.requiredMap(key);
        Map<String, FileBytes> items = new TreeMap<>();
        files
            .stringMap("items")
            .forEach((file, text) -> items.put(file, files.decoded("items." + file, text)));
        return new CubeVolume.Files(
            name, kind, files.optionalString("name").orElse(name), new TreeMap<>(items));
      }
    }
    throw node.problem(
        "",
        "volume '" + name + "' has no source Cube knows (emptyDir, nfs, udisk, configMap, secret)");
  }

  private static CubePullSecret pullSecret(Node node) {
    return new CubePullSecret(
        node.requiredString("registryServer"),
        node.optionalString("username").orElse(""),
        node.optionalString("password").orElse(""),
        node.optionalString(CubeDialect.REGISTRY_ADDR),
        node.optionalString(CubeDialect.REGISTRY_VPC));
  }

  private static CubeDnsConfig dnsConfig(Node node) {
    return new CubeDnsConfig(
        node.stringList("nameservers"),
        node.stringList("searches"),
        node.list(
            "options",
            option ->
                new CubeDnsConfig.Option(
                    option.requiredString("name"), option.optionalString("value"))));
  }

  private static HostAlias hostAlias(Node node) {
    return new HostAlias(node.requiredString("ip"), node.stringList("hostnames"));
  }

  private static CubeStatus status(Node node) {
    CubeStatus.Builder builder = new CubeStatus.Builder();
    builder.phase(CubePhase.fromWord(node.optionalString("phase").orElse("Pending")));
    node.optionalString("message").ifPresent(builder::message);
    Optional<String> podIp = node.optionalString(CubeDialect.POD_IP);
    // Be forgiving if the service ever answers with Kubernetes' spelling.
    podIp.or(() -> node.optionalString("podIP")).ifPresent(builder::podIp);
    node.optionalTime("startTime").ifPresent(builder::startTime);
    builder.addAllInitContainerStatuses(
        node.list("initContainerStatuses", DocumentReader::containerStatus));
    builder.addAllContainerStatuses(
        node.list("containerStatuses", DocumentReader::containerStatus));
    return builder.build();
  }

  private static CubeContainerStatus containerStatus(Node node) {
    CubeContainerStatus.Builder builder = new CubeContainerStatus.Builder();
    builder.name(node.requiredString("name"));
    builder.restartCount(node.optionalInt("restartCount").orElse(0));
    builder.state(
        node.optionalMap("state")
            .map(DocumentReader::state)
            .orElse(new ContainerState.Waiting("ContainerCreating", Optional.empty())));
    node.optionalMap("lastState")
        .filter(last -> !last.isEmpty())
        .map(DocumentReader::state)
        .ifPresent(builder::lastState);
    return builder.build();
  }

  private static ContainerState state(Node node) {
    if (node.has("running")) {
      Node running = node.requiredMap("running");
      return new ContainerState.Running(running.optionalTime("startedAt").orElse(Instant.EPOCH));
    }
    if (node.has("terminated")) {
      Node terminated = node.requiredMap("terminated");
      int exitCode = terminated.optionalInt("exitCode").orElse(0);
      return new ContainerState.Terminated(
          exitCode,
          terminated.optionalString("reason").orElse(exitCode == 0 ? "Completed" : "Error"),
          terminated.optionalString("message"),
          terminated.optionalTime("startedAt"),
          terminated.optionalTime("finishedAt"));
    }
    if (node.has("waiting")) {
      Node waiting = node.requiredMap("waiting");
      return new ContainerState.Waiting(
          waiting.optionalString("reason").orElse("ContainerCreating"),
          waiting.optionalString("message"));
    }
    throw node.problem("", "a container state needs one of running, waiting or terminated");
  }

  /** A mapping in the loaded tree together with its path, for errors that name the field. */
  private static final class Node {
    private final String path;
    private final Map<?, ?> map;

    Node(String path, Map<?, ?> map) {
      this.path = path;
      this.map = map;
    }

    boolean has(String key) {
      return map.containsKey(key);
    }

    boolean isEmpty() {
      return map.isEmpty();
    }

    CubeDocumentException problem(String key, String message) {
      String at = key.isEmpty() ? path : child(key);
      return new CubeDocumentException(at.isEmpty() ? "$" : at, message);
    }

    private String child(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    Optional<String> optionalString(String key) {
      Object value = map.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof Map || value instanceof List) {
        throw problem(key, "expected a scalar, found " + describe(value));
      }
      return Optional.of(String.valueOf(value));
    }

    String requiredString(String key) {
      return optionalString(key).orElseThrow(() -> problem(key, "is required"));
    }

    Optional<Integer> optionalInt(String key) {
      return optionalString(key).map(text -> parsedInt(key, text));
    }

    int requiredInt(String key) {
      return parsedInt(key, requiredString(key));
    }

    private int parsedInt(String key, String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw problem(key, "'" + text + "' is not an integer");
      }
    }

    Optional<Boolean> optionalBoolean(String key) {
      return optionalString(key)
          .map(
              text -> {
                if (text.equals("true") || text.equals("false")) {
                  return Boolean.parseBoolean(text);
                }
                throw problem(key, "'" + text + "' is not true or false");
              });
    }

    Optional<Instant> optionalTime(String key) {
      Object value = map.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (value instanceof Date date) {
        return Optional.of(date.toInstant());
      }
      try {
        return Optional.of(Instant.parse(String.valueOf(value)));
      } catch (DateTimeParseException e) {
        throw problem(key, "'" + value + "' is not an RFC 3339 time");
      }
    }

    <T> T parsed(String key, Function<String, T> parser) {
      String text = requiredString(key);
      try {
        return parser.apply(text);
      } catch (IllegalArgumentException e) {
        throw problem(key, e.getMessage());
      }
    }

    FileBytes decoded(String key, String text) {
      try {
        return CubeDialect.decodeFile(text);
      } catch (IllegalArgumentException e) {
        throw problem(key, "is not base64");
      }
    }

    Optional<Node> optionalMap(String key) {
      Object value = map.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!(value instanceof Map<?, ?> child)) {
        throw problem(key, "expected a mapping, found " + describe(value));
      }
      return Optional.of(new Node(child(key), child));
    }

    Node requiredMap(String key) {
      return optionalMap(key).orElseThrow(() -> problem(key, "is required"));
    }

    Map<String, String> stringMap(String key) {
      Map<String, String> out = new LinkedHashMap<>();
      optionalMap(key)
          .ifPresent(
              child ->
                  child.map.forEach(
                      (k, v) -> {
                        if (v instanceof Map || v instanceof List) {
                          throw child.problem(String.valueOf(k), "expected a string");
                        }
                        out.put(String.valueOf(k), v == null ? "" : String.valueOf(v));
                      }));
      return out;
    }

    List<String> stringList(String key) {
      return items(key, Node::scalar);
    }

    <T> List<T> list(String key, Function<Node, T> reader) {
      return items(
          key,
          (item, at) -> {
            if (!(item instanceof Map<?, ?> child)) {
              throw new CubeDocumentException(at, "expected a mapping, found " + describe(item));
            }
            return reader.apply(new Node(at, child));
          });
    }

    private <T> List<T> items(String key, BiFunction<Object, String, T> reader) {
      Object value = map.get(key);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> items)) {
        throw problem(key, "expected a list, found " + describe(value));
      }
      List<T> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        out.add(reader.apply(items.get(i), child(key) + "[" + i + "]"));
      }
      return out;
    }

    private static String scalar(Object item, String at) {
      if (item == null || item instanceof Map || item instanceof List) {
        throw new CubeDocumentException(at, "expected a string, found " + describe(item));
      }
      return String.valueOf(item);
    }

    private static String describe(Object value) {
      if (value == null) {
        return "nothing";
      }
      if (value instanceof Map) {
        return "a mapping";
      }
      if (value instanceof List) {
        return "a list";
      }
      return "'" + value + "'";
    }
  }
}
