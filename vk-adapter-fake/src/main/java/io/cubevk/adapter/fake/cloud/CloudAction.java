package io.cubevk.adapter.fake.cloud;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every call the fake cloud serves, named as the UCloud API names it. Faults target actions, and
 * the {@link CallLog} records them. The container streams have no public UCloud action; they are
 * listed here under descriptive names so that faults and the call log cover them too ({@link
 * #isApiAction()} is false for them).
 */
public enum CloudAction {
  CREATE_CUBE_POD("CreateCubePod"),
  DELETE_CUBE_POD("DeleteCubePod"),
  GET_CUBE_POD("GetCubePod"),
  LIST_CUBE_POD("ListCubePod"),
  RENEW_CUBE_POD("RenewCubePod"),
  REBOOT_CUBE_POD("RebootCubePod"),
  GET_CUBE_EXTEND_INFO("GetCubeExtendInfo"),
  MODIFY_CUBE_EXTEND_INFO("ModifyCubeExtendInfo"),
  MODIFY_CUBE_TAG("ModifyCubeTag"),
  GET_CUBE_METRICS("GetCubeMetrics"),
  GET_CUBE_PRICE("GetCubePrice"),
  ALLOCATE_EIP("AllocateEIP"),
  BIND_EIP("BindEIP"),
  UNBIND_EIP("UnBindEIP"),
  RELEASE_EIP("ReleaseEIP"),
  GRANT_FIREWALL("GrantFirewall"),
  DESCRIBE_UDISK("DescribeUDisk"),
  DETACH_UDISK("DetachUDisk"),
  DELETE_UDISK("DeleteUDisk"),
  /** A container log read or follow (no public UCloud action). */
  CONTAINER_LOGS("(logs)"),
  /** A command run in a container (no public UCloud action). */
  CONTAINER_EXEC("(exec)"),
  /** An attach to a container's main process (no public UCloud action). */
  CONTAINER_ATTACH("(attach)"),
  /** A forwarded connection to a Cube's port (no public UCloud action). */
  PORT_FORWARD("(portForward)");

  private final String wireName;

  CloudAction(String wireName) {
    this.wireName = wireName;
  }

  /** The {@code Action} parameter of the UCloud API, or a descriptive name for streams. */
  public String wireName() {
    return wireName;
  }

  /** Whether the UCloud API has this action (the emulator serves exactly these). */
  public boolean isApiAction() {
    return !wireName.startsWith("(");
  }

  /** The API action with this {@code Action} parameter, if the fake serves it. */
  public static Optional<CloudAction> fromWireName(String action) {
    return Arrays.stream(values())
        .filter(a -> a.isApiAction() && a.wireName.equals(action))
        .findFirst();
  }
}
