package io.cubevk.adapter.k8s.cluster;

import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kubelet's service-link environment ({@code pkg/kubelet/envvars}): for each Service with a cluster
 * IP, {@code NAME_SERVICE_HOST}, {@code NAME_SERVICE_PORT}, one {@code NAME_SERVICE_PORT_<PORT>}
 * per named port, and the Docker-link style {@code NAME_PORT…} variables. Names are upper-cased
 * with dashes turned into underscores.
 */
final class ServiceLinks {

  private ServiceLinks() {}

  static Map<String, String> environment(Collection<V1Service> services) {
    Map<String, String> env = new TreeMap<>();
    for (V1Service service : services) {
      if (service.getSpec() == null) {
        continue;
      }
      String ip = service.getSpec().getClusterIP();
      if (ip == null || ip.isEmpty() || ip.equals("None")) {
        continue;
      }
      var ports = service.getSpec().getPorts();
      if (ports == null || ports.isEmpty()) {
        continue;
      }
      String name = envName(service.getMetadata().getName());
      env.put(name + "_SERVICE_HOST", ip);
      env.put(name + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
      for (V1ServicePort port : ports) {
        if (port.getName() != null && !port.getName().isEmpty()) {
          env.put(
              name + "_SERVICE_PORT_" + envName(port.getName()), String.valueOf(port.getPort()));
        }
      }
      V1ServicePort first = ports.get(0);
      env.put(name + "_PORT", url(first, ip));
      for (V1ServicePort port : ports) {
        String protocol = protocol(port);
        String prefix = name + "_PORT_" + port.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
        env.put(prefix, url(port, ip));
        env.put(prefix + "_PROTO", protocol);
        env.put(prefix + "_PORT", String.valueOf(port.getPort()));
        env.put(prefix + "_ADDR", ip);
      }
    }
    return env;
  }

  private static String url(V1ServicePort port, String ip) {
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return protocol(port) + "://" + host + ":" + port.getPort();
  }

  private static String protocol(V1ServicePort port) {
    return (port.getProtocol() == null ? "TCP" : port.getProtocol()).toLowerCase(Locale.ROOT);
  }

  private static String envName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
