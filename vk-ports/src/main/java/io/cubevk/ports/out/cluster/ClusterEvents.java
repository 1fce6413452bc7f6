package io.cubevk.ports.out.cluster;

/**
 * Kubernetes Events, as {@code kubectl describe} shows them. Recording is best effort: a failure to
 * record is logged by the adapter, never raised, and repeats are aggregated as kubelet's recorder
 * does.
 */
public interface ClusterEvents {

  void normal(ObjectRef object, String reason, String message);

  void warning(ObjectRef object, String reason, String message);
}
