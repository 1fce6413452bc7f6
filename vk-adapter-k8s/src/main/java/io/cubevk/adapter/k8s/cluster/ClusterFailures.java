package io.cubevk.adapter.k8s.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cubevk.ports.out.cluster.ClusterFailure;
import io.kubernetes.client.openapi.ApiException;
import java.util.regex.Pattern;

/**
 * Turns client-java's {@link ApiException} into the port's {@link ClusterFailure}: 409 Conflict,
 * 404 NotFound, 429/5xx and transport errors Unavailable, anything else Rejected.
 *
 * <p>Messages name the request and carry the API server's own {@code Status.message}, never the
 * response body as such (a TokenRequest's answer holds a token) and never an {@code Authorization}
 * value; anything shaped like a bearer token or a JWT is cut out before it can reach a log.
 */
final class ClusterFailures {

  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[^\\s\"',]+");
  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");

  private ClusterFailures() {}

  /**
   * The failure for a refused or failed request.
   *
   * @param request what was asked, e.g. {@code PATCH pods/status default/nginx}
   */
  static ClusterFailure of(String request, ApiException e) {
    int code = e.getCode();
    if (code == 0) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String why = cause.getClass().getSimpleName();
      if (cause.getMessage() != null) {
        why += ": " + cause.getMessage();
      }
      return new ClusterFailure.Unavailable(
          request + ": the API server cannot be reached (" + redact(why) + ")", null);
    }
    String message = request + ": HTTP " + code + statusMessage(e.getResponseBody());
    if (code == 409) {
      return new ClusterFailure.Conflict(message, null);
    }
    if (code == 404) {
      return new ClusterFailure.NotFound(message, null);
    }
    if (code == 429 || code >= 500) {
      return new ClusterFailure.Unavailable(message, null);
    }
    return new ClusterFailure.Rejected(message, null);
  }

  /** The failure for a transport error outside client-java's exception (a broken watch, say). */
  static ClusterFailure unavailable(String request, RuntimeException e) {
    return new ClusterFailure.Unavailable(
        request + ": " + redact(String.valueOf(e.getMessage())), null);
  }

  /** Whether the failure is a 409 whose Status says a uid precondition did not hold. */
  static boolean isUidPreconditionConflict(ApiException e) {
    return e.getCode() == 409
        && statusMessage(e.getResponseBody()).contains("Precondition failed: UID");
  }

  /** {@code ": <reason>: <message>"} from a Status body, or nothing when there is none. */
  static String statusMessage(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (!parsed.isJsonObject()) {
        return "";
      }
      JsonObject status = parsed.getAsJsonObject();
      if (!"Status".equals(text(status, "kind"))) {
        return "";
      }
      String reason = text(status, "reason");
      String message = text(status, "message");
      StringBuilder out = new StringBuilder();
      if (!reason.isEmpty()) {
        out.append(' ').append(reason);
      }
      if (!message.isEmpty()) {
        out.append(": ").append(redact(message));
      }
      return out.toString();
    } catch (RuntimeException notJson) {
      return "";
    }
  }

  /** Removes bearer tokens and JWTs from text that may end up in logs. */
  static String redact(String text) {
    String out = BEARER.matcher(text).replaceAll("Bearer <redacted>");
    return JWT.matcher(out).replaceAll("<redacted-token>");
  }

  private static String text(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e == null || !e.isJsonPrimitive() ? "" : e.getAsString();
  }
}
