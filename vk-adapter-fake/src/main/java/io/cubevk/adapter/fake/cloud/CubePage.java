package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeDocument;
import java.util.List;

/**
 * One page of a ListCubePod answer: the stored documents from the requested offset, and how many
 * Cubes matched in all at that moment.
 */
public record CubePage(List<CubeDocument> cubes, int totalCount) {

  public CubePage {
    cubes = List.copyOf(cubes);
  }
}
