package io.cubevk.ports.out.cluster;

/** The object an event is about. */
public record ObjectRef(String kind, String namespace, String name, String uid) {

  public static ObjectRef pod(String namespace, String name, String uid) {
    return new ObjectRef("Pod", namespace, name, uid);
  }

  public static ObjectRef node(String name, String uid) {
    return new ObjectRef("Node", "", name, uid);
  }
}
