package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubePort;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.Placement;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.pod.RestartPolicy;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Cube documents for the fake's tests, built fluently instead of written as YAML. */
public final class TestCubes {

  public static final Placement PLACEMENT =
      Placement.of("cn-bj2-05", "uvnet-test", "subnet-test", "uk8s-test-vk-aaaaa");

  private final String name;
  private PodUid uid = PodUid.of(UUID.randomUUID().toString());
  private RestartPolicy policy = RestartPolicy.ALWAYS;
  private final List<CubeContainer> inits = new ArrayList<>();
  private final List<CubeContainer> mains = new ArrayList<>();
  private final List<CubeVolume> volumes = new ArrayList<>();

  private TestCubes(String name) {
    this.name = name;
  }

  public static TestCubes cube(String name) {
    return new TestCubes(name);
  }

  /** A one-container Cube (500m / 512Mi) running {@code sh -c script}. */
  public static CubeSpec script(String name, String script) {
    return cube(name).container(container("main").command("sh", "-c", script)).build();
  }

  public static ContainerFixture container(String name) {
    return new ContainerFixture(name);
  }

  public TestCubes uid(PodUid podUid) {
    this.uid = podUid;
    return this;
  }

  public TestCubes restartPolicy(RestartPolicy p) {
    this.policy = p;
    return this;
  }

  public TestCubes init(ContainerFixture c) {
    inits.add(c.build());
    return this;
  }

  public TestCubes container(ContainerFixture c) {
    mains.add(c.build());
    return this;
  }

  public TestCubes volume(CubeVolume v) {
    volumes.add(v);
    return this;
  }

  public CubeSpec build() {
    return new CubeSpec.Builder()
        .name(name)
        .podUid(uid)
        .restartPolicy(policy)
        .addAllInitContainers(inits)
        .addAllContainers(mains)
        .addAllVolumes(volumes)
        .build();
  }

  /** One container: busybox, 500m / 512Mi unless told otherwise. */
  public static final class ContainerFixture {
    private final CubeContainer.Builder b = new CubeContainer.Builder();
    private String image = "uhub.ucloud-global.com/library/busybox:1.36";
    private CubeResources limits = CubeResources.of(Cpu.ofMillis(500), Memory.ofMebibytes(512));

    ContainerFixture(String name) {
      b.name(name);
    }

    public ContainerFixture command(String... argv) {
      b.addCommand(argv);
      return this;
    }

    public ContainerFixture args(String... args) {
      b.addArgs(args);
      return this;
    }

    public ContainerFixture image(String image) {
      this.image = image;
      return this;
    }

    public ContainerFixture limits(Cpu cpu, Memory memory) {
      this.limits = CubeResources.of(cpu, memory);
      return this;
    }

    public ContainerFixture env(String name, String value) {
      b.addEnv(CubeEnvVar.of(name, value));
      return this;
    }

    public ContainerFixture port(int port) {
      b.addPorts(CubePort.tcp(port));
      return this;
    }

    public ContainerFixture workingDir(String dir) {
      b.workingDir(dir);
      return this;
    }

    public ContainerFixture mount(String volume, String path) {
      b.addVolumeMounts(CubeVolumeMount.of(volume, path, true));
      return this;
    }

    public ContainerFixture mountSubPath(String volume, String path, String subPath) {
      b.addVolumeMounts(new CubeVolumeMount(volume, path, true, java.util.Optional.of(subPath)));
      return this;
    }

    CubeContainer build() {
      return b.image(image).limits(limits).build();
    }
  }
}
