package io.cubevk.adapter.fake.apiserver.auth;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/**
 * Issues and verifies service-account JWTs (ES256, jose4j) with the claims a real API server puts
 * in them: issuer, audiences, {@code sub = system:serviceaccount:<ns>:<name>}, expiry, and the
 * {@code kubernetes.io} claim naming the namespace, the service account and a bound pod.
 */
public final class TokenIssuer {

  /** The issuer and default audience, as in a default cluster. */
  public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

  /**
   * What a verified token says.
   *
   * @param namespace the service account's namespace
   * @param serviceAccount its name
   * @param serviceAccountUid its uid
   * @param podName the bound pod, or null
   * @param podUid the bound pod's uid, or null
   * @param audiences the token's audiences
   * @param expires expiry, or null for legacy secret tokens
   */
  public record Claims(
      String namespace,
      String serviceAccount,
      String serviceAccountUid,
      String podName,
      String podUid,
      List<String> audiences,
      Instant expires) {
    /** {@code system:serviceaccount:<ns>:<name>}. */
    public String username() {
      return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }
  }

  private final KeyPair keys;
  private final Clock clock;
  private final String keyId;

  /** An issuer with a fresh key. */
  public TokenIssuer(Clock clock) {
    this.keys = CertificateAuthority.newKeyPair();
    this.clock = clock;
    this.keyId = Integer.toHexString(keys.getPublic().hashCode());
  }

  /**
   * A bound token (TokenRequest).
   *
   * @param expirationSeconds lifetime
   * @param podName bound pod or null
   * @param podUid bound pod uid or null
   */
  public String issue(
      String namespace,
      String serviceAccount,
      String serviceAccountUid,
      List<String> audiences,
      long expirationSeconds,
      String podName,
      String podUid) {
    Instant now = clock.instant();
    JwtClaims c = new JwtClaims();
    c.setIssuer(ISSUER);
    c.setAudience(audiences.isEmpty() ? List.of(ISSUER) : audiences);
    c.setSubject("system:serviceaccount:" + namespace + ":" + serviceAccount);
    c.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    c.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
    c.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + expirationSeconds));
    c.setGeneratedJwtId();
    Map<String, Object> k8s = new LinkedHashMap<>();
    k8s.put("namespace", namespace);
    k8s.put("serviceaccount", Map.of("name", serviceAccount, "uid", serviceAccountUid));
    if (podName != null) {
      k8s.put("pod", Map.of("name", podName, "uid", podUid));
    }
    c.setClaim("kubernetes.io", k8s);
    return sign(c);
  }

  /** A legacy, non-expiring token for a service-account-token Secret. */
  public String issueLegacy(
      String namespace, String serviceAccount, String serviceAccountUid, String secretName) {
    JwtClaims c = new JwtClaims();
    c.setIssuer("kubernetes/serviceaccount");
    c.setSubject("system:serviceaccount:" + namespace + ":" + serviceAccount);
    c.setClaim("kubernetes.io/serviceaccount/namespace", namespace);
    c.setClaim("kubernetes.io/serviceaccount/secret.name", secretName);
    c.setClaim("kubernetes.io/serviceaccount/service-account.name", serviceAccount);
    c.setClaim("kubernetes.io/serviceaccount/service-account.uid", serviceAccountUid);
    return sign(c);
  }

  /**
   * Verifies signature, expiry and (when {@code audience} is not null) audience.
   *
   * @return the claims, or empty when the token is not one of ours or not valid now
   */
  public Optional<Claims> verify(String token, String audience) {
    JwtConsumerBuilder b =
        new JwtConsumerBuilder()
            .setVerificationKey(keys.getPublic())
            .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
            .setAllowedClockSkewInSeconds(30)
            .setRequireSubject();
    if (audience == null) {
      b.setSkipDefaultAudienceValidation();
    } else {
      b.setExpectedAudience(audience);
    }
    JwtConsumer consumer = b.build();
    try {
      JwtClaims c = consumer.processToClaims(token);
      if (c.hasClaim("kubernetes.io")) {
        Map<String, Object> k8s = c.getClaimValue("kubernetes.io", Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> sa = (Map<String, Object>) k8s.get("serviceaccount");
        @SuppressWarnings("unchecked")
        Map<String, Object> pod = (Map<String, Object>) k8s.get("pod");
        return Optional.of(
            new Claims(
                (String) k8s.get("namespace"),
                (String) sa.get("name"),
                (String) sa.get("uid"),
                pod == null ? null : (String) pod.get("name"),
                pod == null ? null : (String) pod.get("uid"),
                c.getAudience(),
                Instant.ofEpochSecond(c.getExpirationTime().getValue())));
      }
      return Optional.of(
          new Claims(
              c.getStringClaimValue("kubernetes.io/serviceaccount/namespace"),
              c.getStringClaimValue("kubernetes.io/serviceaccount/service-account.name"),
              c.getStringClaimValue("kubernetes.io/serviceaccount/service-account.uid"),
              null,
              null,
              List.of(),
              null));
    } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private String sign(JwtClaims c) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(c.toJson());
    jws.setKey(keys.getPrivate());
    jws.setKeyIdHeaderValue(keyId);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("a service-account token could not be signed", e);
    }
  }
}
