package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.auth.CertificateAuthority;
import io.cubevk.adapter.fake.apiserver.auth.TokenIssuer;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;

/**
 * Wires what the real control plane does around the store: admission (service accounts and their
 * token volume, default tolerations, token Secrets), the namespace bootstrap (every namespace gets
 * the {@code default} ServiceAccount and the {@code kube-root-ca.crt} ConfigMap as it is created),
 * and, in a {@link ControllerManager}, the scheduler and the controllers for Deployments,
 * ReplicaSets, StatefulSets, Jobs, DaemonSets, garbage collection, namespaces, Endpoints, CSRs and
 * token Secrets.
 */
public final class Controllers {
  private Controllers() {}

  /**
   * What runs, chosen on the server's builder.
   *
   * @param scheduler whether pending pods are bound to nodes
   * @param workloads whether the controller manager runs (Deployments, GC, Endpoints…)
   * @param autoApproveKubeletServing whether kubelet-serving CSRs are approved automatically
   */
  public record Options(boolean scheduler, boolean workloads, boolean autoApproveKubeletServing) {}

  /** Installs admission and the namespace bootstrap; call before any namespace is created. */
  public static void installAdmission(Store store, TokenIssuer issuer, CertificateAuthority ca) {
    store.addAdmission(new ServiceAccountAdmission());
    store.addAdmission(new TokenSecrets(store, issuer, ca));
    store.addCreateHook(
        o -> {
          if (o.path("kind").asText().equals("Namespace")) {
            bootstrap(store, Json.name(o), ca);
          }
        });
  }

  /** A controller manager with the standard controllers, not yet started. */
  public static ControllerManager manager(
      Store store, TokenIssuer issuer, CertificateAuthority ca, Options options) {
    ControllerManager m = new ControllerManager(store);
    EventRecorder events = new EventRecorder(store);
    if (options.scheduler()) {
      m.add(new Scheduler(store, events));
    }
    if (options.workloads()) {
      m.add(new ReplicaSetController(store, events));
      m.add(new DeploymentController(store, events));
      m.add(new StatefulSetController(store, events));
      m.add(new JobController(store, events));
      m.add(new DaemonSetController(store, events));
      m.add(new GarbageCollector(store));
      m.add(new NamespaceController(store));
      m.add(new EndpointsController(store));
      m.add(new TokenSecrets(store, issuer, ca));
    }
    m.add(new CsrController(store, ca, options.autoApproveKubeletServing()));
    return m;
  }

  private static void bootstrap(Store store, String ns, CertificateAuthority ca) {
    ObjectNode sa = Json.object();
    Json.meta(sa).put("name", "default");
    createQuietly(store, store.resources().require("", "serviceaccounts"), ns, sa);
    ObjectNode cm = Json.object();
    ObjectNode meta = Json.meta(cm);
    meta.put("name", "kube-root-ca.crt");
    meta.putObject("annotations")
        .put(
            "kubernetes.io/description",
            "Contains a CA bundle that can be used to verify the kube-apiserver when using"
                + " internal endpoints such as the internal service IP or"
                + " kubernetes.default.svc. No other usage is guaranteed across distributions of"
                + " Kubernetes clusters.");
    cm.putObject("data").put("ca.crt", ca.certificatePem());
    createQuietly(store, store.resources().require("", "configmaps"), ns, cm);
  }

  private static void createQuietly(Store store, ResourceType t, String ns, ObjectNode o) {
    try {
      store.create(t, ns, o, false);
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }
}
