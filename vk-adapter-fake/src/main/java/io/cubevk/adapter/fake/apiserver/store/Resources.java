package io.cubevk.adapter.fake.apiserver.store;

import static io.cubevk.adapter.fake.apiserver.store.ResourceType.ALL_VERBS;

import io.cubevk.adapter.fake.apiserver.store.ResourceType.Subresource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue of resources the server serves, the single source for routing and discovery. */
public final class Resources {

  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
  private static final List<String> CREATE_ONLY = List.of("create");

  private final List<ResourceType> all;
  private final Map<String, ResourceType> byGroupVersionPlural = new LinkedHashMap<>();

  private Resources(List<ResourceType> all) {
    this.all = List.copyOf(all);
    for (ResourceType t : all) {
      byGroupVersionPlural.put(t.group() + "/" + t.version() + "/" + t.plural(), t);
    }
  }

  /** The resources of issue 6: core/v1, apps, batch, coordination, storage, reviews, CSRs. */
  public static Resources standard() {
    List<ResourceType> list = new ArrayList<>();
    list.add(
        type("", "v1", "namespaces", "Namespace", false, true, false, List.of("ns"))
            .withSubresources(status("", "Namespace"), sub("finalize", "", "Namespace", "update")));
    list.add(
        type("", "v1", "pods", "Pod", true, true, false, List.of("po"))
            .withCategories("all")
            .withSubresources(
                status("", "Pod"),
                sub("binding", "", "Binding", "create"),
                sub("log", "", "Pod", "get"),
                sub("exec", "", "PodExecOptions", "create", "get"),
                sub("attach", "", "PodAttachOptions", "create", "get"),
                sub("portforward", "", "PodPortForwardOptions", "create", "get"),
                sub("ephemeralcontainers", "", "Pod", "get", "patch", "update")));
    list.add(
        type("", "v1", "nodes", "Node", false, true, false, List.of("no"))
            .withSubresources(status("", "Node"), sub("proxy", "", "NodeProxyOptions", "get")));
    list.add(type("", "v1", "events", "Event", true, false, false, List.of("ev")).build());
    list.add(type("", "v1", "secrets", "Secret", true, false, false, List.of()).build());
    list.add(type("", "v1", "configmaps", "ConfigMap", true, false, false, List.of("cm")).build());
    list.add(
        type("", "v1", "services", "Service", true, true, false, List.of("svc"))
            .withCategories("all")
            .withSubresources(status("", "Service")));
    list.add(type("", "v1", "endpoints", "Endpoints", true, false, false, List.of("ep")).build());
    list.add(
        type(
                "",
                "v1",
                "persistentvolumeclaims",
                "PersistentVolumeClaim",
                true,
                true,
                false,
                List.of("pvc"))
            .withSubresources(status("", "PersistentVolumeClaim")));
    list.add(
        type("", "v1", "persistentvolumes", "PersistentVolume", false, true, false, List.of("pv"))
            .withSubresources(status("", "PersistentVolume")));
    list.add(
        type("", "v1", "serviceaccounts", "ServiceAccount", true, false, false, List.of("sa"))
            .withSubresources(
                new Subresource(
                    "token", "authentication.k8s.io", "v1", "TokenRequest", CREATE_ONLY)));
    list.add(
        type("events.k8s.io", "v1", "events", "Event", true, false, false, List.of("ev"))
            .storedAs("/events")
            .build());
    list.add(
        type("coordination.k8s.io", "v1", "leases", "Lease", true, false, false, List.of())
            .build());
    list.add(review("authentication.k8s.io", "tokenreviews", "TokenReview"));
    list.add(review("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview"));
    list.add(review("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview"));
    list.add(review("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview"));
    list.add(
        type(
                "storage.k8s.io",
                "v1",
                "storageclasses",
                "StorageClass",
                false,
                false,
                false,
                List.of("sc"))
            .build());
    for (String[] apps :
        new String[][] {
          {"deployments", "Deployment", "deploy"},
          {"replicasets", "ReplicaSet", "rs"},
          {"statefulsets", "StatefulSet", "sts"}
        }) {
      list.add(
          type("apps", "v1", apps[0], apps[1], true, true, true, List.of(apps[2]))
              .withCategories("all")
              .withSubresources(
                  status("apps", apps[1]),
                  new Subresource("scale", "autoscaling", "v1", "Scale", STATUS_VERBS)));
    }
    list.add(
        type("apps", "v1", "daemonsets", "DaemonSet", true, true, true, List.of("ds"))
            .withCategories("all")
            .withSubresources(status("apps", "DaemonSet")));
    list.add(
        type("batch", "v1", "jobs", "Job", true, true, true, List.of())
            .withCategories("all")
            .withSubresources(status("batch", "Job")));
    list.add(
        type(
                "certificates.k8s.io",
                "v1",
                "certificatesigningrequests",
                "CertificateSigningRequest",
                false,
                true,
                false,
                List.of("csr"))
            .withSubresources(
                status("certificates.k8s.io", "CertificateSigningRequest"),
                sub("approval", "certificates.k8s.io", "CertificateSigningRequest", STATUS_VERBS)));
    return new Resources(list);
  }

  /** Every resource, in discovery order. */
  public List<ResourceType> all() {
    return all;
  }

  /** The resource with this group, version and plural. */
  public Optional<ResourceType> find(String group, String version, String plural) {
    return Optional.ofNullable(byGroupVersionPlural.get(group + "/" + version + "/" + plural));
  }

  /** The stored resource of this kind (core events for {@code Event}). */
  public Optional<ResourceType> byKind(String group, String kind) {
    return all.stream()
        .filter(t -> t.group().equals(group) && t.kind().equals(kind) && t.storedAs().isEmpty())
        .findFirst();
  }

  /** The core/v1 or group resource by plural, the first version found. */
  public ResourceType require(String group, String plural) {
    return all.stream()
        .filter(t -> t.group().equals(group) && t.plural().equals(plural))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no resource " + plural + "." + group));
  }

  /** Group → versions served, in discovery order; the core group is "". */
  public Map<String, List<String>> groupVersions() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ResourceType t : all) {
      List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
      if (!versions.contains(t.version())) {
        versions.add(t.version());
      }
    }
    out.replaceAll((g, v) -> Collections.unmodifiableList(v));
    return out;
  }

  private static ResourceType review(String group, String plural, String kind) {
    return new ResourceType(
        group,
        "v1",
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        false,
        List.of(),
        List.of(),
        CREATE_ONLY,
        List.of(),
        false,
        false,
        Optional.empty());
  }

  private static Subresource status(String group, String kind) {
    return new Subresource("status", group, "v1", kind, STATUS_VERBS);
  }

  private static Subresource sub(String name, String group, String kind, String... verbs) {
    return new Subresource(name, group, "v1", kind, List.of(verbs));
  }

  private static Subresource sub(String name, String group, String kind, List<String> verbs) {
    return new Subresource(name, group, "v1", kind, verbs);
  }

  private static Draft type(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      boolean status,
      boolean generation,
      List<String> shortNames) {
    return new Draft(group, version, plural, kind, namespaced, status, generation, shortNames);
  }

  /** A resource under construction; keeps {@link #standard()} readable. */
  private static final class Draft {
    private final String group;
    private final String version;
    private final String plural;
    private final String kind;
    private final boolean namespaced;
    private final boolean status;
    private final boolean generation;
    private final List<String> shortNames;
    private List<String> categories = List.of();
    private List<Subresource> subresources = List.of();
    private Optional<String> storedAs = Optional.empty();

    Draft(
        String group,
        String version,
        String plural,
        String kind,
        boolean namespaced,
        boolean status,
        boolean generation,
        List<String> shortNames) {
      this.group = group;
      this.version = version;
      this.plural = plural;
      this.kind = kind;
      this.namespaced = namespaced;
      this.status = status;
      this.generation = generation;
      this.shortNames = shortNames;
    }

    Draft withCategories(String... c) {
      categories = List.of(c);
      return this;
    }

    ResourceType withSubresources(Subresource... s) {
      subresources = List.of(s);
      return build();
    }

    Draft storedAs(String key) {
      storedAs = Optional.of(key);
      return this;
    }

    ResourceType build() {
      return new ResourceType(
          group,
          version,
          plural,
          kind.toLowerCase(java.util.Locale.ROOT),
          kind,
          namespaced,
          shortNames,
          categories,
          ALL_VERBS,
          subresources,
          status,
          generation,
          storedAs);
    }
  }
}
