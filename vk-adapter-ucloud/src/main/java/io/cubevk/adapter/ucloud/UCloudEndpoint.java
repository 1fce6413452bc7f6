package io.cubevk.adapter.ucloud;

import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where the UCloud API is and which region, zone and project the calls address.
 *
 * <p>Every action goes to one URL ({@link #DEFAULT_BASE_URL}, or {@link #VPC_BASE_URL} from inside
 * a UCloud VPC); tests point it at the emulator or a mock server. The zone is sent where the API
 * takes one (see {@link CubeApiAssumptions#ZONE_ACTIONS}); the project id, when given, with every
 * call (without it UCloud uses the account's default project).
 */
public final class UCloudEndpoint {

  /** The public API endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.ucloud.cn/";

  /** The API endpoint reachable from inside a UCloud VPC without Internet access. */
  public static final String VPC_BASE_URL = "http://api.service.ucloud.cn/";

  private final String region;
  private final String zone;
  private final String projectId; // null: the account's default project
  private final HttpUrl baseUrl;

  private UCloudEndpoint(String region, String zone, String projectId, HttpUrl baseUrl) {
    this.region = region;
    this.zone = zone;
    this.projectId = projectId;
    this.baseUrl = baseUrl;
  }

  /**
   * The public endpoint for a region and zone, e.g. {@code of("cn-bj2", "cn-bj2-05")}.
   *
   * @throws IllegalArgumentException when the region or zone is empty
   */
  public static UCloudEndpoint of(String region, String zone) {
    return new UCloudEndpoint(
        required(region, "region", "e.g. cn-bj2"),
        required(zone, "zone", "e.g. cn-bj2-05"),
        null,
        HttpUrl.get(DEFAULT_BASE_URL));
  }

  /** The same endpoint addressing a project ({@code org-…}). */
  public UCloudEndpoint withProjectId(String projectId) {
    return new UCloudEndpoint(
        region, zone, required(projectId, "projectId", "e.g. org-xyz"), baseUrl);
  }

  /**
   * The same region, zone and project at another URL.
   *
   * @throws IllegalArgumentException when the URL is not an absolute http or https URL
   */
  public UCloudEndpoint withBaseUrl(String url) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "UCloud endpoint: baseUrl '"
              + url
              + "' is not an absolute http(s) URL; accepted are e.g. "
              + DEFAULT_BASE_URL
              + " or "
              + VPC_BASE_URL);
    }
    // Retrofit resolves the action path against the base URL, which must end in a slash.
    HttpUrl withSlash =
        parsed.encodedPath().endsWith("/")
            ? parsed
            : parsed.newBuilder().addPathSegment("").build();
    return new UCloudEndpoint(region, zone, projectId, withSlash);
  }

  public String region() {
    return region;
  }

  public String zone() {
    return zone;
  }

  public Optional<String> projectId() {
    return Optional.ofNullable(projectId);
  }

  public String baseUrl() {
    return baseUrl.toString();
  }

  HttpUrl httpUrl() {
    return baseUrl;
  }

  private static String required(String value, String name, String example) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "UCloud endpoint: " + name + " must not be empty (" + example + ")");
    }
    return value;
  }

  @Override
  public String toString() {
    return "UCloudEndpoint{region="
        + region
        + ", zone="
        + zone
        + (projectId == null ? "" : ", projectId=" + projectId)
        + ", baseUrl="
        + baseUrl
        + "}";
  }
}
