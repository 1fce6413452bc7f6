package io.cubevk.domain.cube.codec;

import io.cubevk.domain.cube.CubeVolume;
import io.cubevk.domain.cube.FileBytes;

/**
 * The field names of the Cube dialect that differ from Kubernetes or are the least certain part of
 * UCloud's documentation (cube-api.md: "the volume and pull-secret field names are the least
 * certain part"). Each is one constant, so a correction is one edit.
 */
final class CubeDialect {

  static final String EMPTY_DIR = "emptyDir";
  static final String NFS = "nfs";
  static final String UDISK = "udisk";
  static final String CONFIG_MAP = "configMap";
  static final String SECRET = "secret";

  /** Cube spells the registry's private address in lowercase, as its documentation does. */
  static final String REGISTRY_ADDR = "registryaddr";

  static final String REGISTRY_VPC = "vpcId";

  /**
   * ASSUMPTION (cube-api.md's table): the Cube document takes Kubernetes' {@code dnsPolicy} words
   * and a Kubernetes-like {@code dnsConfig} ({@code nameservers}, {@code searches}, {@code options}
   * of {@code name}/{@code value}), with the same meaning: {@code None} uses exactly the config, no
   * policy means the VPC's resolver with the config appended. The agent writes the cluster resolver
   * out in full (policy None), so no cluster knowledge is expected of Cube.
   */
  static final String DNS_POLICY = "dnsPolicy";

  static final String DNS_CONFIG = "dnsConfig";

  /** Cube writes {@code podIp} with a lowercase p, unlike Kubernetes' {@code podIP}. */
  static final String POD_IP = "podIp";

  private CubeDialect() {}

  static String filesKey(CubeVolume.Files.Kind kind) {
    return kind == CubeVolume.Files.Kind.SECRET ? SECRET : CONFIG_MAP;
  }

  /**
   * Inline file content. The documentation allows "base64 or text"; base64 always carries binary
   * files and text alike, so the agent always sends it (an assumption: see cube-api.md).
   */
  static String encodeFile(FileBytes bytes) {
    return bytes.base64();
  }

  static FileBytes decodeFile(String text) {
    return FileBytes.fromBase64(text);
  }
}
