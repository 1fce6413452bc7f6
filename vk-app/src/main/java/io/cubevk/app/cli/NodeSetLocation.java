package io.cubevk.app.cli;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the node set's YAML is kept: a file, or a key of a ConfigMap (what deploy/ uses, and what
 * {@code cube-vk node add} edits). Reads and writes the text; {@link NodeSetConfig} reads it.
 */
sealed interface NodeSetLocation {

  /** The default ConfigMap of deploy/. */
  String DEFAULT_CONFIG_MAP = "cube-vk-system/cube-vk";

  String DEFAULT_KEY = "config.yaml";

  /** The YAML now. */
  String read();

  /** Replaces the YAML, refusing if it changed since {@code read} (optimistic locking). */
  void write(String yaml);

  String describe();

  record File(Path path) implements NodeSetLocation {
    @Override
    public String read() {
      try {
        return Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(path + ": cannot read it: " + Kubeconfigs.why(e), e);
      }
    }

    @Override
    public void write(String yaml) {
      try {
        Files.writeString(path, yaml, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(path + ": cannot write it: " + Kubeconfigs.why(e), e);
      }
    }

    @Override
    public String describe() {
      return path.toString();
    }
  }

  /** A ConfigMap key; remembers the resourceVersion it read, so a write never loses an edit. */
  final class ConfigMap implements NodeSetLocation {
    private final ApiClient client;
    private final String namespace;
    private final String name;
    private final String key;
    private String readVersion;

    ConfigMap(ApiClient client, String namespaceAndName, String key) {
      int slash = namespaceAndName.indexOf('/');
      if (slash <= 0 || slash == namespaceAndName.length() - 1) {
        throw new IllegalArgumentException(
            "'" + namespaceAndName + "' is not NAMESPACE/NAME; e.g. " + DEFAULT_CONFIG_MAP);
      }
      this.client = client;
      this.namespace = namespaceAndName.substring(0, slash);
      this.name = namespaceAndName.substring(slash + 1);
      this.key = key;
    }

    @Override
    public synchronized String read() {
      try {
        V1ConfigMap map = new CoreV1Api(client).readNamespacedConfigMap(name, namespace).execute();
        readVersion = map.getMetadata().getResourceVersion();
        String yaml = map.getData() == null ? null : map.getData().get(key);
        if (yaml == null) {
          throw new IllegalStateException(describe() + ": the ConfigMap has no key " + key);
        }
        return yaml;
      } catch (ApiException e) {
        throw new IllegalStateException(
            describe()
                + ": "
                + (e.getCode() == 404
                    ? "not found (deploy/ creates it; or pass --config FILE)"
                    : "cannot read it: HTTP " + e.getCode() + " " + e.getMessage()),
            e);
      }
    }

    @Override
    public synchronized void write(String yaml) {
      CoreV1Api api = new CoreV1Api(client);
      try {
        V1ConfigMap map = api.readNamespacedConfigMap(name, namespace).execute();
        if (readVersion != null && !readVersion.equals(map.getMetadata().getResourceVersion())) {
          throw new IllegalStateException(
              describe() + ": changed by someone else meanwhile; try again");
        }
        Map<String, String> data =
            map.getData() == null ? new HashMap<>() : new HashMap<>(map.getData());
        data.put(key, yaml);
        map.setData(data);
        // replace carries the resourceVersion: a concurrent edit gets 409, not lost
        V1ConfigMap written = api.replaceNamespacedConfigMap(name, namespace, map).execute();
        readVersion = written.getMetadata().getResourceVersion();
      } catch (ApiException e) {
        throw new IllegalStateException(
            describe()
                + ": cannot write it: "
                + (e.getCode() == 409
                    ? "changed by someone else meanwhile; try again"
                    : "HTTP " + e.getCode()),
            e);
      }
    }

    @Override
    public String describe() {
      return "configmap " + namespace + "/" + name + " (key " + key + ")";
    }
  }
}
