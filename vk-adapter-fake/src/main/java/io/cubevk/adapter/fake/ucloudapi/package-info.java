/**
 * The UCloud API emulator: {@link io.cubevk.adapter.fake.ucloudapi.UCloudApiEmulator}, an HTTP
 * server on 127.0.0.1 that answers the UCloud API exactly as shared/design/cube-api.md describes,
 * over the fake cloud's {@link io.cubevk.adapter.fake.cloud.FakeCloudApi}, so that the real UCloud
 * adapter runs end to end without an account.
 *
 * <p>What it keeps: the signature is checked server side by its own implementation (written apart
 * from the adapter's client side, both checked against UCloud's public test vectors); every API
 * answer is HTTP 200 with a RetCode envelope; the Pod payloads are base64 of the domain's Cube
 * document codec, never a second YAML format; the fake cloud's faults surface as the real service
 * would show them (RetCode, HTTP 503, reset connection). Private keys are never logged.
 */
package io.cubevk.adapter.fake.ucloudapi;
