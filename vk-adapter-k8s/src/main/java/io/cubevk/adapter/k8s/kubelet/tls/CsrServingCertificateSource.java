package io.cubevk.adapter.k8s.kubelet.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving certificate requested from the cluster and renewed before it expires, as kubelet's
 * certificate manager does: a new ECDSA P-256 key and a CSR for {@code
 * CN=system:node:<node>,O=system:nodes} with the node's IP and DNS names as SANs; renewal at a
 * random point between 70 % and 90 % of the certificate's lifetime, so that many agents do not
 * renew at once; on failure the current certificate is kept and the request retried with backoff.
 *
 * <p>With a {@link Builder#storeDirectory(Path) store directory} the issued certificate and its key
 * are kept in {@code kubelet-server-current.pem} (mode 600, like kubelet's {@code pki} directory),
 * so a restart reuses a valid certificate instead of waiting for a new approval.
 *
 * <p>{@link #start()} runs the rotation on one daemon thread; {@link #tick()} is the same step
 * without the thread, for tests with a fake clock.
 */
public final class CsrServingCertificateSource implements ServingCertificateSource, AutoCloseable {

  static final String STORE_FILE = "kubelet-server-current.pem";

  private static final Logger log = LoggerFactory.getLogger(CsrServingCertificateSource.class);

  private final String nodeName;
  private final List<InetAddress> ipAddresses;
  private final List<String> dnsNames;
  private final ServingCertificateIssuer issuer;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Duration minRetry;
  private final Duration maxRetry;
  private final Optional<Path> storeDirectory;

  private volatile Optional<ServingCertificate> current = Optional.empty();
  // Guarded by "this": the rotation state, touched by tick() only.
  private Instant rotationDeadline = Instant.MIN;
  private Instant nextAttempt = Instant.MIN;
  private Duration retryDelay;
  // Volatile, not guarded: close() must not wait for a tick that waits for a signature.
  private volatile ScheduledExecutorService scheduler;

  private CsrServingCertificateSource(Builder b) {
    this.nodeName = Objects.requireNonNull(b.nodeName, "nodeName");
    this.ipAddresses = List.copyOf(b.ipAddresses);
    this.dnsNames = List.copyOf(b.dnsNames);
    this.issuer = Objects.requireNonNull(b.issuer, "issuer");
    this.clock = b.clock;
    this.random = b.random;
    this.minRetry = b.minRetry;
    this.maxRetry = b.maxRetry;
    this.retryDelay = b.minRetry;
    this.storeDirectory = Optional.ofNullable(b.storeDirectory);
    if (ipAddresses.isEmpty() && dnsNames.isEmpty()) {
      throw new IllegalArgumentException(
          "a kubelet serving certificate for node "
              + nodeName
              + " needs at least one IP address or DNS name");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<ServingCertificate> current() {
    return current;
  }

  /** When the current certificate will be renewed (for logs and tests). */
  public synchronized Instant rotationDeadline() {
    return rotationDeadline;
  }

  /** Loads a stored certificate if any, then rotates in the background until {@link #close()}. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kubelet-api-cert-rotation");
              t.setDaemon(true);
              return t;
            });
    scheduler.execute(this::tickAndReschedule);
  }

  private void tickAndReschedule() {
    Instant next;
    try {
      next = tick();
    } catch (RuntimeException e) {
      log.error("Serving certificate rotation failed unexpectedly; retrying in {}", maxRetry, e);
      next = clock.instant().plus(maxRetry);
    }
    long delayMillis = Math.max(0, Duration.between(clock.instant(), next).toMillis());
    synchronized (this) {
      if (scheduler != null && !scheduler.isShutdown()) {
        scheduler.schedule(this::tickAndReschedule, delayMillis, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * One rotation step: loads the stored certificate on first use, requests a new one when there is
   * none or its rotation deadline has passed (and no retry is pending).
   *
   * @return when the next step is due
   */
  public synchronized Instant tick() {
    Instant now = clock.instant();
    if (current.isEmpty() && rotationDeadline.equals(Instant.MIN)) {
      loadStored(now);
    }
    boolean due = current.isEmpty() || !now.isBefore(rotationDeadline);
    if (!due) {
      return rotationDeadline;
    }
    if (now.isBefore(nextAttempt)) {
      return nextAttempt;
    }
    try {
      ServingCertificate issued = request();
      current = Optional.of(issued);
      rotationDeadline = deadlineFor(issued);
      retryDelay = minRetry;
      nextAttempt = Instant.MIN;
      store(issued);
      log.info(
          "Serving certificate for node {} issued, valid until {}; rotation at {}",
          nodeName,
          issued.notAfter(),
          rotationDeadline);
      return rotationDeadline;
    } catch (ServingCertificateIssuer.IssuanceFailedException | GeneralSecurityException e) {
      nextAttempt = now.plus(retryDelay);
      log.warn(
          "Serving certificate for node {} not issued ({}); keeping {} and retrying at {}",
          nodeName,
          e.getMessage(),
          current.map(Object::toString).orElse("no certificate"),
          nextAttempt);
      retryDelay =
          retryDelay.multipliedBy(2).compareTo(maxRetry) > 0
              ? maxRetry
              : retryDelay.multipliedBy(2);
      return nextAttempt;
    }
  }

  /** kubelet's jittered deadline: notBefore + lifetime x (0.7 + 0.2 x random). */
  Instant deadlineFor(ServingCertificate certificate) {
    long lifetimeMillis = certificate.lifetime().toMillis();
    long offset = (long) (lifetimeMillis * (0.7 + 0.2 * random.getAsDouble()));
    return certificate.notBefore().plusMillis(offset);
  }

  private ServingCertificate request()
      throws ServingCertificateIssuer.IssuanceFailedException, GeneralSecurityException {
    KeyPair keyPair = newKeyPair();
    String csrPem = Pem.encode(csr(keyPair));
    String chainPem = issuer.issue(csrPem);
    List<X509Certificate> chain;
    try {
      chain = Pem.certificates(chainPem);
    } catch (IllegalArgumentException e) {
      throw new ServingCertificateIssuer.IssuanceFailedException(
          "the issued certificate is unreadable: " + e.getMessage(), e);
    }
    if (!chain.get(0).getPublicKey().equals(keyPair.getPublic())) {
      throw new ServingCertificateIssuer.IssuanceFailedException(
          "the issued certificate is not for the key that was sent");
    }
    return new ServingCertificate(keyPair.getPrivate(), chain);
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private PKCS10CertificationRequest csr(KeyPair keyPair) throws GeneralSecurityException {
    List<GeneralName> names = new ArrayList<>();
    for (String dns : dnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (InetAddress ip : ipAddresses) {
      names.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress()));
    }
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(new GeneralName[0])));
      return new JcaPKCS10CertificationRequestBuilder(
              new X500Principal("CN=system:node:" + nodeName + ",O=system:nodes"),
              keyPair.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build the certificate signing request", e);
    }
  }

  private void loadStored(Instant now) {
    if (storeDirectory.isEmpty()) {
      return;
    }
    Path file = storeDirectory.get().resolve(STORE_FILE);
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      String pem = Files.readString(file);
      ServingCertificate stored = ServingCertificate.fromPem(pem, pem);
      if (!now.isBefore(stored.notAfter())) {
        log.info("Stored serving certificate {} has expired; requesting a new one", file);
        return;
      }
      if (!keyMatches(stored)) {
        log.warn("Stored serving certificate {} does not match its key; ignoring it", file);
        return;
      }
      current = Optional.of(stored);
      rotationDeadline = deadlineFor(stored);
      log.info("Using stored serving certificate {} (rotation at {})", stored, rotationDeadline);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Stored serving certificate {} is unreadable ({}); requesting a new one",
          file,
          e.getMessage());
    }
  }

  /** Whether the certificate's public key belongs to its private key (a sign-and-verify probe). */
  static boolean keyMatches(ServingCertificate certificate) {
    String algorithm =
        "EC".equals(certificate.key().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      byte[] probe = "cube-vk".getBytes(StandardCharsets.US_ASCII);
      java.security.Signature signer = java.security.Signature.getInstance(algorithm);
      signer.initSign(certificate.key());
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
      verifier.initVerify(certificate.leaf().getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private void store(ServingCertificate certificate) {
    if (storeDirectory.isEmpty()) {
      return;
    }
    Path dir = storeDirectory.get();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, STORE_FILE, ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's permissions have to do
      }
      List<Object> objects = new ArrayList<>(certificate.chain());
      objects.add(certificate.key());
      Files.writeString(tmp, Pem.encode(objects.toArray()));
      Files.move(
          tmp,
          dir.resolve(STORE_FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("Could not store the serving certificate in {}: {}", dir, e.getMessage());
    }
  }

  /**
   * Stops the rotation at once: a request waiting for approval is interrupted (a synchronized close
   * would wait for it, up to the issuer's timeout, while the node is being stopped).
   */
  @Override
  public void close() {
    ScheduledExecutorService current = scheduler;
    if (current != null) {
      current.shutdownNow();
    }
  }

  /** Settings of a {@link CsrServingCertificateSource}. */
  public static final class Builder {
    private String nodeName;
    private final List<InetAddress> ipAddresses = new ArrayList<>();
    private final List<String> dnsNames = new ArrayList<>();
    private ServingCertificateIssuer issuer;
    private Clock clock = Clock.systemUTC();
    private DoubleSupplier random = Math::random;
    private Duration minRetry = Duration.ofSeconds(1);
    private Duration maxRetry = Duration.ofMinutes(5);
    private Path storeDirectory;

    private Builder() {}

    public Builder nodeName(String nodeName) {
      this.nodeName = nodeName;
      return this;
    }

    /** A SAN IP address: the node's InternalIP (and any other address the API server dials). */
    public Builder ipAddress(InetAddress address) {
      ipAddresses.add(address);
      return this;
    }

    /** A SAN DNS name: the node's hostname, if the API server dials by name. */
    public Builder dnsName(String name) {
      dnsNames.add(name);
      return this;
    }

    public Builder issuer(ServingCertificateIssuer issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Source of the rotation jitter, a number in [0, 1). */
    public Builder random(DoubleSupplier random) {
      this.random = random;
      return this;
    }

    /** Backoff between failed requests: doubling from {@code min} up to {@code max}. */
    public Builder retryBackoff(Duration min, Duration max) {
      this.minRetry = min;
      this.maxRetry = max;
      return this;
    }

    /** Where the issued certificate and key are kept across restarts. */
    public Builder storeDirectory(Path directory) {
      this.storeDirectory = directory;
      return this;
    }

    public CsrServingCertificateSource build() {
      return new CsrServingCertificateSource(this);
    }
  }
}
