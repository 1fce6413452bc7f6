package io.cubevk.domain.translation;

import io.cubevk.domain.annotation.CubeAnnotations;
import io.cubevk.domain.annotation.ParsedAnnotations;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeDnsConfig;
import io.cubevk.domain.cube.CubePullSecret;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.HostAlias;
import io.cubevk.domain.pod.ContainerView;
import io.cubevk.domain.pod.DnsConfig;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.pod.Resources;
import io.cubevk.domain.pod.Volume;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import io.cubevk.domain.size.Allocation;
import io.cubevk.domain.size.ContainerDemand;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.size.SizeRule;
import io.cubevk.domain.size.Sizing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Translates a pod into a Cube: the one entry point of the translation rules.
 *
 * <p>Every rule records its problems and the translation carries on, so a pod learns all of them at
 * once; nothing here throws on any pod or inputs. See the package documentation for the three
 * outcomes.
 */
public final class PodTranslation {

  /**
   * Cube runs 1 to 3 containers per pod. cube-api.md states the limit for {@code spec.containers}
   * only and documents {@code spec.initContainers} as a separate list, so init containers (which
   * run one at a time before the containers) are not counted.
   */
  public static final int MAX_CONTAINERS = 3;

  /** Cube's temporary storage per container (seed: "Containers support 10GiB"). */
  public static final Memory EPHEMERAL_STORAGE_LIMIT = Memory.ofGibibytes(10);

  /** glibc reads at most three name servers; kubelet drops the rest with a warning. */
  static final int MAX_NAMESERVERS = 3;

  private static final Set<String> SIZED_RESOURCES =
      Set.of(Resources.CPU, Resources.MEMORY, Resources.EPHEMERAL_STORAGE);

  private PodTranslation() {}

  /** Translates {@code pod} with what the engine resolved for it. Never throws. */
  public static TranslationResult translate(PodView pod, TranslationInputs inputs) {
    return new Run(pod, inputs).run();
  }

  /** One translation, holding what its steps share. */
  private static final class Run {
    private final PodView pod;
    private final TranslationInputs inputs;
    private final Problems problems;

    Run(PodView pod, TranslationInputs inputs) {
      this.pod = pod;
      this.inputs = inputs;
      this.problems = new Problems(inputs.placeholdersForMissing());
    }

    TranslationResult run() {
      hostNamespaces();
      containerCount();
      ParsedAnnotations annotations = CubeAnnotations.parse(pod.annotations());
      problems.violations.addAll(annotations.violations());
      problems.warnings.addAll(annotations.warnings());

      List<ContainerDemand> demands = demands(pod.containers(), "spec.containers");
      List<ContainerDemand> initDemands = demands(pod.initContainers(), "spec.initContainers");
      Optional<Sizing> sizing = size(demands, initDemands);
      Map<String, Allocation> allocations = allocations(sizing);

      DownwardApi downwardApi = new DownwardApi(pod, allocations);
      List<CubeVolume> volumes =
          new VolumeTranslator(pod, inputs, downwardApi, problems).translate();
      List<CubePullSecret> pullSecrets = PullSecrets.translate(pod, inputs, problems);

      Set<String> volumeNames =
          pod.volumes().stream().map(Volume::name).collect(Collectors.toSet());
      ContainerTranslator containers =
          new ContainerTranslator(pod, inputs, downwardApi, problems, volumeNames);
      List<CubeContainer> initContainers = new ArrayList<>();
      for (int i = 0; i < pod.initContainers().size(); i++) {
        ContainerView container = pod.initContainers().get(i);
        initContainers.add(
            containers.translate(
                container,
                FieldPaths.index("spec.initContainers", i),
                allocations.get(container.name()),
                true));
      }
      List<CubeContainer> appContainers = new ArrayList<>();
      for (int i = 0; i < pod.containers().size(); i++) {
        ContainerView container = pod.containers().get(i);
        appContainers.add(
            containers.translate(
                container,
                FieldPaths.index("spec.containers", i),
                allocations.get(container.name()),
                false));
      }
      registryWarnings(pullSecrets);

      if (!problems.violations.isEmpty()) {
        return new TranslationResult.Rejected(
            problems.violations, problems.unresolved, problems.warnings);
      }
      if (!problems.unresolved.isEmpty() && !problems.placeholders()) {
        return new TranslationResult.Waiting(problems.unresolved, problems.warnings);
      }
      CubeSpec.Builder spec =
          new CubeSpec.Builder()
              .name(pod.name())
              .podUid(pod.uid())
              .putAllLabels(pod.labels())
              .putAllAnnotations(cubeAnnotations())
              .addAllInitContainers(initContainers)
              .addAllContainers(appContainers)
              .restartPolicy(pod.restartPolicy())
              .addAllVolumes(volumes)
              .addAllImagePullSecrets(pullSecrets);
      dns(spec);
      pod.hostAliases().forEach(a -> spec.addHostAliases(new HostAlias(a.ip(), a.hostnames())));
      return new TranslationResult.Translated(
          spec.build(),
          annotations.options(),
          sizing.orElseThrow(),
          problems.warnings,
          problems.unresolved);
    }

    private void hostNamespaces() {
      if (pod.hostNetwork()) {
        problems.violation(
            "spec.hostNetwork",
            "true is not supported by Cube: each Cube has its own VPC address; remove it");
      }
      if (pod.hostPid()) {
        problems.violation(
            "spec.hostPID", "true is not supported by Cube: a Cube has no host to share PIDs with");
      }
      if (pod.hostIpc()) {
        problems.violation(
            "spec.hostIPC", "true is not supported by Cube: a Cube has no host to share IPC with");
      }
    }

    private void containerCount() {
      int count = pod.containers().size();
      if (count == 0) {
        problems.violation("spec.containers", "a pod needs at least one container");
      } else if (count > MAX_CONTAINERS) {
        problems.violation(
            "spec.containers",
            count
                + " containers; Cube runs 1 to "
                + MAX_CONTAINERS
                + " containers per pod (init containers are not counted)");
      }
    }

    /** Parses each container's quantities, reporting malformed and unsupported ones. */
    private List<ContainerDemand> demands(List<ContainerView> containers, String listPath) {
      List<ContainerDemand> demands = new ArrayList<>();
      for (int i = 0; i < containers.size(); i++) {
        String path = FieldPaths.field(FieldPaths.index(listPath, i), "resources");
        Resources resources = containers.get(i).resources();
        demands.add(
            new ContainerDemand(
                quantity(resources.requests(), Resources.CPU, path + ".requests", Cpu::parse),
                quantity(resources.limits(), Resources.CPU, path + ".limits", Cpu::parse),
                quantity(resources.requests(), Resources.MEMORY, path + ".requests", Memory::parse),
                quantity(resources.limits(), Resources.MEMORY, path + ".limits", Memory::parse)));
        ephemeralStorage(resources.requests(), path + ".requests");
        ephemeralStorage(resources.limits(), path + ".limits");
        unsupportedResources(resources.requests(), path + ".requests");
        unsupportedResources(resources.limits(), path + ".limits");
      }
      return demands;
    }

    private <T> Optional<T> quantity(
        Map<String, String> list, String resource, String path, Function<String, T> parse) {
      String text = list.get(resource);
      if (text == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(parse.apply(text));
      } catch (RuntimeException malformed) {
        problems.violation(
            FieldPaths.field(path, resource),
            "\""
                + text
                + "\" is not a Kubernetes quantity; expected a number with an optional suffix such"
                + " as 500m, 2, 512Mi or 2Gi");
        return Optional.empty();
      }
    }

    private void ephemeralStorage(Map<String, String> list, String path) {
      quantity(list, Resources.EPHEMERAL_STORAGE, path, Memory::parse)
          .filter(amount -> amount.compareTo(EPHEMERAL_STORAGE_LIMIT) > 0)
          .ifPresent(
              amount ->
                  problems.violation(
                      FieldPaths.field(path, Resources.EPHEMERAL_STORAGE),
                      amount
                          + " is more than Cube's 10Gi of temporary storage per container; mount a"
                          + " UDisk PersistentVolumeClaim for more"));
    }

    private void unsupportedResources(Map<String, String> list, String path) {
      list.keySet().stream()
          .filter(name -> !SIZED_RESOURCES.contains(name))
          .sorted()
          .forEach(
              name ->
                  problems.violation(
                      FieldPaths.key(path, name),
                      "Cube offers cpu, memory and ephemeral-storage only, not " + name));
    }

    private Optional<Sizing> size(
        List<ContainerDemand> demands, List<ContainerDemand> initDemands) {
      if (demands.isEmpty()) {
        return Optional.empty();
      }
      Optional<Sizing> sizing;
      try {
        sizing = SizeRule.size(demands, initDemands, inputs.defaultSize());
      } catch (ArithmeticException overflow) {
        sizing = Optional.empty();
      }
      if (sizing.isEmpty()) {
        Cpu cpu = safe(() -> SizeRule.cpuNeed(demands, initDemands), Cpu.ofMillis(Long.MAX_VALUE));
        Memory memory =
            safe(() -> SizeRule.memoryNeed(demands, initDemands), Memory.ofBytes(Long.MAX_VALUE));
        boolean single = pod.containers().size() == 1 && pod.initContainers().isEmpty();
        problems.violation(
            single ? "spec.containers[0].resources" : "spec.containers",
            "cpu "
                + cpu.toQuantity()
                + " with memory "
                + memory.toQuantity()
                + (single ? "" : " (the containers' requests and limits together)")
                + " fits no Cube size; allowed sizes: "
                + CubeSize.describeAllowed());
        return Optional.empty();
      }
      List<Allocation> limits = sizing.get().containers();
      for (int i = 0; i < limits.size(); i++) {
        if (limits.get(i).cpu().millis() == 0 || limits.get(i).memory().bytes() == 0) {
          problems.warning(
              FieldPaths.field(FieldPaths.index("spec.containers", i), "resources"),
              "gets a limit of cpu "
                  + limits.get(i).cpu().toQuantity()
                  + " and memory "
                  + limits.get(i).memory().toQuantity()
                  + ": the other containers' requests take the whole Cube size "
                  + sizing.get().size()
                  + "; give this container requests of its own");
        }
      }
      return sizing;
    }

    private Map<String, Allocation> allocations(Optional<Sizing> sizing) {
      Map<String, Allocation> allocations = new HashMap<>();
      Allocation none = new Allocation(Cpu.ZERO, Memory.ZERO);
      for (int i = 0; i < pod.initContainers().size(); i++) {
        int index = i;
        allocations.put(
            pod.initContainers().get(i).name(),
            sizing.map(s -> s.initContainers().get(index)).orElse(none));
      }
      for (int i = 0; i < pod.containers().size(); i++) {
        int index = i;
        allocations.put(
            pod.containers().get(i).name(),
            sizing.map(s -> s.containers().get(index)).orElse(none));
      }
      return allocations;
    }

    /** Images Cube probably cannot pull: it reaches UHub and registries in its VPC only. */
    private void registryWarnings(List<CubePullSecret> pullSecrets) {
      Set<String> inVpc =
          pullSecrets.stream()
              .filter(p -> p.registryAddr().isPresent())
              .map(CubePullSecret::registryServer)
              .collect(Collectors.toSet());
      List<ContainerView> all = pod.allContainers();
      for (int i = 0; i < all.size(); i++) {
        boolean init = i < pod.initContainers().size();
        int index = init ? i : i - pod.initContainers().size();
        String registry = ImageReference.registry(all.get(i).image());
        if (ImageReference.UHUB_HOSTS.contains(registry) || inVpc.contains(registry)) {
          continue;
        }
        problems.warning(
            FieldPaths.field(
                FieldPaths.index(init ? "spec.initContainers" : "spec.containers", index), "image"),
            "\""
                + all.get(i).image()
                + "\" is pulled from "
                + registry
                + ", which is neither UHub ("
                + String.join(", ", new java.util.TreeSet<>(ImageReference.UHUB_HOSTS))
                + ") nor a registry in the VPC named by an image pull secret's registryaddr;"
                + " Cube cannot pull images from the internet");
      }
    }

    /** Only the Cube's own annotations travel: others may be large or say things Cube need not. */
    private Map<String, String> cubeAnnotations() {
      Map<String, String> annotations = new LinkedHashMap<>();
      pod.annotations().entrySet().stream()
          .filter(e -> e.getKey().startsWith("cube.ucloud.cn/"))
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> annotations.put(e.getKey(), e.getValue()));
      return annotations;
    }

    /**
     * The resolver, as kubelet builds resolv.conf: with cluster DNS (cluster-IP support) a
     * ClusterFirst pod gets the cluster's name server, search path and ndots, written out
     * explicitly, then its own dnsConfig appended; a pod with policy None gets exactly its
     * dnsConfig; otherwise (Default, or ClusterFirst without a reachable cluster DNS) Cube's own
     * VPC resolver plus the pod's extra settings.
     */
    private void dns(CubeSpec.Builder spec) {
      String policy = pod.dnsPolicy().orElse("ClusterFirst");
      Optional<DnsConfig> own = pod.dnsConfig();
      List<String> nameservers = new ArrayList<>();
      List<String> searches = new ArrayList<>();
      Map<String, Optional<String>> options = new LinkedHashMap<>();
      boolean clusterFirst =
          policy.equals("ClusterFirst") || policy.equals("ClusterFirstWithHostNet");
      boolean clusterResolver = clusterFirst && inputs.clusterDns().isPresent();
      if (clusterFirst && !clusterResolver) {
        problems.warning(
            "spec.dnsPolicy",
            policy
                + (inputs.clusterIpSupport()
                    ? ": the cluster has no DNS Service with a cluster IP (kube-system/kube-dns),"
                    : ": the virtual node has no cluster-IP support, so the Cube cannot reach"
                        + " the cluster DNS;")
                + " the Cube resolves names with its VPC's DNS and Service names do not resolve"
                + " (set dnsPolicy: Default if that is intended)");
      }
      if (clusterResolver) {
        ClusterDns dns = inputs.clusterDns().get();
        nameservers.add(dns.nameserver());
        searches.add(pod.namespace() + ".svc." + dns.clusterDomain());
        searches.add("svc." + dns.clusterDomain());
        searches.add(dns.clusterDomain());
        options.put("ndots", Optional.of("5"));
      } else if (!policy.equals("None") && own.isEmpty()) {
        return;
      }
      own.ifPresent(
          config -> {
            config.nameservers().stream()
                .filter(n -> !nameservers.contains(n))
                .forEach(nameservers::add);
            config.searches().stream().filter(d -> !searches.contains(d)).forEach(searches::add);
            config.options().forEach(o -> options.put(o.name(), o.value()));
          });
      if (nameservers.size() > MAX_NAMESERVERS) {
        problems.warning(
            "spec.dnsConfig.nameservers",
            "Nameserver limits were exceeded, some nameservers have been omitted, the applied"
                + " nameserver line is: "
                + String.join(" ", nameservers.subList(0, MAX_NAMESERVERS)));
        nameservers.subList(MAX_NAMESERVERS, nameservers.size()).clear();
      }
      if (clusterResolver || policy.equals("None")) {
        spec.dnsPolicy("None");
      }
      spec.dnsConfig(
          new CubeDnsConfig(
              nameservers,
              searches,
              options.entrySet().stream()
                  .map(e -> new CubeDnsConfig.Option(e.getKey(), e.getValue()))
                  .toList()));
    }

    private static <T> T safe(java.util.function.Supplier<T> value, T fallback) {
      try {
        return value.get();
      } catch (ArithmeticException overflow) {
        return fallback;
      }
    }
  }
}
