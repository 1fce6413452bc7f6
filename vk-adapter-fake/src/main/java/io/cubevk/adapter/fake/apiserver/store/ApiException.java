package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure the API answers as a Kubernetes {@code Status}: the HTTP code, the machine-readable
 * reason and a message naming the object and field, in the words the real API server uses.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String reason;
  private final String detailsName;
  private final String detailsGroup;
  private final String detailsKind;
  private final List<Cause> causes;

  /**
   * One field-level problem of a 422 Invalid answer.
   *
   * @param reason e.g. {@code FieldValueRequired}
   * @param message what is wrong and what would be accepted
   * @param field the field path, e.g. {@code spec.containers[0].image}
   */
  public record Cause(String reason, String message, String field) {}

  private ApiException(
      int code,
      String reason,
      String message,
      String name,
      String group,
      String kind,
      List<Cause> causes) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.detailsName = name;
    this.detailsGroup = group;
    this.detailsKind = kind;
    this.causes = List.copyOf(causes);
  }

  /** HTTP status code. */
  public int code() {
    return code;
  }

  /** The Status reason ({@code NotFound}, {@code Conflict}…). */
  public String reason() {
    return reason;
  }

  /** A plain failure with no object details. */
  public static ApiException of(int code, String reason, String message) {
    return new ApiException(code, reason, message, null, null, null, List.of());
  }

  /** 400 BadRequest. */
  public static ApiException badRequest(String message) {
    return of(400, "BadRequest", message);
  }

  /** 404 for an object: {@code pods "x" not found}. */
  public static ApiException notFound(ResourceType type, String name) {
    return new ApiException(
        404,
        "NotFound",
        type.qualifiedName() + " \"" + name + "\" not found",
        name,
        type.group(),
        type.plural(),
        List.of());
  }

  /** 409 AlreadyExists. */
  public static ApiException alreadyExists(ResourceType type, String name) {
    return new ApiException(
        409,
        "AlreadyExists",
        type.qualifiedName() + " \"" + name + "\" already exists",
        name,
        type.group(),
        type.plural(),
        List.of());
  }

  /** 409 Conflict with the standard optimistic-concurrency wording, or a specific reason. */
  public static ApiException conflict(ResourceType type, String name, String why) {
    return new ApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + type.qualifiedName() + " \"" + name + "\": " + why,
        name,
        type.group(),
        type.plural(),
        List.of());
  }

  /** The message of a stale update. */
  public static final String MODIFIED =
      "the object has been modified; please apply your changes to the latest version and try again";

  /** 422 Invalid with its causes. */
  public static ApiException invalid(ResourceType type, String name, List<Cause> causes) {
    List<String> parts = new ArrayList<>();
    for (Cause c : causes) {
      parts.add(c.field() + ": " + c.message());
    }
    String message =
        type.kind()
            + " \""
            + name
            + "\" is invalid: "
            + (parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]");
    return new ApiException(422, "Invalid", message, name, type.group(), type.kind(), causes);
  }

  /** 403 Forbidden for an object. */
  public static ApiException forbidden(ResourceType type, String name, String why) {
    return new ApiException(
        403,
        "Forbidden",
        type.qualifiedName() + " \"" + name + "\" is forbidden: " + why,
        name,
        type.group(),
        type.plural(),
        List.of());
  }

  /** 410 Gone: the requested resourceVersion is no longer in the history window. */
  public static ApiException gone(String message) {
    return of(410, "Expired", message);
  }

  /** 405 MethodNotAllowed. */
  public static ApiException methodNotAllowed(String message) {
    return of(405, "MethodNotAllowed", message);
  }

  /** The {@code v1 Status} object for this failure. */
  public ObjectNode toStatus() {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", getMessage());
    s.put("reason", reason);
    if (detailsName != null || !causes.isEmpty()) {
      ObjectNode d = s.putObject("details");
      if (detailsName != null) {
        d.put("name", detailsName);
      }
      if (detailsGroup != null && !detailsGroup.isEmpty()) {
        d.put("group", detailsGroup);
      }
      if (detailsKind != null) {
        d.put("kind", detailsKind);
      }
      if (!causes.isEmpty()) {
        ArrayNode arr = d.putArray("causes");
        for (Cause c : causes) {
          arr.addObject()
              .put("reason", c.reason())
              .put("message", c.message())
              .put("field", c.field());
        }
      }
    }
    s.put("code", code);
    return s;
  }
}
