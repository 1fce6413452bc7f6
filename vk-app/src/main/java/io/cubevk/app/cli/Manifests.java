package io.cubevk.app.cli;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.CreateOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Kubernetes documents read from files (YAML, several per file, or JSON; {@code kind: List}
 * expanded) and created through the API server in dependency order, as {@code kubectl create -f}
 * would have to be run file by file to succeed.
 */
final class Manifests {

  /**
   * Which kinds go first: what pods refer to exists before the pods, so nothing waits that need
   * not. Workloads before Pods, and anything unknown with the workloads.
   */
  static final List<String> ORDER =
      List.of(
          "Namespace",
          "ServiceAccount",
          "Secret",
          "ConfigMap",
          "StorageClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "Service");

  private static final int WORKLOADS = ORDER.size();
  private static final int PODS = WORKLOADS + 1;

  /** One document, and where it came from (for messages). */
  record Document(Path file, int index, Map<String, Object> content) {

    String apiVersion() {
      return String.valueOf(content.getOrDefault("apiVersion", ""));
    }

    String kind() {
      return String.valueOf(content.getOrDefault("kind", ""));
    }

    String group() {
      String v = apiVersion();
      return v.contains("/") ? v.substring(0, v.indexOf('/')) : "";
    }

    String version() {
      String v = apiVersion();
      return v.contains("/") ? v.substring(v.indexOf('/') + 1) : v;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> metadata() {
      Object m = content.get("metadata");
      return m instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    String name() {
      return String.valueOf(metadata().getOrDefault("name", ""));
    }

    Optional<String> namespace() {
      return Optional.ofNullable(metadata().get("namespace")).map(String::valueOf);
    }

    int rank() {
      int i = ORDER.indexOf(kind());
      if (i >= 0) {
        return i;
      }
      return kind().equals("Pod") ? PODS : WORKLOADS;
    }

    String where() {
      return file + " (document " + (index + 1) + ", " + kind() + " " + name() + ")";
    }
  }

  /** How a kind is addressed: its plural and whether it lives in a namespace. */
  interface ResourceResolver {
    Optional<Resource> resolve(String group, String version, String kind);
  }

  record Resource(String plural, boolean namespaced) {}

  private Manifests() {}

  /**
   * Reads every file; every problem (unreadable file, a document without apiVersion, kind or name)
   * is collected, none stops the reading.
   */
  static List<Document> read(List<Path> files, List<String> problems) {
    List<Document> documents = new ArrayList<>();
    for (Path file : files) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int index = 0;
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
          for (Object item : expandLists(doc)) {
            int i = index++;
            if (!(item instanceof Map<?, ?> map)) {
              if (item != null) {
                problems.add(
                    file + " (document " + (i + 1) + "): not a Kubernetes object (a mapping)");
              }
              continue;
            }
            @SuppressWarnings("unchecked")
            Document d = new Document(file, i, (Map<String, Object>) map);
            if (d.apiVersion().isEmpty() || d.kind().isEmpty() || d.name().isEmpty()) {
              problems.add(
                  file
                      + " (document "
                      + (i + 1)
                      + "): not a Kubernetes object; apiVersion, kind and metadata.name are"
                      + " required");
              continue;
            }
            documents.add(d);
          }
        }
      } catch (IOException e) {
        problems.add(file + ": cannot read it: " + Kubeconfigs.why(e));
      } catch (RuntimeException e) { // SnakeYAML's parse errors carry the line and column
        problems.add(file + ": not YAML or JSON: " + e.getMessage().replace('\n', ' '));
      }
    }
    return documents;
  }

  private static List<Object> expandLists(Object doc) {
    if (doc instanceof Map<?, ?> map
        && "List".equals(map.get("kind"))
        && map.get("items") instanceof List<?> items) {
      return new ArrayList<>(items);
    }
    List<Object> one = new ArrayList<>();
    one.add(doc);
    return one;
  }

  /** The documents in creation order; files and documents keep their order within a kind. */
  static List<Document> inDependencyOrder(List<Document> documents) {
    List<Document> sorted = new ArrayList<>(documents);
    sorted.sort(Comparator.comparingInt(Document::rank)); // stable
    return sorted;
  }

  /**
   * Creates each document through the API server; failures are collected with the document's file
   * and the server's message, and do not stop the rest.
   */
  static List<String> create(
      ApiClient client, List<Document> documents, ResourceResolver resolver) {
    List<String> problems = new ArrayList<>();
    Gson gson = new Gson();
    for (Document d : inDependencyOrder(documents)) {
      Optional<Resource> resource = resolver.resolve(d.group(), d.version(), d.kind());
      if (resource.isEmpty()) {
        problems.add(
            d.where() + ": the API server serves no kind " + d.kind() + " in " + d.apiVersion());
        continue;
      }
      DynamicKubernetesApi api =
          new DynamicKubernetesApi(d.group(), d.version(), resource.get().plural(), client);
      DynamicKubernetesObject object =
          new DynamicKubernetesObject(gson.toJsonTree(d.content()).getAsJsonObject());
      KubernetesApiResponse<DynamicKubernetesObject> answer =
          resource.get().namespaced()
              ? api.create(d.namespace().orElse("default"), object, new CreateOptions())
              : api.create(object, new CreateOptions());
      if (!answer.isSuccess()) {
        problems.add(
            d.where()
                + ": "
                + Optional.ofNullable(answer.getStatus())
                    .map(s -> s.getMessage())
                    .orElse("HTTP " + answer.getHttpStatusCode()));
      }
    }
    return problems;
  }
}
