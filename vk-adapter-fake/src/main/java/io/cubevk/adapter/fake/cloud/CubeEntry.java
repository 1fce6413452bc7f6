package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.ChargeType;
import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.pod.PodUid;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One Cube of the fake cloud: identity, placement and address (fixed), its document, name, tag and
 * firewalls (changeable), and its containers' simulation. Every read advances the simulation to the
 * moment asked about; all of it is guarded by this object's monitor, held only for in-memory work.
 */
final class CubeEntry {

  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  final CubeId id;
  final long seq;
  final PodUid podUid;
  final Placement placement;
  final Instant createdAt;
  final String podIp;
  private final Duration createDelay;
  private CubeSpec spec;
  private final CubeOptions options;
  private String name;
  private String tag;
  private final CubeSim sim;
  private Instant deletedAt;
  private final Set<String> firewalls = new TreeSet<>();

  CubeEntry(
      CubeId id,
      long seq,
      CubeSpec spec,
      CubeOptions options,
      Placement placement,
      Instant createdAt,
      Duration createDelay,
      String podIp,
      int logLines) {
    this.id = id;
    this.seq = seq;
    this.podUid = spec.podUid();
    this.spec = spec;
    this.options = options;
    this.placement = placement;
    this.createdAt = createdAt;
    this.createDelay = createDelay;
    this.podIp = podIp;
    this.name = spec.name();
    this.tag = options.tag();
    this.sim = new CubeSim(spec, createdAt, createDelay, logLines, this::mainContext);
  }

  synchronized ObservedCube observe(Instant now) {
    if (deletedAt == null) {
      sim.advance(now);
    }
    return ObservedCube.of(
        id,
        spec,
        sim.status(deletedAt == null ? now : deletedAt, createdAt, podIp, spec.name(), deleting()));
  }

  synchronized boolean deleting() {
    return deletedAt != null;
  }

  synchronized boolean goneAt(Instant now, Duration deleteDelay) {
    return deletedAt != null && !now.isBefore(deletedAt.plus(deleteDelay));
  }

  /** Marks the Cube deleted and stops its containers; false when it already was. */
  synchronized boolean markDeleted(Instant now) {
    if (deletedAt != null) {
      return false;
    }
    sim.advance(now);
    sim.stop(now);
    deletedAt = now;
    return true;
  }

  synchronized void reboot(Instant now) {
    sim.advance(now);
    sim.reboot(now, createDelay);
  }

  synchronized void renew(CubeSpec newSpec, Instant now) {
    sim.advance(now);
    spec = newSpec;
    sim.redefine(newSpec);
  }

  synchronized CubeSpec spec() {
    return spec;
  }

  synchronized String name() {
    return name;
  }

  synchronized void rename(String newName) {
    name = newName;
  }

  synchronized String tag() {
    return tag;
  }

  synchronized void retag(String newTag) {
    tag = newTag;
  }

  synchronized void grantFirewall(String firewallId) {
    firewalls.add(firewallId);
  }

  synchronized Set<String> firewalls() {
    return new TreeSet<>(firewalls);
  }

  /** When a prepaid Cube expires: the end of its paid months or years (UTC). */
  Optional<Instant> expiration() {
    ZonedDateTime created = createdAt.atZone(ZoneOffset.UTC);
    return switch (options.chargeType()) {
      case POSTPAY -> Optional.empty();
      case MONTH ->
          Optional.of(
              options.quantity() == 0
                  ? created.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).plusMonths(1).toInstant()
                  : created.plusMonths(options.quantity()).toInstant());
      case YEAR -> Optional.of(created.plusYears(options.quantity()).toInstant());
    };
  }

  ChargeType chargeType() {
    return options.chargeType();
  }

  /**
   * Runs {@code action} on a container after advancing to {@code now}, under this Cube's lock.
   *
   * @return empty when the Cube has no container of that name
   */
  synchronized <T> Optional<T> withContainer(
      String container, Instant now, Function<ContainerSim, T> action) {
    if (deletedAt == null) {
      sim.advance(now);
    }
    return sim.container(container).map(action);
  }

  synchronized Stream<String> containerNames() {
    return sim.containers().map(ContainerSim::name).toList().stream();
  }

  /** The file system a container sees, from the current document. */
  synchronized FileTree files(String container) {
    CubeContainer def =
        Stream.concat(spec.initContainers().stream(), spec.containers().stream())
            .filter(c -> c.name().equals(container))
            .findFirst()
            .orElseThrow();
    return FileTree.of(spec, def);
  }

  /** What a process exec'd into a container sees. */
  synchronized Shell.Context execContext(
      String container, boolean stdin, boolean tty, Shell.Terminal terminal) {
    CubeContainer def = definition(container);
    return new Shell.Context(
        def.image(),
        spec.name(),
        env(def),
        def.workingDir().orElse("/"),
        () -> files(container),
        stdin,
        tty,
        terminal);
  }

  synchronized CubeContainer definition(String container) {
    return Stream.concat(spec.initContainers().stream(), spec.containers().stream())
        .filter(c -> c.name().equals(container))
        .findFirst()
        .orElseThrow();
  }

  private Shell.Context mainContext(ContainerSim c) {
    CubeContainer def = c.definition();
    return new Shell.Context(
        def.image(),
        spec.name(),
        env(def),
        def.workingDir().orElse("/"),
        () -> files(def.name()),
        false,
        false,
        new Shell.Terminal());
  }

  private Map<String, String> env(CubeContainer def) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", PATH);
    env.put("HOSTNAME", spec.name());
    for (CubeEnvVar v : def.env()) {
      env.put(v.name(), v.value());
    }
    env.putIfAbsent("HOME", "/root");
    return env;
  }
}
