package io.cubevk.adapter.fake.cloud;

import java.util.Optional;

/**
 * What ListCubePod filters and pages by. Cubes are listed in creation order, so a Cube deleted
 * during paging moves the later ones one place up, as offset paging over a live table does.
 *
 * @param limit page size, 1 to {@link #MAX_LIMIT}
 */
public record ListQuery(
    Optional<String> group,
    Optional<String> vpcId,
    Optional<String> subnetId,
    int offset,
    int limit) {

  /** ListCubePod's largest page. */
  public static final int MAX_LIMIT = 100;

  /** ListCubePod's page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 20;

  public ListQuery {
    if (offset < 0) {
      throw ApiError.invalid("Params [Offset] not available: must be 0 or more, got " + offset);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiError.invalid(
          "Params [Limit] not available: must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
  }

  public static ListQuery group(String group, int offset, int limit) {
    return new ListQuery(Optional.of(group), Optional.empty(), Optional.empty(), offset, limit);
  }
}
