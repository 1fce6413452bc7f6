package io.cubevk.adapter.fake.apiserver;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Renders a kubeconfig (YAML) with one cluster, one token user and one context. */
final class Kubeconfig {
  private Kubeconfig() {}

  static String render(String server, String caPem, String token, String name) {
    StringBuilder sb = new StringBuilder();
    sb.append("apiVersion: v1\n");
    sb.append("kind: Config\n");
    sb.append("clusters:\n");
    sb.append("- name: ").append(name).append('\n');
    sb.append("  cluster:\n");
    sb.append("    server: ").append(server).append('\n');
    if (caPem != null) {
      sb.append("    certificate-authority-data: ")
          .append(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)))
          .append('\n');
    }
    sb.append("users:\n");
    sb.append("- name: ").append(name).append("-admin\n");
    sb.append("  user:\n");
    sb.append("    token: ").append(token).append('\n');
    sb.append("contexts:\n");
    sb.append("- name: ").append(name).append('\n');
    sb.append("  context:\n");
    sb.append("    cluster: ").append(name).append('\n');
    sb.append("    user: ").append(name).append("-admin\n");
    sb.append("    namespace: default\n");
    sb.append("current-context: ").append(name).append('\n');
    return sb.toString();
  }
}
