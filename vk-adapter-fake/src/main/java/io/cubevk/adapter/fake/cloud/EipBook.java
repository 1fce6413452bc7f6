package io.cubevk.adapter.fake.cloud;

import io.cubevk.domain.cube.CubeId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The account's elastic IPs and the Cubes they are bound to. Thread-safe (EIP calls are rare). */
final class EipBook {

  private static final Set<String> PAY_MODES =
      Set.of("Traffic", "Bandwidth", "ShareBandwidth", "PostAccurateBandwidth");
  private static final Set<String> CHARGE_TYPES = Set.of("Year", "Month", "Dynamic", "Trial");

  private final Ids ids;
  private final AddressPool addresses = AddressPool.publicDocumentationRanges();
  private final Map<String, FakeEip> eips = new HashMap<>();

  EipBook(Ids ids) {
    this.ids = ids;
  }

  synchronized FakeEip allocate(EipRequest request, int quota, Instant now) {
    if (request.operatorName() == null || request.operatorName().isBlank()) {
      throw ApiError.refused(RetCodes.MISSING_PARAMS, "Missing params [OperatorName]");
    }
    if (!PAY_MODES.contains(request.payMode())) {
      throw ApiError.invalid(
          "Params [PayMode] not available: '" + request.payMode() + "', accepted: " + PAY_MODES);
    }
    if (!CHARGE_TYPES.contains(request.chargeType())) {
      throw ApiError.invalid(
          "Params [ChargeType] not available: '"
              + request.chargeType()
              + "', accepted: "
              + CHARGE_TYPES);
    }
    boolean shared = request.payMode().equals("ShareBandwidth");
    if (shared && (request.shareBandwidthId().isEmpty() || request.bandwidth() != 0)) {
      throw ApiError.invalid(
          "Params [ShareBandwidthId] not available: PayMode ShareBandwidth needs a"
              + " ShareBandwidthId and Bandwidth 0");
    }
    if (!shared && (request.bandwidth() < 1 || request.bandwidth() > 10_000)) {
      throw ApiError.invalid(
          "Params [Bandwidth] not available: 1 to 10000 Mbps, got " + request.bandwidth());
    }
    if (eips.size() >= quota) {
      throw ApiError.invalid("quota exceeded: the account may hold at most " + quota + " EIPs");
    }
    String address = addresses.allocate();
    if (address == null) {
      throw ApiError.invalid("no public address left in the fake cloud's EIP ranges");
    }
    String id;
    do {
      id = ids.next("eip");
    } while (eips.containsKey(id));
    FakeEip eip =
        new FakeEip(
            id,
            address,
            request.operatorName(),
            request.bandwidth(),
            request.payMode(),
            request.chargeType(),
            shared ? request.shareBandwidthId() : Optional.empty(),
            Optional.empty(),
            now);
    eips.put(id, eip);
    return eip;
  }

  synchronized void bind(String eipId, CubeId cube) {
    FakeEip eip = existing(eipId);
    if (eip.boundTo().isPresent()) {
      if (eip.boundTo().get().equals(cube)) {
        return;
      }
      throw ApiError.invalid(
          "Params [EIPId] not available: " + eipId + " is bound to " + eip.boundTo().get());
    }
    eips.put(eipId, withBinding(eip, Optional.of(cube)));
  }

  synchronized void unbind(String eipId, CubeId cube) {
    FakeEip eip = existing(eipId);
    if (!eip.boundTo().equals(Optional.of(cube))) {
      throw ApiError.invalid(
          "Params [ResourceId] not available: "
              + eipId
              + eip.boundTo().map(c -> " is bound to " + c).orElse(" is not bound")
              + ", not to "
              + cube);
    }
    eips.put(eipId, withBinding(eip, Optional.empty()));
  }

  synchronized void release(String eipId) {
    FakeEip eip = existing(eipId);
    if (eip.boundTo().isPresent()) {
      throw ApiError.invalid(
          "Params [EIPId] not available: "
              + eipId
              + " is bound to "
              + eip.boundTo().get()
              + "; unbind it first");
    }
    eips.remove(eipId);
    addresses.release(eip.address());
  }

  /** The Cube is gone: its EIPs are released or, if kept, unbound. */
  synchronized void cubeDeleted(CubeId cube, boolean releaseEips) {
    for (FakeEip eip : new ArrayList<>(eips.values())) {
      if (eip.boundTo().equals(Optional.of(cube))) {
        if (releaseEips) {
          eips.remove(eip.id());
          addresses.release(eip.address());
        } else {
          eips.put(eip.id(), withBinding(eip, Optional.empty()));
        }
      }
    }
  }

  synchronized List<FakeEip> boundTo(CubeId cube) {
    return eips.values().stream()
        .filter(e -> e.boundTo().equals(Optional.of(cube)))
        .sorted(java.util.Comparator.comparing(FakeEip::id))
        .toList();
  }

  synchronized Optional<FakeEip> get(String eipId) {
    return Optional.ofNullable(eips.get(eipId));
  }

  synchronized List<FakeEip> all() {
    return List.copyOf(eips.values());
  }

  private FakeEip existing(String eipId) {
    FakeEip eip = eips.get(eipId);
    if (eip == null) {
      throw ApiError.notFound("EIP " + eipId + " does not exist");
    }
    return eip;
  }

  private static FakeEip withBinding(FakeEip e, Optional<CubeId> cube) {
    return new FakeEip(
        e.id(),
        e.address(),
        e.operatorName(),
        e.bandwidth(),
        e.payMode(),
        e.chargeType(),
        e.shareBandwidthId(),
        cube,
        e.createdAt());
  }
}
