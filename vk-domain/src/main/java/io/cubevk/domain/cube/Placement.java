package io.cubevk.domain.cube;

import org.immutables.value.Value;

/**
 * Where a Cube is created: the virtual node's zone, VPC and subnet, and its group. The group is the
 * virtual node's name: it is how the agent lists "its" Cubes, and the orphan collector never
 * touches a Cube of another group.
 */
@Value.Immutable
public abstract class Placement {

  public abstract String zone();

  public abstract String vpcId();

  public abstract String subnetId();

  /** The Cube group: the name of the virtual node that owns the Cube. */
  public abstract String group();

  public static Placement of(String zone, String vpcId, String subnetId, String group) {
    return new Builder().zone(zone).vpcId(vpcId).subnetId(subnetId).group(group).build();
  }

  public static class Builder extends ImmutablePlacement.Builder {}
}
