package io.cubevk.ports.out.cluster;

/**
 * Why a call to the Kubernetes API server failed. The engine retries what is {@link #retryable()}
 * with backoff.
 */
public abstract sealed class ClusterFailure extends RuntimeException
    permits ClusterFailure.Conflict,
        ClusterFailure.NotFound,
        ClusterFailure.Unavailable,
        ClusterFailure.Rejected {

  private static final long serialVersionUID = 1L;

  ClusterFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public abstract boolean retryable();

  /** The object changed since it was read (409) or a precondition failed: re-read and retry. */
  public static final class Conflict extends ClusterFailure {
    private static final long serialVersionUID = 1L;

    public Conflict(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The object does not exist (404). */
  public static final class NotFound extends ClusterFailure {
    private static final long serialVersionUID = 1L;

    public NotFound(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** The API server is unreachable, overloaded (429) or failing (5xx). */
  public static final class Unavailable extends ClusterFailure {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The request is invalid (400, 422) or not allowed (401, 403): retrying will not help. */
  public static final class Rejected extends ClusterFailure {
    private static final long serialVersionUID = 1L;

    public Rejected(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }
}
