package io.cubevk.adapter.fake.apiserver;

import java.time.Duration;
import java.time.Instant;

/**
 * One request the server answered, as the request log keeps it.
 *
 * @param time when it arrived
 * @param method HTTP method
 * @param path the URL path
 * @param query the raw query string ("" when none)
 * @param verb Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection
 *     (or the lower-case HTTP method for non-resource paths)
 * @param apiGroup the API group ("" for core)
 * @param apiVersion the API version ("" for non-resource paths)
 * @param resource the resource plural ("" for non-resource paths)
 * @param subresource the subresource ("" for none)
 * @param namespace the namespace ("" for none)
 * @param name the object name ("" for collections)
 * @param user the authenticated user name
 * @param code the HTTP status code answered (for watches: when the stream started)
 * @param duration time to the answer (for watches: to the start of the stream)
 */
public record RecordedRequest(
    Instant time,
    String method,
    String path,
    String query,
    String verb,
    String apiGroup,
    String apiVersion,
    String resource,
    String subresource,
    String namespace,
    String name,
    String user,
    int code,
    Duration duration) {

  /** Whether the request changed (or tried to change) state. */
  public boolean isWrite() {
    return switch (verb) {
      case "create", "update", "patch", "delete", "deletecollection" -> true;
      default -> false;
    };
  }

  /** {@code pods} or {@code pods/status}: the resource as RBAC names it. */
  public String resourcePath() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /** Whether the server answered with a 2xx code. */
  public boolean succeeded() {
    return code >= 200 && code < 300;
  }
}
