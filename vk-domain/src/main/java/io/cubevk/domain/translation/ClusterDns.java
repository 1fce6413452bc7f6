package io.cubevk.domain.translation;

import java.util.Objects;

/**
 * The cluster's DNS service, given to Cubes when the node supports cluster IPs: pods with the
 * default {@code ClusterFirst} policy then resolve Service names as on a kubelet.
 *
 * @param nameserver the cluster IP of the DNS service, e.g. {@code 10.96.0.10}
 * @param clusterDomain the cluster domain, e.g. {@code cluster.local}
 */
public record ClusterDns(String nameserver, String clusterDomain) {

  public ClusterDns {
    Objects.requireNonNull(nameserver, "nameserver");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
  }
}
