package io.cubevk.adapter.ucloud;

import io.cubevk.domain.cube.CubeContainer;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeEnvVar;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubePullSecret;
import io.cubevk.domain.cube.CubeResources;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.CubeVolumeMount;
import io.cubevk.domain.cube.FileBytes;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
import io.cubevk.domain.pod.PodUid;
import io.cubevk.domain.resources.Cpu;
import io.cubevk.domain.resources.Memory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.TreeMap;

/** Cube documents for the tests, built as values and encoded by the one codec. */
final class Cubes {

  /** The pull-secret password and secret file content the redaction test looks for. */
  static final String REGISTRY_PASSWORD = "registry-passw0rd-7f3a";

  static final String SECRET_FILE_TEXT = "secret-file-content-91bc";

  private Cubes() {}

  /** A one-container Cube of 1 CPU and 2 GiB. */
  static CubeSpec nginx(String podUid) {
    return base(podUid).addContainers(container("nginx", Cpu.ofCores(1))).build();
  }

  /** A Cube carrying secrets: an env value, a pull-secret password and a secret file. */
  static CubeSpec withSecrets(String podUid) {
    TreeMap<String, FileBytes> files = new TreeMap<>();
    files.put("password.txt", FileBytes.utf8(SECRET_FILE_TEXT));
    CubeContainer nginx =
        new CubeContainer.Builder()
            .name("nginx")
            .image("uhub.ucloud-global.com/ucloud/nginx:latest")
            .limits(CubeResources.of(Cpu.ofCores(1), Memory.parse("2Gi")))
            .addEnv(CubeEnvVar.of("DB_PASSWORD", "env-secret-5d2e"))
            .addVolumeMounts(CubeVolumeMount.of("creds", "/etc/creds", true))
            .build();
    return base(podUid)
        .addContainers(nginx)
        .addVolumes(new CubeVolume.Files("creds", CubeVolume.Files.Kind.SECRET, "creds", files))
        .addImagePullSecrets(
            new CubePullSecret(
                "myhub.ucloud-global.com",
                "robot",
                REGISTRY_PASSWORD,
                Optional.empty(),
                Optional.empty()))
        .build();
  }

  private static CubeSpec.Builder base(String podUid) {
    return new CubeSpec.Builder()
        .name("nginx-" + podUid.substring(0, Math.min(8, podUid.length())))
        .podUid(PodUid.of(podUid))
        .putLabels("app", "nginx");
  }

  static CubeContainer container(String name, Cpu cpu) {
    return new CubeContainer.Builder()
        .name(name)
        .image("uhub.ucloud-global.com/ucloud/" + name + ":latest")
        .limits(CubeResources.of(cpu, Memory.parse("2Gi")))
        .build();
  }

  /** The {@code Pod} field of a stored Cube: base64 of its YAML with cube id and status. */
  static String stored(CubeSpec spec, String cubeId, CubePhase phase) {
    String yaml =
        CubeDocumentCodec.render(
            CubeDocument.stored(spec, CubeId.of(cubeId), CubeStatus.of(phase)));
    return base64(yaml);
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeBase64(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
