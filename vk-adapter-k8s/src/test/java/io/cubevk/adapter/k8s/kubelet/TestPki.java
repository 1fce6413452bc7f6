package io.cubevk.adapter.k8s.kubelet;

import io.cubevk.adapter.k8s.kubelet.tls.Pem;
import io.cubevk.adapter.k8s.kubelet.tls.ServingCertificate;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throw-away certificate authorities and certificates for tests, made with Bouncy Castle. */
final class TestPki {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A CA that can sign server and client certificates. */
  record Authority(KeyPair keys, X509Certificate certificate) {

    String pem() {
      return Pem.encode(certificate);
    }

    ServingCertificate server(String... ipsAndNames) {
      return server(Instant.now().minusSeconds(60), Duration.ofDays(1), keyPair(), ipsAndNames);
    }

    ServingCertificate server(
        Instant notBefore, Duration lifetime, KeyPair subject, String... ipsAndNames) {
      GeneralName[] names = new GeneralName[ipsAndNames.length];
      for (int i = 0; i < ipsAndNames.length; i++) {
        String n = ipsAndNames[i];
        names[i] =
            n.matches("[0-9.:]+")
                ? new GeneralName(GeneralName.iPAddress, n)
                : new GeneralName(GeneralName.dNSName, n);
      }
      X509Certificate cert =
          sign(
              new X500Principal("CN=kubelet-serving-test"),
              subject.getPublic(),
              notBefore,
              lifetime,
              false,
              KeyPurposeId.id_kp_serverAuth,
              new GeneralNames(names));
      return new ServingCertificate(subject.getPrivate(), List.of(cert, certificate));
    }

    /** A client certificate: CN is the user, each O a group (the API server's x509 reading). */
    Client client(String commonName, String... organizations) {
      KeyPair subject = keyPair();
      StringBuilder dn = new StringBuilder("CN=" + commonName);
      for (String o : organizations) {
        dn.append(",O=").append(o);
      }
      X509Certificate cert =
          sign(
              new X500Principal(dn.toString()),
              subject.getPublic(),
              Instant.now().minusSeconds(60),
              Duration.ofDays(1),
              false,
              KeyPurposeId.id_kp_clientAuth,
              null);
      return new Client(subject.getPrivate(), List.of(cert, certificate));
    }

    /** Signs a public key as the given subject (used by fake CSR signers). */
    X509Certificate sign(
        X500Principal subject,
        PublicKey publicKey,
        Instant notBefore,
        Duration lifetime,
        boolean ca,
        KeyPurposeId purpose,
        GeneralNames names) {
      try {
        X509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                certificate == null ? subject : certificate.getSubjectX500Principal(),
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore),
                Date.from(notBefore.plus(lifetime)),
                subject,
                publicKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
          builder.addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
          builder.addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
          builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (names != null) {
          builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A client certificate and key. */
  record Client(PrivateKey key, List<X509Certificate> chain) {}

  static Authority authority(String name) {
    KeyPair keys = keyPair();
    Authority selfSigning = new Authority(keys, null);
    X509Certificate cert =
        selfSigning.sign(
            new X500Principal("CN=" + name),
            keys.getPublic(),
            Instant.now().minusSeconds(3600),
            Duration.ofDays(30),
            true,
            null,
            null);
    return new Authority(keys, cert);
  }

  static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client-side TLS context trusting {@code trusted}, presenting {@code client} if given. */
  static SSLContext clientContext(Authority trusted, Client client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", trusted.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (client != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
            "client", client.key(), PASSWORD, client.chain().toArray(new X509Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Like {@link #clientContext} but presents the client certificate even when the server asks for
   * certificates of other issuers (the JDK's key manager would quietly send none).
   */
  static SSLContext clientContextAlwaysPresenting(Authority trusted, Client client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", trusted.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.X509KeyManager always =
          new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
              return new String[] {"client"};
            }

            @Override
            public String chooseClientAlias(
                String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
              return "client";
            }

            @Override
            public String chooseEngineClientAlias(
                String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine e) {
              return "client";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
              return null;
            }

            @Override
            public String chooseServerAlias(
                String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
              return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
              return client.chain().toArray(new X509Certificate[0]);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
              return client.key();
            }
          };
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new javax.net.ssl.KeyManager[] {always}, tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private TestPki() {}
}
