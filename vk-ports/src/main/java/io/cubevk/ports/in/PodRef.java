package io.cubevk.ports.in;

/** A pod by namespace and name, as kubelet API paths and kubectl name it. */
public record PodRef(String namespace, String name) {

  public static PodRef of(String namespace, String name) {
    return new PodRef(namespace, name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
