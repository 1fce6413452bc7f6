package io.cubevk.adapter.ucloud;

/**
 * The UCloud actions the adapter calls, with the two facts about each that retries and error
 * classification need.
 */
enum UCloudAction {
  CREATE_CUBE_POD("CreateCubePod", Resend.ONLY_IF_UNPROCESSED, Target.NEW),
  DELETE_CUBE_POD("DeleteCubePod", Resend.ANY_RETRYABLE, Target.EXISTING),
  GET_CUBE_POD("GetCubePod", Resend.ANY_RETRYABLE, Target.EXISTING),
  LIST_CUBE_POD("ListCubePod", Resend.ANY_RETRYABLE, Target.NONE),
  RENEW_CUBE_POD("RenewCubePod", Resend.ANY_RETRYABLE, Target.EXISTING),
  REBOOT_CUBE_POD("RebootCubePod", Resend.ANY_RETRYABLE, Target.EXISTING),
  GET_CUBE_EXTEND_INFO("GetCubeExtendInfo", Resend.ANY_RETRYABLE, Target.NONE),
  GET_CUBE_EXEC_TOKEN("GetCubeExecToken", Resend.ANY_RETRYABLE, Target.EXISTING),
  GET_CUBE_METRICS("GetCubeMetrics", Resend.ANY_RETRYABLE, Target.EXISTING),
  ALLOCATE_EIP("AllocateEIP", Resend.ONLY_IF_UNPROCESSED, Target.NEW),
  BIND_EIP("BindEIP", Resend.ANY_RETRYABLE, Target.EXISTING),
  UNBIND_EIP("UnBindEIP", Resend.ANY_RETRYABLE, Target.EXISTING),
  RELEASE_EIP("ReleaseEIP", Resend.ANY_RETRYABLE, Target.EXISTING),
  GRANT_FIREWALL("GrantFirewall", Resend.ANY_RETRYABLE, Target.EXISTING),
  DESCRIBE_UDISK("DescribeUDisk", Resend.ANY_RETRYABLE, Target.NONE),
  DETACH_UDISK("DetachUDisk", Resend.ANY_RETRYABLE, Target.EXISTING),
  DELETE_UDISK("DeleteUDisk", Resend.ANY_RETRYABLE, Target.EXISTING);

  /** When a failed attempt may be sent again. */
  enum Resend {
    /**
     * Reads and calls whose repetition is harmless (a second delete finds nothing: NotFound, which
     * callers treat as done).
     */
    ANY_RETRYABLE,
    /**
     * Calls that make something new and cost money (a Cube, an EIP): sent again only when the
     * failure proves the cloud did not act on it; otherwise the caller gets OutcomeUnknown.
     */
    ONLY_IF_UNPROCESSED
  }

  /** What the action addresses, which decides whether "not found" can be its answer. */
  enum Target {
    NEW,
    EXISTING,
    NONE
  }

  private final String wireName;
  private final Resend resend;
  private final Target target;

  UCloudAction(String wireName, Resend resend, Target target) {
    this.wireName = wireName;
    this.resend = resend;
    this.target = target;
  }

  /** The {@code Action} parameter. */
  String wireName() {
    return wireName;
  }

  Resend resend() {
    return resend;
  }

  boolean addressesExisting() {
    return target == Target.EXISTING;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
