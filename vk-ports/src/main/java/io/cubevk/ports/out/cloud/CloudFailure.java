package io.cubevk.ports.out.cloud;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a call to the cloud failed. One sealed family, so the engine's handling is exhaustive: it
 * retries what is {@link #retryable()} with backoff and fails the pod with the message otherwise.
 * Adapters translate their transport errors into it; messages name the action and never carry
 * credentials.
 */
public abstract sealed class CloudFailure extends RuntimeException
    permits CloudFailure.Unavailable,
        CloudFailure.Throttled,
        CloudFailure.Rejected,
        CloudFailure.Unauthorized,
        CloudFailure.NotFound,
        CloudFailure.OutcomeUnknown,
        CloudFailure.Unsupported {

  private static final long serialVersionUID = 1L;

  CloudFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same call may succeed later. */
  public abstract boolean retryable();

  /** The service is down or failing (RetCode 150, ≥ 2000, HTTP 5xx, connection errors). */
  public static final class Unavailable extends CloudFailure {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
      super(message, null);
    }

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** Too many calls (RetCode 153, HTTP 429); try again after {@link #retryAfter()} if given. */
  public static final class Throttled extends CloudFailure {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter; // null when the cloud did not say

    public Throttled(String message, Optional<Duration> retryAfter) {
      super(message, null);
      this.retryAfter = retryAfter.orElse(null);
    }

    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /**
   * The cloud refused the request for good: bad input, quota, a resource in the wrong state. The
   * message is the cloud's, prefixed with the action.
   */
  public static final class Rejected extends CloudFailure {
    private static final long serialVersionUID = 1L;
    private final String code;

    public Rejected(String code, String message) {
      super(message, null);
      this.code = code;
    }

    /** The cloud's error code (UCloud's RetCode), for metrics and logs. */
    public String code() {
      return code;
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** The credentials were refused or lack a permission (RetCode 171, 172, 292–299). */
  public static final class Unauthorized extends CloudFailure {
    private static final long serialVersionUID = 1L;

    public Unauthorized(String message) {
      super(message, null);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** The Cube (or EIP, or disk) does not exist. */
  public static final class NotFound extends CloudFailure {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
      super(message, null);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /**
   * A create whose answer was lost after the request may have reached the cloud. Retrying blindly
   * could make a second Cube: the caller must look for the Cube by pod uid first.
   */
  public static final class OutcomeUnknown extends CloudFailure {
    private static final long serialVersionUID = 1L;

    public OutcomeUnknown(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The implementation cannot provide this feature (e.g. logs: Cube has no public log API). */
  public static final class Unsupported extends CloudFailure {
    private static final long serialVersionUID = 1L;
    private final CloudCapability capability;

    public Unsupported(CloudCapability capability, String message) {
      super(message, null);
      this.capability = capability;
    }

    public CloudCapability capability() {
      return capability;
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }
}
