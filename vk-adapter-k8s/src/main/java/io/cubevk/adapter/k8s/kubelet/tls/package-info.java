/**
 * The kubelet API's serving certificate: where it comes from (PEM files, or the cluster through a
 * {@code kubernetes.io/kubelet-serving} CertificateSigningRequest) and when it is renewed (as
 * kubelet does, at a random point between 70 % and 90 % of its lifetime). The server asks its
 * {@link io.cubevk.adapter.k8s.kubelet.tls.ServingCertificateSource} for the current certificate on
 * every new connection, so a rotation needs no restart and open connections keep theirs.
 */
package io.cubevk.adapter.k8s.kubelet.tls;
