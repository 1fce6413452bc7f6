/**
 * Fakes that the sandbox and the integration tests run on: an in-memory Cube cloud, a UCloud API
 * emulator over it, and an in-process Kubernetes API server that client-java informers and kubectl
 * use unchanged. They only ever listen on and talk to loopback.
 */
package io.cubevk.adapter.fake;
