package io.cubevk.domain.node;

import io.cubevk.domain.size.CubeSize;

/** Fixture: a valid virtual node, with each setting replaceable (the value's builder is strict). */
final class Nodes {

  String clusterId = "uk8s-abcd1234";
  String name = "uk8s-abcd1234-vk-x1y2z";
  String region = "cn-bj2";
  String zone = "cn-bj2-05";
  String subnetId = "subnet-def";
  int maxPods = 200;
  CubeSize defaultSize = CubeSize.DEFAULT;
  boolean enabled = true;

  static Nodes node() {
    return new Nodes();
  }

  Nodes clusterId(String value) {
    clusterId = value;
    return this;
  }

  Nodes name(String value) {
    name = value;
    return this;
  }

  Nodes zone(String value) {
    zone = value;
    return this;
  }

  Nodes subnetId(String value) {
    subnetId = value;
    return this;
  }

  Nodes maxPods(int value) {
    maxPods = value;
    return this;
  }

  Nodes defaultSize(CubeSize value) {
    defaultSize = value;
    return this;
  }

  Nodes enabled(boolean value) {
    enabled = value;
    return this;
  }

  VirtualNode.Builder builder() {
    return new VirtualNode.Builder()
        .clusterId(clusterId)
        .name(name)
        .region(region)
        .zone(zone)
        .vpcId("uvnet-abc")
        .subnetId(subnetId)
        .maxPods(maxPods)
        .defaultSize(defaultSize)
        .enabled(enabled);
  }

  VirtualNode build() {
    return builder().build();
  }
}
