package io.cubevk.ports.out.cloud;

/**
 * The optional features of a {@link CubeCloud}; the kubelet API answers clearly for missing ones.
 */
public enum CloudCapability {
  LOGS,
  EXEC,
  ATTACH,
  PORT_FORWARD,
  METRICS
}
