package io.cubevk.adapter.ucloud;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.cube.CubeStatus;
import io.cubevk.domain.cube.ObservedCube;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
import io.cubevk.ports.out.cloud.CloudFailure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Pod} field: the Cube document as base64 of its YAML, written and read by vk-domain's
 * one codec. A stored document the codec cannot read is a failure naming the action and the field,
 * never a Cube silently left out (a missing Cube would look like a pod without one and be created
 * twice).
 */
final class CubeMapper {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * Documents already read, by their exact payload. Every periodic list returns every Cube's
   * document again, nearly always unchanged, and parsing YAML costs far more than a lookup: a
   * steady node would otherwise spend a good part of a core re-reading the same bytes. The
   * documents are immutable values, safe to share; the weight bounds the memory by payload size.
   */
  private static final Cache<String, CubeDocument> DECODED =
      CacheBuilder.newBuilder()
          .maximumWeight(64L * 1024 * 1024)
          .weigher((String payload, CubeDocument document) -> payload.length())
          .build();

  private CubeMapper() {}

  /** The {@code Pod} field for CreateCubePod and RenewCubePod. */
  static String encode(CubeSpec spec) {
    return Base64.getEncoder()
        .encodeToString(CubeDocumentCodec.render(spec).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a stored document.
   *
   * @param where the action and field it came from, e.g. {@code "ListCubePod Pods[3]"}
   */
  static CubeDocument decode(String pod, String where) {
    if (pod == null || pod.isBlank()) {
      throw new CloudFailure.Unavailable(where + " is missing; accepted is a base64 Cube document");
    }
    CubeDocument known = DECODED.getIfPresent(pod);
    if (known != null) {
      return known;
    }
    CubeDocument decoded = decodeUncached(pod, where);
    DECODED.put(pod, decoded);
    return decoded;
  }

  private static CubeDocument decodeUncached(String pod, String where) {
    String yaml;
    try {
      // Line breaks are tolerated (MIME style); anything else outside the alphabet is an error,
      // where the MIME decoder would silently skip it and hand the codec an empty document.
      String compact = WHITESPACE.matcher(pod).replaceAll("");
      yaml = new String(Base64.getDecoder().decode(compact), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new CloudFailure.Unavailable(
          where + " is not base64 (" + e.getMessage() + "); accepted is a base64 Cube document");
    }
    try {
      return CubeDocumentCodec.parse(yaml);
    } catch (IllegalArgumentException e) {
      // CubeDocumentException names the path and the problem, never a value of a secret file.
      throw new CloudFailure.Unavailable(
          where + " is not a readable Cube document: " + e.getMessage());
    }
  }

  /**
   * The observation a stored document describes; {@code knownId} stands in when the document lacks
   * the {@code metadata.cubeId} the service adds (the id it was asked for, or CreateCubePod's
   * CubeId).
   */
  static ObservedCube observed(CubeDocument stored, Optional<CubeId> knownId, String where) {
    Optional<CubeId> id = stored.cubeId().or(() -> knownId);
    if (id.isEmpty()) {
      throw new CloudFailure.Unavailable(
          where + " has no metadata.cubeId; accepted is a stored Cube document");
    }
    CubeStatus status = stored.status().orElse(CubeStatus.of(CubePhase.PENDING));
    return ObservedCube.of(id.get(), stored.spec(), status);
  }
}
