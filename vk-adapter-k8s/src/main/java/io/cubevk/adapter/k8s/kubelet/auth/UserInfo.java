package io.cubevk.adapter.k8s.kubelet.auth;

import java.util.List;
import java.util.Map;

/** An authenticated caller, as Kubernetes' {@code user.Info}: name, uid, groups, extra. */
public record UserInfo(
    String name, String uid, List<String> groups, Map<String, List<String>> extra) {

  public UserInfo {
    groups = List.copyOf(groups);
    extra = Map.copyOf(extra);
  }

  public static UserInfo of(String name, String... groups) {
    return new UserInfo(name, "", List.of(groups), Map.of());
  }
}
