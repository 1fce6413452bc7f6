package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.auth.CertificateAuthority;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * CertificateSigningRequests: requests for the {@code kubernetes.io/kubelet-serving} signer are
 * approved automatically in the sandbox (as a cluster's kubelet-serving approver would), and every
 * approved request for a built-in signer is signed by the server's CA; an unreadable request is
 * marked Failed with the reason.
 */
final class CsrController implements Controller {
  static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";
  private static final Set<String> SIGNERS =
      Set.of(
          KUBELET_SERVING,
          "kubernetes.io/kube-apiserver-client",
          "kubernetes.io/kube-apiserver-client-kubelet");

  private final Store store;
  private final ResourceType csrs;
  private final CertificateAuthority ca;
  private final boolean autoApproveKubeletServing;

  CsrController(Store store, CertificateAuthority ca, boolean autoApproveKubeletServing) {
    this.store = store;
    this.csrs = store.resources().require("certificates.k8s.io", "certificatesigningrequests");
    this.ca = ca;
    this.autoApproveKubeletServing = autoApproveKubeletServing;
  }

  @Override
  public String name() {
    return "csr";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == csrs && !e.type().equals("DELETED")) {
      enqueue.accept(Json.name(e.object()));
    }
  }

  @Override
  public void resync(Consumer<String> enqueue) {
    store.list(csrs, "", o -> true).forEach(o -> enqueue.accept(Json.name(o)));
  }

  @Override
  public void reconcile(String name) {
    ObjectNode csr = store.find(csrs, "", name).orElse(null);
    if (csr == null || csr.path("status").has("certificate")) {
      return;
    }
    String signer = csr.path("spec").path("signerName").asText("");
    boolean approved = Kube.conditionTrue(csr, "Approved");
    boolean closed = Kube.conditionTrue(csr, "Denied") || Kube.conditionTrue(csr, "Failed");
    if (closed || !SIGNERS.contains(signer)) {
      return;
    }
    Instant now = store.clock().instant();
    if (!approved) {
      if (autoApproveKubeletServing && signer.equals(KUBELET_SERVING)) {
        store.mutate(
            csrs,
            "",
            name,
            "approval",
            c -> {
              Kube.condition(
                  Json.child(c, "status"),
                  "Approved",
                  "True",
                  "AutoApproved",
                  "Auto approving kubelet serving certificate after SubjectAccessReview.",
                  now);
              return c;
            },
            false);
      }
      return;
    }
    String pem;
    try {
      String request =
          new String(
              Base64.getDecoder().decode(csr.path("spec").path("request").asText("")),
              StandardCharsets.US_ASCII);
      List<String> usages = new ArrayList<>();
      csr.path("spec").path("usages").forEach(u -> usages.add(u.asText()));
      long seconds = csr.path("spec").path("expirationSeconds").asLong(365L * 24 * 3600);
      pem = ca.signRequest(request, usages, Duration.ofSeconds(Math.max(600, seconds)));
    } catch (IllegalArgumentException e) {
      store.mutate(
          csrs,
          "",
          name,
          "status",
          c -> {
            Kube.condition(
                Json.child(c, "status"),
                "Failed",
                "True",
                "SignerValidationFailure",
                e.getMessage(),
                now);
            return c;
          },
          false);
      return;
    }
    String encoded = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    store.mutate(
        csrs,
        "",
        name,
        "status",
        c -> {
          Json.child(c, "status").put("certificate", encoded);
          return c;
        },
        false);
  }

  static boolean isApproved(JsonNode csr) {
    return Kube.conditionTrue(csr, "Approved");
  }
}
