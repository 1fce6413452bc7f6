package io.cubevk.adapter.fake.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.auth.CertificateAuthority;
import io.cubevk.adapter.fake.apiserver.auth.TokenIssuer;
import io.cubevk.adapter.fake.apiserver.store.AdmissionPlugin;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import io.cubevk.adapter.fake.apiserver.store.StoreEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The token controller's job for {@code kubernetes.io/service-account-token} Secrets: fill {@code
 * token} (a non-expiring JWT), {@code ca.crt} and {@code namespace}, and stamp the service
 * account's uid. Done as the Secret is written when its service account exists (so the seed's
 * "create a token Secret, read it back" works at once), and later, by reconcile, for Secrets whose
 * service account appears afterwards.
 */
final class TokenSecrets implements AdmissionPlugin, Controller {
  static final String TYPE = "kubernetes.io/service-account-token";
  static final String SA_NAME = "kubernetes.io/service-account.name";
  static final String SA_UID = "kubernetes.io/service-account.uid";

  private final Store store;
  private final TokenIssuer issuer;
  private final CertificateAuthority ca;
  private final ResourceType secrets;
  private final ResourceType serviceAccounts;

  TokenSecrets(Store store, TokenIssuer issuer, CertificateAuthority ca) {
    this.store = store;
    this.issuer = issuer;
    this.ca = ca;
    this.secrets = store.resources().require("", "secrets");
    this.serviceAccounts = store.resources().require("", "serviceaccounts");
  }

  @Override
  public void admit(
      Operation op, ResourceType type, String sub, ObjectNode secret, ObjectNode old, Store s) {
    if (type != secrets || !secret.path("type").asText().equals(TYPE)) {
      return;
    }
    String saName = secret.path("metadata").path("annotations").path(SA_NAME).asText("");
    if (saName.isEmpty() || secret.path("data").hasNonNull("token")) {
      return;
    }
    store.find(serviceAccounts, Json.namespace(secret), saName).ifPresent(sa -> fill(secret, sa));
  }

  private void fill(ObjectNode secret, ObjectNode sa) {
    String ns = Json.namespace(secret);
    Json.child(Json.meta(secret), "annotations").put(SA_UID, Json.uid(sa));
    ObjectNode data = Json.child(secret, "data");
    String token = issuer.issueLegacy(ns, Json.name(sa), Json.uid(sa), Json.name(secret));
    data.put("token", b64(token));
    data.put("ca.crt", b64(ca.certificatePem()));
    data.put("namespace", b64(ns));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String name() {
    return "token";
  }

  @Override
  public void onEvent(StoreEvent e, Consumer<String> enqueue) {
    if (e.resource() == serviceAccounts && e.type().equals("ADDED")) {
      enqueue.accept(Json.namespace(e.object()));
    }
  }

  @Override
  public void reconcile(String namespace) {
    for (ObjectNode s :
        store.list(
            secrets,
            namespace,
            o -> o.path("type").asText().equals(TYPE) && !o.path("data").hasNonNull("token"))) {
      // An update runs admit() above, which fills the token now that the account exists.
      store.mutate(secrets, namespace, Json.name(s), "", c -> c, false);
    }
  }
}
