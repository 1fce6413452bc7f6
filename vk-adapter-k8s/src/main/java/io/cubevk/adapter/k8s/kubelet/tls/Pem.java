package io.cubevk.adapter.k8s.kubelet.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reads and writes the PEM that kubeconfigs, CSRs and kubelet's files use. */
public final class Pem {

  private Pem() {}

  /**
   * Every certificate in a PEM text, in order (a chain, or a CA bundle); other blocks (a private
   * key kept in the same file, as kubelet's {@code kubelet-server-current.pem}) are skipped.
   */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> result = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          result.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("unreadable certificate PEM: " + e.getMessage(), e);
    }
    if (result.isEmpty()) {
      throw new IllegalArgumentException("no certificate found in the PEM text");
    }
    return List.copyOf(result);
  }

  /**
   * The private key of a PEM text: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY})
   * or SEC1 ({@code EC PRIVATE KEY}), as kubelet and openssl write them.
   */
  public static PrivateKey privateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      }
      // The message names no key material: PEM text may be a secret.
      throw new IllegalArgumentException("no private key found in the PEM text");
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable private key PEM", e);
    }
  }

  /**
   * PEM text of certificates, keys or CSRs. Private keys are written as PKCS#8 ({@code PRIVATE
   * KEY}): the JDK's EC keys written as SEC1 would lose their curve.
   */
  public static String encode(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        if (object instanceof PrivateKey key) {
          writer.writeObject(new JcaPKCS8Generator(key, null));
        } else {
          writer.writeObject(object);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
