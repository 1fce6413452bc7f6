package io.cubevk.domain.pod;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's {@code resources}: requests and limits by resource name, as quantity strings.
 *
 * <p>The strings are kept as written so that the translation can report a malformed quantity with
 * its field path instead of failing here.
 *
 * @param requests requested quantities by resource name ({@code cpu}, {@code memory}, …)
 * @param limits limits by resource name
 */
public record Resources(Map<String, String> requests, Map<String, String> limits) {

  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";

  /** No requests, no limits. */
  public static final Resources NONE = new Resources(Map.of(), Map.of());

  public Resources {
    requests = Map.copyOf(Objects.requireNonNull(requests, "requests"));
    limits = Map.copyOf(Objects.requireNonNull(limits, "limits"));
  }

  /** Requests only (Kubernetes then treats them as the limits' floor, not as limits). */
  public static Resources requests(String cpu, String memory) {
    return new Resources(Map.of(CPU, cpu, MEMORY, memory), Map.of());
  }

  public Optional<String> request(String resource) {
    return Optional.ofNullable(requests.get(resource));
  }

  public Optional<String> limit(String resource) {
    return Optional.ofNullable(limits.get(resource));
  }
}
