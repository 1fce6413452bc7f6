package io.cubevk.adapter.k8s;

import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The pod a Kubernetes document stands for: a Pod itself, or the pod template of a Deployment,
 * StatefulSet, DaemonSet, Job or ReplicaSet, made into a pod the way its controller would (name,
 * namespace and uid filled in) so it can be mapped and translated without a cluster.
 */
public final class PodTemplates {

  private PodTemplates() {}

  /**
   * A document's pod.
   *
   * @param kind the document's kind
   * @param name the document's name
   * @param pod the pod, with name, namespace and uid set
   * @param pathPrefix where the pod's fields are in the document: empty for a Pod, {@code
   *     spec.template} for workloads; violation paths go below it
   */
  public record DocumentPod(String kind, String name, V1Pod pod, String pathPrefix) {}

  /**
   * The pod of a document read by client-java's {@code Yaml}, if it is a Pod or a workload with a
   * pod template.
   */
  public static Optional<DocumentPod> of(Object document) {
    if (document instanceof V1Pod pod) {
      V1ObjectMeta meta = Objects.requireNonNullElseGet(pod.getMetadata(), V1ObjectMeta::new);
      pod.metadata(meta);
      String name = Objects.requireNonNullElse(meta.getName(), "");
      fillIdentity(meta, "Pod", name);
      if (pod.getSpec() == null) {
        return Optional.empty();
      }
      return Optional.of(new DocumentPod("Pod", name, pod, ""));
    }
    if (document instanceof V1Deployment d && d.getSpec() != null) {
      return template("Deployment", d.getMetadata(), d.getSpec().getTemplate());
    }
    if (document instanceof V1StatefulSet s && s.getSpec() != null) {
      return template("StatefulSet", s.getMetadata(), s.getSpec().getTemplate());
    }
    if (document instanceof V1DaemonSet s && s.getSpec() != null) {
      return template("DaemonSet", s.getMetadata(), s.getSpec().getTemplate());
    }
    if (document instanceof V1Job j && j.getSpec() != null) {
      return template("Job", j.getMetadata(), j.getSpec().getTemplate());
    }
    if (document instanceof V1ReplicaSet r && r.getSpec() != null) {
      return template("ReplicaSet", r.getMetadata(), r.getSpec().getTemplate());
    }
    return Optional.empty();
  }

  private static Optional<DocumentPod> template(
      String kind, V1ObjectMeta owner, V1PodTemplateSpec template) {
    if (template == null || template.getSpec() == null) {
      return Optional.empty();
    }
    String name = owner == null || owner.getName() == null ? "" : owner.getName();
    V1ObjectMeta meta = Objects.requireNonNullElseGet(template.getMetadata(), V1ObjectMeta::new);
    if (meta.getName() == null) {
      // A controller names its pods after itself; the suffix does not matter offline.
      meta.name(name);
    }
    if (meta.getNamespace() == null && owner != null) {
      meta.namespace(owner.getNamespace());
    }
    fillIdentity(meta, kind, name);
    return Optional.of(
        new DocumentPod(
            kind, name, new V1Pod().metadata(meta).spec(template.getSpec()), "spec.template"));
  }

  /**
   * Offline documents have no namespace or uid yet: the API server's default namespace, and a uid
   * derived from the document so the same file always translates to the same Cube document.
   */
  private static void fillIdentity(V1ObjectMeta meta, String kind, String name) {
    if (meta.getNamespace() == null || meta.getNamespace().isEmpty()) {
      meta.namespace("default");
    }
    if (meta.getName() == null || meta.getName().isEmpty()) {
      meta.name(name.isEmpty() ? kind.toLowerCase(java.util.Locale.ROOT) : name);
    }
    if (meta.getUid() == null || meta.getUid().isEmpty()) {
      String seed = "cube-vk:" + kind + "/" + meta.getNamespace() + "/" + meta.getName();
      meta.uid(UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString());
    }
  }
}
