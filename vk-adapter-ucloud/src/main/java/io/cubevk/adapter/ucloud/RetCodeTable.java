package io.cubevk.adapter.ucloud;

import io.cubevk.ports.out.cloud.CloudFailure;
import java.util.Optional;

/**
 * UCloud's error table (cube-api.md, "Error codes and retries") as the port's failure family, in
 * one place. Besides the failure, each row says whether the cloud may have acted on the request:
 * only a failure that proves it did not lets a create be sent again.
 *
 * <table>
 *   <caption>RetCode → failure</caption>
 *   <tr><th>RetCode</th><th>failure</th><th>may have acted</th></tr>
 *   <tr><td>150</td><td>Unavailable (retryable)</td><td>no</td></tr>
 *   <tr><td>153</td><td>Throttled (retryable)</td><td>no</td></tr>
 *   <tr><td>171, 172, 292–299</td><td>Unauthorized</td><td>no</td></tr>
 *   <tr><td>not-found code or message, for an action on an existing resource
 *       ({@link CubeApiAssumptions#NOT_FOUND_RET_CODES}: an assumption)</td>
 *       <td>NotFound</td><td>no</td></tr>
 *   <tr><td>≥ 2000</td><td>Unavailable (retryable)</td><td>yes</td></tr>
 *   <tr><td>any other</td><td>Rejected, with the cloud's message</td><td>no</td></tr>
 * </table>
 */
final class RetCodeTable {

  static final int SERVICE_UNAVAILABLE = 150;
  static final int RATE_LIMITED = 153;
  static final int BAD_SIGNATURE = 171;
  static final int SIGNATURE_EXPIRED = 172;
  static final int UNAUTHORIZED_FIRST = 292;
  static final int UNAUTHORIZED_LAST = 299;
  static final int SERVER_ERROR_FIRST = 2000;

  private RetCodeTable() {}

  /** A failure and whether the cloud may have acted on the request that caused it. */
  record Classified(CloudFailure failure, boolean cloudMayHaveActed) {}

  /**
   * Classifies a non-zero RetCode.
   *
   * @param subject the action and the resource it addressed, e.g. {@code "GetCubePod
   *     CubeId=cube-1"}
   * @param cloudMessage the cloud's Message, already scrubbed of secrets
   */
  static Classified classify(
      UCloudAction action, String subject, int retCode, String cloudMessage) {
    String because =
        " (RetCode " + retCode + (cloudMessage.isEmpty() ? "" : ": " + cloudMessage) + ")";
    if (retCode == SERVICE_UNAVAILABLE) {
      return new Classified(
          new CloudFailure.Unavailable(subject + ": UCloud service unavailable" + because), false);
    }
    if (retCode == RATE_LIMITED) {
      return new Classified(
          new CloudFailure.Throttled(
              subject + ": rate limited by UCloud" + because, Optional.empty()),
          false);
    }
    if (retCode == BAD_SIGNATURE) {
      return new Classified(
          new CloudFailure.Unauthorized(
              subject
                  + ": credentials rejected, the signature does not match"
                  + because
                  + "; check the public and private key of the UCloud API key pair"),
          false);
    }
    if (retCode == SIGNATURE_EXPIRED) {
      return new Classified(
          new CloudFailure.Unauthorized(
              subject
                  + ": credentials rejected, the signature or security token expired"
                  + because
                  + "; renew the temporary credentials"),
          false);
    }
    if (retCode >= UNAUTHORIZED_FIRST && retCode <= UNAUTHORIZED_LAST) {
      return new Classified(
          new CloudFailure.Unauthorized(
              subject
                  + ": credentials rejected, no permission for this call"
                  + because
                  + "; check the API key's permissions in the project"),
          false);
    }
    if (action.addressesExisting() && isNotFound(retCode, cloudMessage)) {
      return new Classified(new CloudFailure.NotFound(subject + ": not found" + because), false);
    }
    if (retCode >= SERVER_ERROR_FIRST) {
      return new Classified(
          new CloudFailure.Unavailable(subject + ": UCloud server error" + because), true);
    }
    return new Classified(
        new CloudFailure.Rejected(
            Integer.toString(retCode), subject + ": rejected by UCloud" + because),
        false);
  }

  private static boolean isNotFound(int retCode, String cloudMessage) {
    return CubeApiAssumptions.NOT_FOUND_RET_CODES.contains(retCode)
        || CubeApiAssumptions.NOT_FOUND_MESSAGE.matcher(cloudMessage).find();
  }
}
