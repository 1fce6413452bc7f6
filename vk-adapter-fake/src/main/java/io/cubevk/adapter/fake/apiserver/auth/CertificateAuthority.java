package io.cubevk.adapter.fake.apiserver.auth;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The server's certificate authority (Bouncy Castle): a self-signed EC P-256 CA that signs the
 * server's own serving certificate, client certificates, and the certificates of approved
 * CertificateSigningRequests (kubelet serving certificates among them).
 */
public final class CertificateAuthority {

  /** A certificate with its private key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {
    /** The certificate as PEM. */
    public String certificatePem() {
      return pem(certificate);
    }

    /** The private key as PEM (PKCS#8). */
    public String keyPem() {
      return pem(key);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private CertificateAuthority(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /** A new CA valid for ten years, named {@code commonName}. */
  public static CertificateAuthority create(String commonName) {
    KeyPair kp = newKeyPair();
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(Duration.ofDays(3650))),
                  name,
                  kp.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(kp.getPublic()));
      return new CertificateAuthority(kp, sign(b, kp.getPrivate()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the CA certificate could not be built", e);
    }
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The CA certificate as PEM (the kubeconfig's certificate-authority-data, ca.crt). */
  public String certificatePem() {
    return pem(certificate);
  }

  /** A serving certificate for these DNS names and IP addresses, valid for a year. */
  public Issued issueServing(String commonName, List<String> dnsNames, List<String> ips) {
    KeyPair kp = newKeyPair();
    X509Certificate cert =
        issue(
            subject(commonName, List.of()),
            kp.getPublic(),
            dnsNames,
            ips,
            List.of(KeyPurposeId.id_kp_serverAuth),
            Duration.ofDays(365));
    return new Issued(cert, kp.getPrivate());
  }

  /** A client certificate for {@code user} in {@code groups} (CN and O, as Kubernetes reads). */
  public Issued issueClient(String user, List<String> groups) {
    KeyPair kp = newKeyPair();
    X509Certificate cert =
        issue(
            subject(user, groups),
            kp.getPublic(),
            List.of(),
            List.of(),
            List.of(KeyPurposeId.id_kp_clientAuth),
            Duration.ofDays(365));
    return new Issued(cert, kp.getPrivate());
  }

  /**
   * Signs a PEM PKCS#10 request, keeping its subject and subject alternative names, with the usages
   * a CSR's {@code spec.usages} asked for.
   *
   * @param csrPem the {@code CERTIFICATE REQUEST} PEM
   * @param usages Kubernetes usage words ("server auth", "client auth", …)
   * @param validity how long the certificate is valid
   * @return the signed certificate as PEM
   * @throws IllegalArgumentException when the request is not a valid, self-signed PKCS#10 PEM
   */
  public String signRequest(String csrPem, List<String> usages, Duration validity) {
    try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
      Object o = p.readObject();
      if (!(o instanceof PKCS10CertificationRequest req)) {
        throw new IllegalArgumentException("spec.request is not a PEM CERTIFICATE REQUEST");
      }
      JcaPKCS10CertificationRequest jreq = new JcaPKCS10CertificationRequest(req);
      if (!req.isSignatureValid(
          new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
              .build(jreq.getPublicKey()))) {
        throw new IllegalArgumentException("spec.request has an invalid signature");
      }
      List<String> dns = new ArrayList<>();
      List<String> ips = new ArrayList<>();
      for (org.bouncycastle.asn1.pkcs.Attribute a : req.getAttributes()) {
        if (!a.getAttrType()
            .equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
          continue;
        }
        org.bouncycastle.asn1.x509.Extensions exts =
            org.bouncycastle.asn1.x509.Extensions.getInstance(a.getAttrValues().getObjectAt(0));
        GeneralNames names = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
        if (names == null) {
          continue;
        }
        for (GeneralName g : names.getNames()) {
          if (g.getTagNo() == GeneralName.dNSName) {
            dns.add(g.getName().toString());
          } else if (g.getTagNo() == GeneralName.iPAddress) {
            byte[] raw = org.bouncycastle.asn1.DEROctetString.getInstance(g.getName()).getOctets();
            ips.add(InetAddress.getByAddress(raw).getHostAddress());
          }
        }
      }
      List<KeyPurposeId> purposes = new ArrayList<>();
      if (usages.contains("server auth")) {
        purposes.add(KeyPurposeId.id_kp_serverAuth);
      }
      if (usages.contains("client auth")) {
        purposes.add(KeyPurposeId.id_kp_clientAuth);
      }
      return pem(issue(req.getSubject(), jreq.getPublicKey(), dns, ips, purposes, validity));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalArgumentException("spec.request could not be read: " + e.getMessage(), e);
    } catch (org.bouncycastle.pkcs.PKCSException e) {
      throw new IllegalArgumentException(
          "spec.request could not be verified: " + e.getMessage(), e);
    }
  }

  private X509Certificate issue(
      X500Name subject,
      PublicKey key,
      List<String> dnsNames,
      List<String> ips,
      List<KeyPurposeId> purposes,
      Duration validity) {
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(validity)),
                  subject,
                  key)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(certificate));
      if (!purposes.isEmpty()) {
        b.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])));
      }
      List<GeneralName> sans = new ArrayList<>();
      for (String d : dnsNames) {
        sans.add(new GeneralName(GeneralName.dNSName, d));
      }
      for (String ip : ips) {
        sans.add(new GeneralName(GeneralName.iPAddress, ip));
      }
      if (!sans.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      return sign(b, keyPair.getPrivate());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("a certificate could not be issued", e);
    }
  }

  private static X500Name subject(String cn, List<String> orgs) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    for (String o : orgs) {
      nb.addRDN(BCStyle.O, o);
    }
    nb.addRDN(BCStyle.CN, cn);
    return nb.build();
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
      X509CertificateHolder holder = b.build(signer);
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys are not available in this JDK", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
  }

  /** PEM of a certificate or key. */
  public static String pem(Object o) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw.toString();
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + s, e);
    }
  }
}
