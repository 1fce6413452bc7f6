package io.cubevk.adapter.ucloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubevk.domain.cube.CubeId;
import io.cubevk.domain.cube.CubePhase;
import io.cubevk.domain.cube.ObservedCube;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ListCubePod paging while Cubes come and go between pages. */
class PagingTest {

  private final MockUCloud ucloud = new MockUCloud();
  private final Listing listing = new Listing();

  @AfterEach
  void stop() {
    ucloud.close();
  }

  @Test
  void aStableListOfTwoHundredFiftyTakesThreePages() {
    listing.add(0, 250);

    List<ObservedCube> cubes = ucloud.cloud().list("group-a");

    assertThat(ids(cubes)).containsExactlyElementsOf(listing.ids());
    assertThat(listing.offsetsAsked).containsExactly(0, 100, 200);
  }

  @Test
  void anEmptyGroupTakesOneCall() {
    assertThat(ucloud.cloud().list("group-a")).isEmpty();
    assertThat(listing.offsetsAsked).containsExactly(0);
  }

  @Test
  void aCubeCreatedWhilePagingShiftsAnotherOntoTheNextPageButEachIsReportedOnce() {
    listing.add(0, 150);
    listing.beforePage(2, cubes -> cubes.add(0, "cube-new"));

    List<ObservedCube> cubes = ucloud.cloud().list("group-a");

    assertThat(ids(cubes)).doesNotHaveDuplicates().containsAll(listing.ids());
  }

  @Test
  void aCubeDeletedWhilePagingCannotHideAnotherFromTheList() {
    listing.add(0, 150);
    // Deleting cube-0 after the first page moves cube-100 to offset 99, which the second page
    // (offset 100) no longer covers: a single pass would miss cube-100.
    listing.beforePage(2, cubes -> cubes.remove("cube-0"));

    List<ObservedCube> cubes = ucloud.cloud().list("group-a");

    assertThat(ids(cubes)).doesNotHaveDuplicates().containsAll(listing.ids()).contains("cube-100");
    assertThat(listing.offsetsAsked).containsExactly(0, 100, 0, 100);
  }

  @Test
  void aServerPromisingMoreThanItServesStopsAfterTheLastPass() {
    listing.add(0, 100);
    listing.lieAboutTotal = 500;

    List<ObservedCube> cubes = ucloud.cloud().list("group-a");

    assertThat(cubes).hasSize(100);
    assertThat(listing.offsetsAsked).hasSize(2 * CubeApiAssumptions.LIST_MAX_PASSES);
  }

  @Test
  void asksForItsOwnGroupOnly() {
    listing.add(0, 3);

    ucloud.cloud().list("uk8s-abcd1234-vk-x1y2z");

    assertThat(listing.groupsAsked).containsExactly("uk8s-abcd1234-vk-x1y2z");
  }

  private static List<String> ids(List<ObservedCube> cubes) {
    return cubes.stream().map(ObservedCube::cubeId).map(CubeId::value).toList();
  }

  /** A group of Cubes served page by page from a list that tests may change between pages. */
  private final class Listing extends Dispatcher {
    final List<String> cubes = new CopyOnWriteArrayList<>();
    final List<Integer> offsetsAsked = new CopyOnWriteArrayList<>();
    final List<String> groupsAsked = new CopyOnWriteArrayList<>();
    final Map<Integer, Consumer<List<String>>> changes = new ConcurrentHashMap<>();
    volatile Integer lieAboutTotal;
    private final Map<String, String> encoded = new ConcurrentHashMap<>();

    Listing() {
      ucloud.server.setDispatcher(this);
    }

    void add(int from, int to) {
      IntStream.range(from, to).forEach(i -> cubes.add("cube-" + i));
      // Encoded up front, so that serving a page never comes near the attempt timeout.
      cubes.forEach(id -> encoded.computeIfAbsent(id, this::encode));
    }

    void beforePage(int page, Consumer<List<String>> change) {
      changes.put(page, change);
    }

    List<String> ids() {
      return new ArrayList<>(cubes);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Map<String, String> form = MockUCloud.form(request.getBody().utf8());
      int offset = Integer.parseInt(form.get("Offset"));
      int limit = Integer.parseInt(form.get("Limit"));
      offsetsAsked.add(offset);
      groupsAsked.add(form.get("Group"));
      Consumer<List<String>> change = changes.remove(offsetsAsked.size());
      if (change != null) {
        change.accept(cubes);
      }
      List<String> page =
          cubes.subList(Math.min(offset, cubes.size()), Math.min(offset + limit, cubes.size()));
      String pods =
          page.stream()
              .map(id -> '"' + encoded.computeIfAbsent(id, this::encode) + '"')
              .collect(Collectors.joining(",", "[", "]"));
      int total = lieAboutTotal != null ? lieAboutTotal : cubes.size();
      return MockUCloud.json(
              "{\"RetCode\":0,\"Action\":\"ListCubePodResponse\",\"TotalCount\":"
                  + total
                  + ",\"Pods\":"
                  + pods
                  + "}")
          .build();
    }

    private String encode(String id) {
      return Cubes.stored(Cubes.nginx("uid-" + id), id, CubePhase.RUNNING);
    }
  }
}
