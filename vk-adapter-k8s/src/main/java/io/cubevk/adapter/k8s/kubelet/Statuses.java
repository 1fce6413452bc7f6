package io.cubevk.adapter.k8s.kubelet;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The {@code metav1.Status} that ends an exec or attach on the error channel (protocol v4 and
 * later), field for field as kubelet's remotecommand server marshals it: Success; a non-zero exit
 * as reason {@code NonZeroExitCode} with an {@code ExitCode} cause (kubectl and client-java take
 * the exit code from it); any other failure as an {@code InternalError}.
 */
final class Statuses {

  private Statuses() {}

  /** How a remote command ended. */
  sealed interface Outcome permits Exited, Failed {}

  record Exited(int exitCode) implements Outcome {}

  record Failed(String message) implements Outcome {}

  static byte[] json(Outcome outcome, String commandDescription) {
    JsonObject status = new JsonObject();
    status.add("metadata", new JsonObject());
    if (outcome instanceof Exited exited && exited.exitCode() == 0) {
      status.addProperty("status", "Success");
      return bytes(status);
    }
    status.addProperty("status", "Failure");
    JsonObject details = new JsonObject();
    JsonArray causes = new JsonArray();
    JsonObject cause = new JsonObject();
    if (outcome instanceof Exited exited) {
      status.addProperty("message", nonZeroExitMessage(exited.exitCode(), commandDescription));
      status.addProperty("reason", "NonZeroExitCode");
      cause.addProperty("reason", "ExitCode");
      cause.addProperty("message", Integer.toString(exited.exitCode()));
      causes.add(cause);
      details.add("causes", causes);
      status.add("details", details);
    } else {
      String message = ((Failed) outcome).message();
      status.addProperty("message", "Internal error occurred: " + message);
      status.addProperty("reason", "InternalError");
      cause.addProperty("message", message);
      causes.add(cause);
      details.add("causes", causes);
      status.add("details", details);
      status.addProperty("code", 500);
    }
    return bytes(status);
  }

  /**
   * What protocols before v4 write on the error stream: nothing on success, else the message
   * (kubelet's {@code v1WriteStatusFunc}).
   */
  static byte[] text(Outcome outcome, String commandDescription) {
    if (outcome instanceof Exited exited) {
      return exited.exitCode() == 0
          ? new byte[0]
          : nonZeroExitMessage(exited.exitCode(), commandDescription)
              .getBytes(StandardCharsets.UTF_8);
    }
    return ("Internal error occurred: " + ((Failed) outcome).message())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String nonZeroExitMessage(int exitCode, String commandDescription) {
    return "command terminated with non-zero exit code: error executing command "
        + commandDescription
        + ", exit code "
        + exitCode;
  }

  private static byte[] bytes(JsonObject object) {
    return object.toString().getBytes(StandardCharsets.UTF_8);
  }
}
