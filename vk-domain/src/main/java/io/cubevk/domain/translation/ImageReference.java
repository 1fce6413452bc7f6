package io.cubevk.domain.translation;

import java.util.Set;

/** Reads the registry host out of an image reference, as Docker and containerd do. */
final class ImageReference {

  /**
   * UHub, UCloud's registry, under the host names its documentation uses. Cube pulls from these and
   * from registries inside the VPC; nothing else (it has no internet access).
   */
  static final Set<String> UHUB_HOSTS =
      Set.of("uhub.ucloud.cn", "uhub.service.ucloud.cn", "uhub.ucloud-global.com");

  static final String DOCKER_HUB = "docker.io";

  private ImageReference() {}

  /**
   * The registry host of an image: the first path component when it looks like a host (has a dot or
   * a port, or is {@code localhost}), Docker Hub otherwise ({@code nginx}, {@code library/x}).
   */
  static String registry(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return DOCKER_HUB;
    }
    String first = image.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      return first.toLowerCase(java.util.Locale.ROOT);
    }
    return DOCKER_HUB;
  }

  /**
   * The host of a docker config {@code auths} key, which may be a bare host or a URL ({@code
   * https://index.docker.io/v1/}).
   */
  static String hostOfAuthKey(String key) {
    String host = key;
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    host = host.toLowerCase(java.util.Locale.ROOT);
    return host.equals("index.docker.io") || host.equals("registry-1.docker.io")
        ? DOCKER_HUB
        : host;
  }
}
