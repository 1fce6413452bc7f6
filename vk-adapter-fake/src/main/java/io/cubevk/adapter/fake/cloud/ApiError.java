package io.cubevk.adapter.fake.cloud;

/**
 * A call to {@link FakeCloudApi} that did not succeed, in the terms of the UCloud API: refused with
 * a RetCode, not served at all because of an outage, or performed but with its answer lost. The
 * emulator answers each the way the real service would fail (RetCode envelope, HTTP 503, a reset
 * connection); {@link FakeCubeCloud} turns each into the port's {@link
 * io.cubevk.ports.out.cloud.CloudFailure}.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** How the call failed. */
  public enum Kind {
    /** The service answered with a non-zero RetCode; nothing changed. */
    REFUSED,
    /** The service did not answer at all (an outage); nothing changed. */
    OUTAGE,
    /** The action was performed, then the answer was lost on its way back. */
    ANSWER_LOST,
    /** The caller gave up waiting before the service took the request; nothing changed. */
    TIMED_OUT
  }

  private final Kind kind;
  private final int retCode;

  private ApiError(Kind kind, int retCode, String message) {
    // No stack trace: refusals are ordinary answers (e.g. 8404 while polling) and must stay cheap.
    super(message, null, false, false);
    this.kind = kind;
    this.retCode = retCode;
  }

  public static ApiError refused(int retCode, String message) {
    if (retCode == RetCodes.OK) {
      throw new IllegalArgumentException("a refusal needs a non-zero RetCode");
    }
    return new ApiError(Kind.REFUSED, retCode, message);
  }

  public static ApiError notFound(String message) {
    return refused(RetCodes.RESOURCE_NOT_FOUND, message);
  }

  /** A request the service refuses for its content (bad value, quota, wrong state). */
  public static ApiError invalid(String message) {
    return refused(RetCodes.PARAMS_NOT_AVAILABLE, message);
  }

  static ApiError outage(CloudAction action) {
    return new ApiError(
        Kind.OUTAGE, RetCodes.SERVICE_UNAVAILABLE, action.wireName() + ": the service is down");
  }

  static ApiError answerLost(CloudAction action) {
    return new ApiError(
        Kind.ANSWER_LOST,
        RetCodes.OK,
        action.wireName() + ": performed, but the answer was lost on its way back");
  }

  static ApiError timedOut(CloudAction action, java.time.Duration after) {
    return new ApiError(
        Kind.TIMED_OUT,
        RetCodes.OK,
        action.wireName() + ": no answer within " + after.toMillis() + " ms (timed out)");
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The RetCode of a refusal; 150 for an outage; 0 for a lost answer (the action succeeded) and for
   * a timeout (it did not happen).
   */
  public int retCode() {
    return retCode;
  }
}
