package io.cubevk.domain.translation;

import io.cubevk.domain.pod.PodView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service variables that open every container's environment, as kubelet's {@code envvars}
 * builds them: the namespace's Services when {@code enableServiceLinks} allows, and always the
 * master service's ({@code kubernetes} in {@code default}). On a node without cluster-IP support
 * the master service's variables name the API server's real endpoint instead of its cluster IP,
 * which a Cube cannot reach.
 */
final class ServiceEnvironment {

  private static final String MASTER = "KUBERNETES";

  private ServiceEnvironment() {}

  static Map<String, String> of(PodView pod, TranslationInputs inputs) {
    Map<String, String> env = new LinkedHashMap<>();
    inputs.serviceEnvironment().entrySet().stream()
        .filter(e -> pod.enableServiceLinks() || isMaster(e.getKey()))
        .forEach(e -> env.put(e.getKey(), e.getValue()));
    inputs
        .apiServerEndpoint()
        .ifPresent(
            endpoint -> {
              env.keySet().removeIf(ServiceEnvironment::isMaster);
              env.putAll(master(endpoint));
            });
    return env;
  }

  /** What kubelet writes for a Service {@code kubernetes} with one TCP port named https. */
  static Map<String, String> master(ApiServerEndpoint endpoint) {
    Map<String, String> env = new LinkedHashMap<>();
    String port = String.valueOf(endpoint.port());
    String url = "tcp://" + endpoint;
    String prefix = MASTER + "_PORT_" + port + "_TCP";
    env.put(MASTER + "_SERVICE_HOST", endpoint.host());
    env.put(MASTER + "_SERVICE_PORT", port);
    env.put(MASTER + "_SERVICE_PORT_HTTPS", port);
    env.put(MASTER + "_PORT", url);
    env.put(prefix, url);
    env.put(prefix + "_PROTO", "tcp");
    env.put(prefix + "_PORT", port);
    env.put(prefix + "_ADDR", endpoint.host());
    return env;
  }

  private static boolean isMaster(String name) {
    return name.equals(MASTER + "_SERVICE_HOST")
        || name.startsWith(MASTER + "_SERVICE_PORT")
        || name.equals(MASTER + "_PORT")
        || name.startsWith(MASTER + "_PORT_");
  }
}
