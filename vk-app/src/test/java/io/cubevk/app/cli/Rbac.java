package io.cubevk.app.cli;

import io.cubevk.adapter.fake.apiserver.RecordedRequest;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Kubernetes RBAC as the API server evaluates it, for the documents of one file: roles, cluster
 * roles and their bindings; a request is granted when a bound rule names its group, resource (with
 * subresource), verb and, if the rule lists names, its name, within the binding's scope.
 */
record Rbac(List<BoundRule> rules, Set<String> subjects) {

  /** A rule as bound: where it applies (empty: everywhere) and which role it came from. */
  record BoundRule(
      Optional<String> namespace,
      String role,
      List<String> groups,
      List<String> resources,
      List<String> verbs,
      List<String> names) {

    boolean matches(RecordedRequest r) {
      return (namespace.isEmpty() || namespace.get().equals(r.namespace()))
          && has(groups, r.apiGroup())
          && has(resources, r.resourcePath())
          && has(verbs, r.verb())
          && (names.isEmpty() || names.contains(r.name()));
    }

    private static boolean has(List<String> list, String value) {
      return list.contains("*") || list.contains(value);
    }
  }

  @SuppressWarnings("unchecked")
  static Rbac read(Path file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Object doc : new Yaml().loadAll(reader)) {
        docs.add((Map<String, Object>) doc);
      }
    }
    List<BoundRule> rules = new ArrayList<>();
    Set<String> subjects = new LinkedHashSet<>();
    for (Map<String, Object> binding : docs) {
      String kind = (String) binding.get("kind");
      if (!kind.equals("RoleBinding") && !kind.equals("ClusterRoleBinding")) {
        continue;
      }
      Optional<String> scope =
          kind.equals("RoleBinding")
              ? Optional.of((String) meta(binding).get("namespace"))
              : Optional.empty();
      Map<String, Object> ref = (Map<String, Object>) binding.get("roleRef");
      Map<String, Object> role =
          docs.stream()
              .filter(d -> d.get("kind").equals(ref.get("kind")))
              .filter(d -> meta(d).get("name").equals(ref.get("name")))
              .filter(
                  d ->
                      ref.get("kind").equals("ClusterRole")
                          || scope.get().equals(meta(d).get("namespace")))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException(kind + " refers to missing " + ref));
      for (Map<String, Object> subject : (List<Map<String, Object>>) binding.get("subjects")) {
        subjects.add(
            subject.get("kind") + " " + subject.get("namespace") + "/" + subject.get("name"));
      }
      for (Map<String, Object> rule : (List<Map<String, Object>>) role.get("rules")) {
        rules.add(
            new BoundRule(
                scope,
                role.get("kind") + " " + meta(role).get("name"),
                list(rule, "apiGroups"),
                list(rule, "resources"),
                list(rule, "verbs"),
                list(rule, "resourceNames")));
      }
    }
    return new Rbac(rules, subjects);
  }

  boolean grants(RecordedRequest r) {
    return rules.stream().anyMatch(rule -> rule.matches(r));
  }

  /** Each single grant (one group, resource, verb, name) no request used, described. */
  List<String> grantsUnusedBy(List<RecordedRequest> requests) {
    List<String> unused = new ArrayList<>();
    for (BoundRule rule : rules) {
      for (String group : rule.groups()) {
        for (String resource : rule.resources()) {
          for (String verb : rule.verbs()) {
            BoundRule single =
                new BoundRule(
                    rule.namespace(),
                    rule.role(),
                    List.of(group),
                    List.of(resource),
                    List.of(verb),
                    rule.names());
            if (requests.stream().noneMatch(single::matches)) {
              unused.add(
                  verb
                      + " "
                      + (group.isEmpty() ? "" : group + "/")
                      + resource
                      + (rule.names().isEmpty() ? "" : " " + rule.names())
                      + rule.namespace().map(ns -> " in " + ns).orElse("")
                      + " ("
                      + rule.role()
                      + ")");
            }
          }
        }
      }
    }
    return unused;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> meta(Map<String, Object> doc) {
    return (Map<String, Object>) doc.get("metadata");
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Map<String, Object> rule, String field) {
    Object value = rule.get(field);
    return value == null ? List.of() : (List<String>) value;
  }
}
