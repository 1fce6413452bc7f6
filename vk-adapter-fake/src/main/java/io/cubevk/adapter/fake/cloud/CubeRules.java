package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the cloud itself refuses in a Cube document, as Cube's documentation states it
 * (cube-api.md): 1 to 3 containers with valid, unique names; a size from the allowed table; volume
 * mounts naming declared volumes; at most 30 MiB of configMap and secret data. The fake checks them
 * independently of the agent's own translation rules, so that a translation bug shows up here as
 * the real cloud would show it.
 */
final class CubeRules {

  /** Cube's allowed sizes: CPU to the memory sizes allowed with it. */
  static final Map<Cpu, List<Memory>> ALLOWED_SIZES = allowedSizes();

  static final long MAX_FILE_DATA_BYTES = 30L << 20;
  private static final Pattern NAME = Pattern.compile(CubeContainer.NAME_PATTERN);

  private CubeRules() {}

  static void check(CubeSpec spec) {
    List<String> problems = new ArrayList<>();
    int count = spec.containers().size();
    if (count > 3) {
      problems.add("spec.containers has " + count + " containers; a Cube runs 1 to 3");
    }
    Set<String> names = new HashSet<>();
    Set<String> volumes = spec.volumes().stream().map(CubeVolume::name).collect(Collectors.toSet());
    Stream.concat(spec.initContainers().stream(), spec.containers().stream())
        .forEach(
            c -> {
              if (!NAME.matcher(c.name()).matches()) {
                problems.add(
                    "container name '" + c.name() + "' must match " + CubeContainer.NAME_PATTERN);
              }
              if (!names.add(c.name())) {
                problems.add("container name '" + c.name() + "' is used twice");
              }
              if (c.image().isBlank()) {
                problems.add("container " + c.name() + " has no image");
              }
              for (CubeVolumeMount m : c.volumeMounts()) {
                if (!volumes.contains(m.name())) {
                  problems.add(
                      "container "
                          + c.name()
                          + " mounts volume '"
                          + m.name()
                          + "', which spec.volumes does not declare");
                }
              }
            });
    CubeResources size = spec.size();
    List<Memory> memories = ALLOWED_SIZES.get(size.cpu());
    if (memories == null || !memories.contains(size.memory())) {
      problems.add(
          "the Cube's size (the sum of its containers' limits) is cpu "
              + size.cpu()
              + " memory "
              + size.memory()
              + "; allowed sizes: "
              + describeSizes());
    }
    for (CubeContainer init : spec.initContainers()) {
      if (init.limits().cpu().compareTo(size.cpu()) > 0
          || init.limits().memory().compareTo(size.memory()) > 0) {
        problems.add(
            "init container " + init.name() + " asks for more than the Cube's size " + size);
      }
    }
    long fileBytes =
        spec.volumes().stream()
            .filter(v -> v instanceof CubeVolume.Files)
            .mapToLong(v -> ((CubeVolume.Files) v).totalBytes())
            .sum();
    if (fileBytes > MAX_FILE_DATA_BYTES) {
      problems.add(
          "configMap and secret data add up to "
              + fileBytes
              + " bytes; a Cube mounts at most 30 MiB");
    }
    if (!problems.isEmpty()) {
      throw ApiError.invalid("Params [Pod] not available: " + String.join("; ", problems));
    }
  }

  static void check(Placement placement) {
    if (placement.group().isBlank()) {
      throw ApiError.refused(RetCodes.MISSING_PARAMS, "Missing params [Group]");
    }
    if (placement.zone().isBlank()) {
      throw ApiError.refused(RetCodes.MISSING_PARAMS, "Missing params [Zone]");
    }
    if (placement.vpcId().isBlank() || placement.subnetId().isBlank()) {
      throw ApiError.refused(RetCodes.MISSING_PARAMS, "Missing params [VPCId, SubnetId]");
    }
  }

  static List<String> udiskIds(CubeSpec spec) {
    return spec.volumes().stream()
        .filter(v -> v instanceof CubeVolume.UDisk)
        .map(v -> ((CubeVolume.UDisk) v).id())
        .toList();
  }

  private static String describeSizes() {
    return ALLOWED_SIZES.entrySet().stream()
        .map(e -> e.getKey() + " → " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static Map<Cpu, List<Memory>> allowedSizes() {
    Map<Cpu, List<Memory>> m = new LinkedHashMap<>();
    m.put(Cpu.ofMillis(500), gib(0.5, 1, 2));
    m.put(Cpu.ofCores(1), gib(1, 2, 4));
    m.put(Cpu.ofCores(2), gib(2, 4, 8));
    m.put(Cpu.ofCores(4), gib(4, 8, 16));
    m.put(Cpu.ofCores(8), gib(8, 16));
    return m;
  }

  private static List<Memory> gib(double... sizes) {
    List<Memory> out = new ArrayList<>();
    for (double s : sizes) {
      out.add(Memory.ofMebibytes((long) (s * 1024)));
    }
    return List.copyOf(out);
  }
}
