package io.cubevk.adapter.k8s.kubelet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsrServingCertificateSourceTest {

  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
  private static final Duration LIFETIME = Duration.ofDays(10);

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration d) {
      now.set(now.get().plus(d));
    }

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /**
   * A signer like the sandbox API server's: it signs what it is sent, valid from "now" for the
   * lifetime, and records the requests; it can be told to refuse.
   */
  private static final class FakeSigner implements ServingCertificateIssuer {
    final TestCa ca = new TestCa();
    final List<PKCS10CertificationRequest> requests = new CopyOnWriteArrayList<>();
    final ManualClock clock;
    volatile String refusal;

    FakeSigner(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public String issue(String csrPem) throws IssuanceFailedException {
      try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
        PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
        requests.add(csr);
        if (refusal != null) {
          throw new IssuanceFailedException(refusal);
        }
        PublicKey key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
        X509Certificate cert = ca.sign(csr.getSubject().toString(), key, clock.instant(), LIFETIME);
        return Pem.encode(cert, ca.certificate);
      } catch (IssuanceFailedException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final ManualClock clock = new ManualClock();
  private final FakeSigner signer = new FakeSigner(clock);

  private CsrServingCertificateSource.Builder source() throws Exception {
    return CsrServingCertificateSource.builder()
        .nodeName("vk-node-1")
        .ipAddress(InetAddress.getByName("10.0.0.7"))
        .dnsName("vk-node-1.example")
        .issuer(signer)
        .clock(clock)
        .random(() -> 0.5)
        .retryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(1));
  }

  @Test
  void requestsAKubeletServingCertificateForTheNodeWithItsAddresses() throws Exception {
    CsrServingCertificateSource source = source().build();
    assertThat(source.current()).isEmpty();

    source.tick();

    assertThat(source.current()).isPresent();
    PKCS10CertificationRequest csr = signer.requests.get(0);
    assertThat(csr.getSubject().toString()).isEqualTo("O=system:nodes,CN=system:node:vk-node-1");
    Extensions extensions =
        Extensions.getInstance(
            csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                .getAttrValues()
                .getObjectAt(0));
    GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
    List<String> sans = new ArrayList<>();
    for (GeneralName name : names.getNames()) {
      sans.add(name.getTagNo() + ":" + name.getName());
    }
    assertThat(sans).containsExactly("2:vk-node-1.example", "7:#0a000007");
    assertThat(source.current().get().leaf().getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void rotatesBetweenSeventyAndNinetyPercentOfTheLifetime() throws Exception {
    CsrServingCertificateSource early = source().random(() -> 0.0).build();
    CsrServingCertificateSource late = source().random(() -> 0.999).build();
    early.tick();
    late.tick();

    assertThat(early.rotationDeadline()).isEqualTo(T0.plus(LIFETIME.multipliedBy(7).dividedBy(10)));
    assertThat(late.rotationDeadline())
        .isAfter(T0.plus(LIFETIME.multipliedBy(89).dividedBy(100)))
        .isBefore(T0.plus(LIFETIME.multipliedBy(9).dividedBy(10)));
  }

  @Test
  void keepsTheCertificateUntilTheDeadlineThenSwapsInANewOne() throws Exception {
    CsrServingCertificateSource source = source().build(); // jitter 0.5: deadline at 80 %
    source.tick();
    ServingCertificate first = source.current().orElseThrow();
    Instant deadline = source.rotationDeadline();
    assertThat(deadline).isEqualTo(T0.plus(Duration.ofDays(8)));

    clock.set(deadline.minusSeconds(1));
    assertThat(source.tick()).isEqualTo(deadline);
    assertThat(source.current()).containsSame(first);
    assertThat(signer.requests).hasSize(1);

    clock.set(deadline);
    source.tick();

    ServingCertificate second = source.current().orElseThrow();
    assertThat(second).isNotSameAs(first);
    assertThat(second.key()).isNotEqualTo(first.key()); // a fresh key, as kubelet makes
    assertThat(second.notBefore()).isEqualTo(deadline);
    assertThat(signer.requests).hasSize(2);
    assertThat(source.rotationDeadline()).isEqualTo(deadline.plus(Duration.ofDays(8)));
  }

  @Test
  void aRefusedRenewalKeepsTheOldCertificateAndRetriesWithBackoff() throws Exception {
    CsrServingCertificateSource source = source().build();
    source.tick();
    ServingCertificate first = source.current().orElseThrow();
    clock.set(source.rotationDeadline());
    signer.refusal = "CertificateSigningRequest csr-x was denied: not today";

    Instant retry = source.tick();

    assertThat(source.current()).containsSame(first);
    assertThat(retry).isEqualTo(clock.instant().plusSeconds(10));
    assertThat(source.tick()).isEqualTo(retry); // not yet: no new request
    assertThat(signer.requests).hasSize(2);

    clock.set(retry);
    assertThat(source.tick()).isEqualTo(retry.plusSeconds(20)); // doubled
    assertThat(signer.requests).hasSize(3);

    signer.refusal = null;
    clock.set(retry.plusSeconds(20));
    source.tick();
    assertThat(source.current().orElseThrow()).isNotSameAs(first);
  }

  @Test
  void aCertificateForAnotherKeyIsRejected() throws Exception {
    ServingCertificateIssuer wrongKey =
        csr -> Pem.encode(signer.ca.sign("CN=other", signer.ca.keys.getPublic(), T0, LIFETIME));
    CsrServingCertificateSource source = source().issuer(wrongKey).build();

    source.tick();

    assertThat(source.current()).isEmpty();
  }

  @Test
  void aStoredCertificateIsReusedAfterARestart(@TempDir Path dir) throws Exception {
    CsrServingCertificateSource first = source().storeDirectory(dir).build();
    first.tick();
    Path stored = dir.resolve(CsrServingCertificateSource.STORE_FILE);
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stored)))
        .isEqualTo("rw-------");

    clock.advance(Duration.ofDays(1));
    CsrServingCertificateSource restarted = source().storeDirectory(dir).build();
    restarted.tick();

    assertThat(signer.requests).hasSize(1); // no second request
    assertThat(restarted.current().orElseThrow().leaf())
        .isEqualTo(first.current().orElseThrow().leaf());
    assertThat(restarted.rotationDeadline()).isEqualTo(first.rotationDeadline());
  }

  @Test
  void anExpiredStoredCertificateIsReplaced(@TempDir Path dir) throws Exception {
    source().storeDirectory(dir).build().tick();
    clock.advance(LIFETIME.plusSeconds(1));

    CsrServingCertificateSource restarted = source().storeDirectory(dir).build();
    restarted.tick();

    assertThat(signer.requests).hasSize(2);
    assertThat(restarted.current().orElseThrow().notBefore()).isEqualTo(clock.instant());
  }

  @Test
  void theBackgroundThreadIssuesTheFirstCertificate() throws Exception {
    try (CsrServingCertificateSource source = source().build()) {
      source.start();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> source.current().isPresent());
    }
  }

  /** A small CA for the fake signer. */
  static final class TestCa {
    final java.security.KeyPair keys;
    final X509Certificate certificate;

    TestCa() {
      try {
        var generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        certificate =
            sign("CN=test-ca", keys.getPublic(), T0.minusSeconds(3600), Duration.ofDays(365));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    X509Certificate sign(String subject, PublicKey key, Instant notBefore, Duration lifetime) {
      try {
        var builder =
            new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=test-ca"),
                java.math.BigInteger.valueOf(System.nanoTime()),
                java.util.Date.from(notBefore),
                java.util.Date.from(notBefore.plus(lifetime)),
                new org.bouncycastle.asn1.x500.X500Name(subject),
                key);
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new org.bouncycastle.asn1.x509.ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(keys.getPrivate())));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
