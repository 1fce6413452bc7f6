package io.cubevk.adapter.fake.cloud;

import io.cubevk.ports.out.cloud.CloudFailure;
import java.util.Optional;

/**
 * The UCloud RetCodes the fake cloud and the emulator answer with, in one table.
 *
 * <p>The common codes (150–299) are UCloud's published ones. {@link #MISSING_PARAMS} and {@link
 * #PARAMS_NOT_AVAILABLE} follow the convention UCloud's services use for bad requests. {@link
 * #RESOURCE_NOT_FOUND} is an <b>assumption</b> shared with the adapter (cube-api.md, "Assumptions":
 * the real code for a missing Cube is unknown). Quotas and resources in the wrong state are refused
 * with {@link #PARAMS_NOT_AVAILABLE} and a message saying why: any code outside the retryable
 * ranges keeps the refusal permanent, and the true codes are not public.
 */
public final class RetCodes {

  public static final int OK = 0;

  /** Service unavailable: retryable. */
  public static final int SERVICE_UNAVAILABLE = 150;

  /** The account's calls are being rate limited: retryable with backoff. */
  public static final int RATE_LIMITED = 153;

  public static final int MISSING_ACTION = 160;
  public static final int ACTION_NOT_FOUND = 161;
  public static final int MISSING_SIGNATURE = 170;

  /** The signature does not match: the credentials are wrong. */
  public static final int SIGNATURE_ERROR = 171;

  /** No user has this public key. */
  public static final int USER_NOT_FOUND = 172;

  /** No permission (IAM check failed). */
  public static final int NO_PERMISSION = 299;

  public static final int MISSING_PARAMS = 220;

  /** A parameter has a value the service does not accept (also: quota reached, wrong state). */
  public static final int PARAMS_NOT_AVAILABLE = 230;

  /** A server-side failure: every code of 2000 and above is retryable (except the one below). */
  public static final int INTERNAL_ERROR = 5000;

  /** The Cube, EIP or disk does not exist. An assumption: see the class documentation. */
  public static final int RESOURCE_NOT_FOUND = 8404;

  private RetCodes() {}

  /** The message UCloud gives with a code, for faults injected without one. */
  public static String defaultMessage(int retCode) {
    return switch (retCode) {
      case SERVICE_UNAVAILABLE -> "Service is unavailable, please try again later";
      case RATE_LIMITED -> "API request rate limit exceeded";
      case MISSING_ACTION -> "Missing Action";
      case ACTION_NOT_FOUND -> "Action not found";
      case MISSING_SIGNATURE -> "Missing signature";
      case SIGNATURE_ERROR -> "Signature VerifyAC Error";
      case USER_NOT_FOUND -> "User not found";
      case NO_PERMISSION -> "No permission";
      case MISSING_PARAMS -> "Missing params";
      case PARAMS_NOT_AVAILABLE -> "Params not available";
      case RESOURCE_NOT_FOUND -> "Resource not found";
      default -> retCode >= 2000 ? "Internal error" : "Request refused";
    };
  }

  /**
   * The port failure for a refusal, classified as cube-api.md's error table says: 150 and ≥ 2000
   * unavailable, 153 throttled, 170–174 and 292–299 unauthorized, {@link #RESOURCE_NOT_FOUND} not
   * found, everything else rejected.
   */
  static CloudFailure toFailure(CloudAction action, int retCode, String message) {
    String text = action.wireName() + ": " + message + " (RetCode " + retCode + ")";
    if (retCode == RESOURCE_NOT_FOUND) {
      return new CloudFailure.NotFound(text);
    }
    if (retCode == SERVICE_UNAVAILABLE || retCode >= 2000) {
      return new CloudFailure.Unavailable(text);
    }
    if (retCode == RATE_LIMITED) {
      return new CloudFailure.Throttled(text, Optional.empty());
    }
    if ((retCode >= 170 && retCode <= 174) || (retCode >= 292 && retCode <= 299)) {
      return new CloudFailure.Unauthorized(text);
    }
    return new CloudFailure.Rejected(Integer.toString(retCode), text);
  }
}
