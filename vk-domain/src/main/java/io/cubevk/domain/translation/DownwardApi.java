package io.cubevk.domain.translation;

import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.DownwardApiSource;
import io.cubevk.domain.pod.FieldRef;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.ResourceFieldRef;
import io.cubevk.domain.pod.Resources;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.domain.size.Allocation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves downward-API references (env {@code valueFrom} and downwardAPI files) against the pod
 * and the limits its containers get on Cube, as kubelet does against the pod and its node.
 */
final class DownwardApi {

  /** Fields Cube assigns when the Cube is created: they cannot be written into the document. */
  static final Set<String> ASSIGNED_AT_CREATE =
      Set.of("status.podIP", "status.podIPs", "status.hostIP", "status.hostIPs");

  /** The pod address fields a downwardAPI file may show once Cube assigned the address. */
  static final Set<String> POD_IP = Set.of("status.podIP", "status.podIPs");

  private static final Set<String> PLAIN_FIELDS =
      Set.of(
          "metadata.name",
          "metadata.namespace",
          "metadata.uid",
          "spec.nodeName",
          "spec.serviceAccountName");

  private static final Pattern MAP_ENTRY =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

  /** Cube's ephemeral storage per container, the value of an unset ephemeral-storage limit. */
  static final Memory EPHEMERAL_STORAGE = Memory.ofGibibytes(10);

  private final PodView pod;
  private final Map<String, Allocation> allocations;

  /**
   * @param allocations the Cube limits of every container and init container by name
   */
  DownwardApi(PodView pod, Map<String, Allocation> allocations) {
    this.pod = pod;
    this.allocations = allocations;
  }

  /**
   * The value of a reference, or empty after recording a violation.
   *
   * @param path the reference's field path, for violations
   * @param own the container the reference belongs to (env), empty in volumes
   * @param inVolume whether whole label/annotation maps are allowed (only in files)
   */
  Optional<String> resolve(
      DownwardApiSource source,
      String path,
      Optional<ContainerView> own,
      boolean inVolume,
      Problems problems) {
    if (source instanceof FieldRef ref) {
      return field(ref.fieldPath(), FieldPaths.field(path, "fieldRef"), inVolume, problems);
    }
    return resource(
        (ResourceFieldRef) source, FieldPaths.field(path, "resourceFieldRef"), own, problems);
  }

  private Optional<String> field(String field, String path, boolean inVolume, Problems problems) {
    if (inVolume && POD_IP.contains(field)) {
      // A file can change after the Cube exists: empty until Cube has assigned the address and it
      // is in the pod's status, then the Cube is renewed with it (kubelet updates such files too).
      return Optional.of(pod.podIp().orElse(""));
    }
    if (ASSIGNED_AT_CREATE.contains(field)) {
      problems.violation(
          path,
          field
              + " is assigned by Cube when the Cube is created, so it cannot be passed in;"
              + " read the address inside the container instead (e.g. hostname -i)"
              + (field.startsWith("status.podIP")
                  ? ", or from a downwardAPI volume file, which is written once the address is"
                      + " known"
                  : ""));
      return Optional.empty();
    }
    switch (field) {
      case "metadata.name":
        return Optional.of(pod.name());
      case "metadata.namespace":
        return Optional.of(pod.namespace());
      case "metadata.uid":
        return Optional.of(pod.uid().value());
      case "spec.nodeName":
        return Optional.of(pod.nodeName().orElse(""));
      case "spec.serviceAccountName":
        return Optional.of(pod.serviceAccountName().orElse("default"));
      case "metadata.labels":
      case "metadata.annotations":
        if (inVolume) {
          return Optional.of(
              formatMap(field.endsWith("labels") ? pod.labels() : pod.annotations()));
        }
        break;
      default:
        Matcher entry = MAP_ENTRY.matcher(field);
        if (entry.matches()) {
          Map<String, String> map =
              entry.group(1).equals("labels") ? pod.labels() : pod.annotations();
          return Optional.of(map.getOrDefault(entry.group(2), ""));
        }
    }
    problems.violation(
        path,
        "\""
            + field
            + "\" is not a supported downward API field; supported: "
            + String.join(", ", new java.util.TreeSet<>(PLAIN_FIELDS))
            + ", metadata.labels['<key>'], metadata.annotations['<key>']"
            + (inVolume ? ", metadata.labels, metadata.annotations" : ""));
    return Optional.empty();
  }

  private Optional<String> resource(
      ResourceFieldRef ref, String path, Optional<ContainerView> own, Problems problems) {
    Optional<ContainerView> container =
        ref.containerName().filter(n -> !n.isEmpty()).flatMap(pod::container).or(() -> own);
    if (container.isEmpty()) {
      problems.violation(
          FieldPaths.field(path, "containerName"),
          "\""
              + ref.containerName().orElse("")
              + "\" names no container of the pod; containers: "
              + String.join(", ", pod.allContainers().stream().map(ContainerView::name).toList()));
      return Optional.empty();
    }
    Allocation allocation = allocations.get(container.get().name());
    Resources resources = container.get().resources();
    BigDecimal value;
    String unitName;
    switch (ref.resource()) {
      case "limits.cpu" -> {
        value = cores(allocation == null ? Cpu.ZERO : allocation.cpu());
        unitName = "cpu";
      }
      case "requests.cpu" -> {
        value =
            cores(
                quietCpu(resources.request(Resources.CPU))
                    .or(() -> quietCpu(resources.limit(Resources.CPU)))
                    .orElse(Cpu.ZERO));
        unitName = "cpu";
      }
      case "limits.memory" -> {
        value = bytes(allocation == null ? Memory.ZERO : allocation.memory());
        unitName = "memory";
      }
      case "requests.memory" -> {
        value =
            bytes(
                quietMemory(resources.request(Resources.MEMORY))
                    .or(() -> quietMemory(resources.limit(Resources.MEMORY)))
                    .orElse(Memory.ZERO));
        unitName = "memory";
      }
      case "limits.ephemeral-storage" -> {
        value =
            bytes(
                quietMemory(resources.limit(Resources.EPHEMERAL_STORAGE))
                    .orElse(EPHEMERAL_STORAGE));
        unitName = "memory";
      }
      case "requests.ephemeral-storage" -> {
        value =
            bytes(quietMemory(resources.request(Resources.EPHEMERAL_STORAGE)).orElse(Memory.ZERO));
        unitName = "memory";
      }
      default -> {
        problems.violation(
            FieldPaths.field(path, "resource"),
            "\""
                + ref.resource()
                + "\" is not a resource the downward API exposes; accepted: limits.cpu,"
                + " requests.cpu, limits.memory, requests.memory, limits.ephemeral-storage,"
                + " requests.ephemeral-storage");
        return Optional.empty();
      }
    }
    BigDecimal divisor = BigDecimal.ONE;
    if (ref.divisor().isPresent()) {
      try {
        divisor =
            unitName.equals("cpu")
                ? cores(Cpu.parse(ref.divisor().get()))
                : bytes(Memory.parse(ref.divisor().get()));
      } catch (RuntimeException bad) {
        divisor = BigDecimal.ZERO;
      }
      if (divisor.signum() <= 0) {
        problems.violation(
            FieldPaths.field(path, "divisor"),
            "\"" + ref.divisor().get() + "\" is not a positive quantity such as 1, 1m, 1Mi");
        return Optional.empty();
      }
    }
    // kubelet rounds up, so a container never reads less than it has.
    return Optional.of(value.divide(divisor, 0, RoundingMode.CEILING).toPlainString());
  }

  /**
   * kubelet's format of label and annotation files ({@code fieldpath.FormatMap}): {@code
   * key="value"} lines sorted by key, without a newline after the last, so a file read whole (e.g.
   * {@code $(cat labels)}) is the same on Cube as on a kubelet.
   */
  static String formatMap(Map<String, String> map) {
    StringJoiner out = new StringJoiner("\n");
    new TreeMap<>(map).forEach((key, value) -> out.add(key + "=" + quote(value)));
    return out.toString();
  }

  private static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static BigDecimal cores(Cpu cpu) {
    return BigDecimal.valueOf(cpu.millis()).movePointLeft(3);
  }

  private static BigDecimal bytes(Memory memory) {
    return BigDecimal.valueOf(memory.bytes());
  }

  // Malformed quantities are reported once, by the sizing; here they simply count as unset.
  private static Optional<Cpu> quietCpu(Optional<String> quantity) {
    try {
      return quantity.map(Cpu::parse);
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  private static Optional<Memory> quietMemory(Optional<String> quantity) {
    try {
      return quantity.map(Memory::parse);
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }
}
