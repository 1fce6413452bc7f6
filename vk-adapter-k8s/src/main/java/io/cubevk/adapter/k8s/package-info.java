/**
 * The Kubernetes side of cube-vk, over client-java: the cluster out-ports (nodes, leases, pods and
 * their status, translation inputs, events), the V1Pod to PodView mapper, and the kubelet HTTPS API
 * in-adapter ({@code kubelet} subpackage) that serves logs, exec, attach, port-forward and stats
 * for Cube pods.
 */
package io.cubevk.adapter.k8s;
