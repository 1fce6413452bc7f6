package io.cubevk.adapter.fake.apiserver;

import io.cubevk.adapter.fake.apiserver.auth.Policy;
import java.util.List;

/**
 * Who made a request.
 *
 * @param user the user name
 * @param uid the user's uid ("" when none)
 * @param groups the user's groups
 */
record Identity(String user, String uid, List<String> groups) {
  static final Identity ANONYMOUS =
      new Identity("system:anonymous", "", List.of("system:unauthenticated"));

  boolean isAdmin() {
    return groups.contains(Policy.MASTERS);
  }
}
