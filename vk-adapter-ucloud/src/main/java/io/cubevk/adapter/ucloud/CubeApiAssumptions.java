package io.cubevk.adapter.ucloud;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the adapter relies on that UCloud's public documentation does not pin down
 * (cube-api.md, "Assumptions"). Each is one constant here, so that a correction learnt from the
 * real API is one edit, and the emulator in vk-adapter-fake shares the same assumptions.
 *
 * <p>The Cube document's own uncertain field names (status, volumes, pull secrets) are kept in
 * vk-domain's {@code CubeDialect}, next to the one codec that renders them.
 */
final class CubeApiAssumptions {

  private CubeApiAssumptions() {}

  /**
   * ASSUMPTION: the RetCodes with which Get/Delete (and the other calls that address an existing
   * Cube, EIP or disk) say "no such resource". The real code is unknown; the emulator uses 8404.
   * Checked before the "≥ 2000 is a server error" rule, since such codes are ≥ 2000.
   */
  static final Set<Integer> NOT_FOUND_RET_CODES = Set.of(8404);

  /**
   * ASSUMPTION: a non-zero RetCode whose message matches this also means "no such resource" for an
   * action that addresses one, whatever the code, unless the code is one of the table's retryable
   * or credential codes.
   */
  static final Pattern NOT_FOUND_MESSAGE =
      Pattern.compile(
          "not\\s+(?:be\\s+)?(?:found|exists?)|does\\s*n[o']t\\s+exist|no\\s+such",
          Pattern.CASE_INSENSITIVE);

  /**
   * ASSUMPTION: GetCubeMetrics' name for CPU usage, in percent of the container's CPU limit (the
   * metric names are not public).
   */
  static final String CPU_METRIC = "CPUUtilization";

  /** ASSUMPTION: GetCubeMetrics' name for memory usage, in bytes. */
  static final String MEMORY_METRIC = "MemUsage";

  /**
   * ASSUMPTION: the actions that take a Zone. cube-api.md lists it for these; the others are sent
   * without one so that a read or a delete never misses a Cube because of a zone filter.
   */
  static final Set<UCloudAction> ZONE_ACTIONS =
      Set.of(
          UCloudAction.CREATE_CUBE_POD,
          UCloudAction.GET_CUBE_METRICS,
          UCloudAction.DESCRIBE_UDISK,
          UCloudAction.DETACH_UDISK,
          UCloudAction.DELETE_UDISK);

  /**
   * ASSUMPTION: AllocateEIP's OperatorName. The annotations have no field for it; {@code Bgp} is
   * the line of UCloud's mainland regions ({@code International} outside them).
   */
  static final String EIP_OPERATOR_NAME = "Bgp";

  /**
   * ASSUMPTION: GetCubeExtendInfo's {@code Expiration} is a unix time in seconds, and 0 (or absent)
   * means the Cube does not expire (postpaid).
   */
  static final long NO_EXPIRATION = 0;

  /** ASSUMPTION: how many ids one GetCubeExtendInfo takes (the limit is not documented). */
  static final int EXTEND_INFO_IDS_PER_CALL = 50;

  /**
   * ASSUMPTION: a disk is detached before deletion when DescribeUDisk (UDisk API, public) reports
   * one of these statuses; its {@code UHostId} is then the Cube it is attached to (cube-api.md:
   * DetachUDisk takes the cube id as UHostId).
   */
  static final Set<String> UDISK_ATTACHED_STATUSES = Set.of("InUse", "Attaching");

  /** ASSUMPTION: DescribeUDisk's status of a disk on its way to being detached: wait for it. */
  static final String UDISK_DETACHING_STATUS = "Detaching";

  /**
   * Documented: ListCubePod's largest page (the default is 20). Used as the Limit of every page.
   */
  static final int LIST_PAGE_LIMIT = 100;

  /**
   * How many full passes a list makes at most when Cubes come and go while it pages (a pass whose
   * TotalCount changed may have missed a Cube that moved to an earlier page).
   */
  static final int LIST_MAX_PASSES = 3;
}
