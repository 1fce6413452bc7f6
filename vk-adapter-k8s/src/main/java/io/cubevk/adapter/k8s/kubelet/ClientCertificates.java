package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.auth.UserInfo;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The user of a client certificate that TLS has already verified against the client CA bundle: the
 * subject's common name is the user name and its organizations are the groups, as the API server's
 * x509 authenticator reads them (the API server presents {@code
 * CN=kube-apiserver-kubelet-client,O=system:masters} or similar).
 */
final class ClientCertificates {

  private ClientCertificates() {}

  static Optional<UserInfo> user(List<X509Certificate> verifiedChain) {
    if (verifiedChain.isEmpty()) {
      return Optional.empty();
    }
    String dn = verifiedChain.get(0).getSubjectX500Principal().getName(X500Principal.RFC2253);
    String commonName = null;
    List<String> organizations = new ArrayList<>();
    try {
      // LdapName lists the RDNs in certificate order (the reverse of the RFC 2253 text).
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          commonName = rdn.getValue().toString();
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          organizations.add(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    if (commonName == null || commonName.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new UserInfo(commonName, "", organizations, Map.of()));
  }
}
