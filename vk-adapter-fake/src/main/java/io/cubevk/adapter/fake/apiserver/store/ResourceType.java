package io.cubevk.adapter.fake.apiserver.store;

import java.util.List;
import java.util.Optional;

/**
 * One resource the server serves: where it lives in the API (group, version, plural), what kind its
 * objects are, and the few behaviours that differ between kinds (namespaced, status subresource,
 * generation tracking, create-only reviews).
 *
 * @param group API group, empty for core/v1
 * @param version API version
 * @param plural the resource name in URLs
 * @param singular singular name for discovery
 * @param kind the object kind
 * @param namespaced whether objects live in a namespace
 * @param shortNames kubectl short names
 * @param categories discovery categories ("all" makes {@code kubectl get all} include it)
 * @param verbs discovery verbs
 * @param subresources subresources served for items of this resource
 * @param statusSubresource whether writes to the main resource keep the stored status
 * @param tracksGeneration whether {@code metadata.generation} counts spec changes
 * @param storedAs the resource whose storage this one shares (events.k8s.io events), or empty
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> verbs,
    List<Subresource> subresources,
    boolean statusSubresource,
    boolean tracksGeneration,
    Optional<String> storedAs) {

  /** Verbs of an ordinary stored resource. */
  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /**
   * A subresource served under an item, as discovery lists it.
   *
   * @param name e.g. {@code status}
   * @param group group of the subresource's kind (differs for scale and token)
   * @param version version of the subresource's kind
   * @param kind kind of the subresource's body
   * @param verbs verbs allowed
   */
  public record Subresource(
      String name, String group, String version, String kind, List<String> verbs) {}

  /** {@code v1} or {@code apps/v1}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The name used in error messages and RBAC: {@code pods} or {@code deployments.apps}. */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The key of the storage this resource's objects live in. */
  public String storageKey() {
    return storedAs.orElse(group + "/" + plural);
  }

  /** Whether objects are kept (reviews are answered and forgotten). */
  public boolean stored() {
    return verbs.contains("get");
  }

  /** Whether this resource serves the named subresource. */
  public Optional<Subresource> subresource(String name) {
    return subresources.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
