package io.cubevk.adapter.fake.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's authorisation policy: a list of rules, each granting verbs on resources (or
 * non-resource URLs) in namespaces to users, groups or service accounts. The admin (group {@code
 * system:masters}) may do everything. The file is JSON:
 *
 * <pre>{@code
 * {"rules": [
 *   {"users": ["system:serviceaccount:default:vk"], "groups": [],
 *    "verbs": ["get", "list", "watch"], "apiGroups": [""], "resources": ["pods", "pods/status"],
 *    "namespaces": ["*"]},
 *   {"groups": ["system:nodes"], "verbs": ["get"], "nonResourceURLs": ["/healthz"]}
 * ]}
 * }</pre>
 *
 * A missing list in a rule means "any" for apiGroups, resources and namespaces; {@code "*"} matches
 * everything.
 */
public final class Policy {

  /** The group whose members may do everything. */
  public static final String MASTERS = "system:masters";

  /**
   * What is being asked.
   *
   * @param user user name
   * @param groups the user's groups
   * @param verb Kubernetes verb
   * @param apiGroup API group
   * @param resource resource plural
   * @param subresource subresource or ""
   * @param namespace namespace or ""
   * @param name object name or ""
   * @param nonResourcePath a non-resource URL, or null for resource requests
   */
  public record Attributes(
      String user,
      List<String> groups,
      String verb,
      String apiGroup,
      String resource,
      String subresource,
      String namespace,
      String name,
      String nonResourcePath) {}

  private record Rule(
      List<String> users,
      List<String> groups,
      List<String> verbs,
      List<String> apiGroups,
      List<String> resources,
      List<String> namespaces,
      List<String> nonResourceUrls) {}

  private final List<Rule> rules;

  private Policy(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** A policy that grants nothing beyond the admin's rights. */
  public static Policy adminOnly() {
    return new Policy(List.of());
  }

  /** Reads a policy file (see the class comment for its format). */
  public static Policy read(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(Files.readAllBytes(file)));
  }

  /** Parses the policy document. */
  public static Policy parse(JsonNode doc) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode r : doc.path("rules")) {
      rules.add(
          new Rule(
              strings(r.get("users")),
              strings(r.get("groups")),
              strings(r.get("verbs")),
              strings(r.get("apiGroups")),
              strings(r.get("resources")),
              strings(r.get("namespaces")),
              strings(r.get("nonResourceURLs"))));
    }
    return new Policy(rules);
  }

  /** Whether the policy allows the request, and which rule (for the review's reason). */
  public Decision decide(Attributes a) {
    if (a.groups().contains(MASTERS)) {
      return new Decision(true, "the user is in " + MASTERS);
    }
    int i = 0;
    for (Rule r : rules) {
      if (applies(r, a)) {
        return new Decision(true, "allowed by rule " + i + " of the server's policy");
      }
      i++;
    }
    return new Decision(false, "");
  }

  /**
   * A policy decision.
   *
   * @param allowed whether allowed
   * @param reason why
   */
  public record Decision(boolean allowed, String reason) {}

  private static boolean applies(Rule r, Attributes a) {
    boolean subject =
        (r.users() != null && (r.users().contains(a.user()) || r.users().contains("*")))
            || (r.groups() != null && r.groups().stream().anyMatch(a.groups()::contains));
    if (!subject || !matches(r.verbs(), a.verb())) {
      return false;
    }
    if (a.nonResourcePath() != null) {
      return r.nonResourceUrls() != null
          && r.nonResourceUrls().stream()
              .anyMatch(
                  u ->
                      u.equals("*")
                          || u.equals(a.nonResourcePath())
                          || (u.endsWith("*")
                              && a.nonResourcePath().startsWith(u.substring(0, u.length() - 1))));
    }
    String res = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
    return r.nonResourceUrls() == null
        && anyOrMatches(r.apiGroups(), a.apiGroup())
        && anyOrMatches(r.resources(), res)
        && anyOrMatches(r.namespaces(), a.namespace());
  }

  private static boolean matches(List<String> list, String value) {
    return list != null && (list.contains("*") || list.contains(value));
  }

  private static boolean anyOrMatches(List<String> list, String value) {
    return list == null || matches(list, value);
  }

  private static List<String> strings(JsonNode n) {
    if (n == null || !n.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }
}
