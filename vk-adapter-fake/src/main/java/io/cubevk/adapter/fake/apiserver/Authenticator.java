package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.auth.Policy;
import io.cubevk.adapter.fake.apiserver.auth.TokenIssuer;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import io.cubevk.adapter.fake.apiserver.store.ResourceType;
import io.cubevk.adapter.fake.apiserver.store.Store;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is asking: a static bearer token (the admin's and any added), a service-account JWT this
 * server issued (still valid, its service account and bound pod still there), or a client
 * certificate signed by the server's CA (CN = user, O = groups). Without credentials a request is
 * anonymous, or the admin when the server was built to treat it so (plain-HTTP test servers).
 */
final class Authenticator {
  static final Identity ADMIN =
      new Identity("admin", "", List.of(Policy.MASTERS, "system:authenticated"));

  private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
  private final TokenIssuer issuer;
  private final Store store;
  private final boolean anonymousIsAdmin;

  Authenticator(String adminToken, TokenIssuer issuer, Store store, boolean anonymousIsAdmin) {
    this.issuer = issuer;
    this.store = store;
    this.anonymousIsAdmin = anonymousIsAdmin;
    tokens.put(adminToken, ADMIN);
  }

  void addToken(String token, Identity identity) {
    tokens.put(token, identity);
  }

  Identity authenticate(ApiRequest req, SSLSession ssl) {
    String h = req.headers.get("Authorization", "");
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authenticateToken(h.substring(7).trim())
          .orElseThrow(() -> ApiException.of(401, "Unauthorized", "Unauthorized"));
    }
    if (ssl != null) {
      try {
        Certificate[] chain = ssl.getPeerCertificates();
        if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
          return fromCertificate(x);
        }
      } catch (SSLPeerUnverifiedException e) {
        // No client certificate: fall through to anonymous.
      }
    }
    if (anonymousIsAdmin) {
      return new Identity("system:admin", "", ADMIN.groups());
    }
    return Identity.ANONYMOUS;
  }

  /** A token's identity, for requests and TokenReviews. */
  Optional<Identity> authenticateToken(String token) {
    Identity fixed = tokens.get(token);
    if (fixed != null) {
      return Optional.of(fixed);
    }
    return issuer.verify(token, null).flatMap(this::serviceAccount);
  }

  Optional<Identity> serviceAccount(TokenIssuer.Claims c) {
    ResourceType sas = store.resources().require("", "serviceaccounts");
    Optional<ObjectNode> sa = store.find(sas, c.namespace(), c.serviceAccount());
    if (sa.isEmpty() || !Json.uid(sa.get()).equals(c.serviceAccountUid())) {
      return Optional.empty();
    }
    if (c.podName() != null) {
      ResourceType pods = store.resources().require("", "pods");
      Optional<ObjectNode> pod = store.find(pods, c.namespace(), c.podName());
      if (pod.isEmpty() || !Json.uid(pod.get()).equals(c.podUid())) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new Identity(
            c.username(),
            c.serviceAccountUid(),
            List.of(
                "system:serviceaccounts",
                "system:serviceaccounts:" + c.namespace(),
                "system:authenticated")));
  }

  private static Identity fromCertificate(X509Certificate x) {
    String cn = "";
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(x.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = rdn.getValue().toString();
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(rdn.getValue().toString());
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      throw ApiException.of(401, "Unauthorized", "Unauthorized: unreadable certificate subject");
    }
    groups.add("system:authenticated");
    return new Identity(cn, "", groups);
  }
}
