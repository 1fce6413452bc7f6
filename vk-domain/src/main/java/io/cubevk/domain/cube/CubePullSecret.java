package io.cubevk.domain.cube;

import java.util.Optional;

/**
 * Registry credentials carried inline in the Cube document (from a {@code
 * kubernetes.io/dockerconfigjson} Secret), with UCloud's extra fields for registries inside a VPC.
 * The password never appears in {@link #toString()}.
 *
 * @param registryServer the registry host, e.g. {@code myhub.ucloud-global.com}
 * @param registryAddr the registry's private IP, for self-hosted registries in a VPC
 * @param vpcId the VPC of that registry
 */
public record CubePullSecret(
    String registryServer,
    String username,
    String password,
    Optional<String> registryAddr,
    Optional<String> vpcId) {

  @Override
  public String toString() {
    return "CubePullSecret{registryServer="
        + registryServer
        + ", username="
        + username
        + ", password=<redacted>"
        + registryAddr.map(a -> ", registryAddr=" + a).orElse("")
        + vpcId.map(v -> ", vpcId=" + v).orElse("")
        + "}";
  }
}
