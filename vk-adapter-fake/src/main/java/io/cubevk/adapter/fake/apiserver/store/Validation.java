package io.cubevk.adapter.fake.apiserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException.Cause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validation clients meet first on a real server, with its field paths and wording: names,
 * required container fields, projected token lifetimes, workload selectors matching their
 * templates, Job restart policies, Service ports, and which fields of a pod may change after
 * creation.
 */
final class Validation {

  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  /** The bounds of a projected token's {@code expirationSeconds} (ten minutes, 2^32 s). */
  static final long MIN_TOKEN_SECONDS = 600;

  static final long MAX_TOKEN_SECONDS = 1L << 32;

  private Validation() {}

  static void checkName(ResourceType st, String name) {
    String kind = st.plural();
    boolean ok;
    String rule;
    if (kind.equals("services")) {
      ok = name.length() <= 63 && DNS1035.matcher(name).matches();
      rule =
          "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with"
              + " an alphabetic character, and end with an alphanumeric character";
    } else if (kind.equals("namespaces")) {
      ok = name.length() <= 63 && LABEL.matcher(name).matches();
      rule =
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
              + " and must start and end with an alphanumeric character";
    } else if (kind.equals("nodes") || kind.equals("leases") || kind.equals("events")) {
      ok = !name.isEmpty() && name.length() <= 253 && !name.contains("/");
      rule = "may not contain '/'";
    } else {
      ok = name.length() <= 253 && SUBDOMAIN.matcher(name).matches();
      rule =
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
              + " or '.', and must start and end with an alphanumeric character";
    }
    if (!ok) {
      throw ApiException.invalid(
          st,
          name,
          List.of(
              new Cause(
                  "FieldValueInvalid",
                  "Invalid value: \"" + name + "\": " + rule,
                  "metadata.name")));
    }
  }

  static void validate(ResourceType st, ObjectNode obj, ObjectNode old) {
    List<Cause> causes = new ArrayList<>();
    switch (st.group() + "/" + st.plural()) {
      case "/pods" -> {
        podSpec(obj.path("spec"), "spec", causes);
        if (old != null) {
          podUpdate(obj.path("spec"), old.path("spec"), causes);
        }
      }
      case "apps/deployments", "apps/replicasets", "apps/statefulsets", "apps/daemonsets" -> {
        workload(obj, causes);
      }
      case "batch/jobs" -> {
        workload(obj, causes);
        String rp = obj.path("spec").path("template").path("spec").path("restartPolicy").asText();
        if (!rp.equals("Never") && !rp.equals("OnFailure")) {
          causes.add(
              new Cause(
                  "FieldValueNotSupported",
                  "Unsupported value: \"" + rp + "\": supported values: \"OnFailure\", \"Never\"",
                  "spec.template.spec.restartPolicy"));
        }
      }
      case "/services" -> {
        JsonNode spec = obj.path("spec");
        boolean headless = spec.path("clusterIP").asText().equals("None");
        String type = spec.path("type").asText("ClusterIP");
        if (!headless && !type.equals("ExternalName") && spec.path("ports").isEmpty()) {
          causes.add(new Cause("FieldValueRequired", "Required value", "spec.ports"));
        }
        if (old != null) {
          String was = old.path("spec").path("clusterIP").asText("");
          String now = spec.path("clusterIP").asText("");
          if (!was.isEmpty() && !was.equals(now)) {
            causes.add(
                new Cause(
                    "FieldValueInvalid",
                    "Invalid value: \"" + now + "\": field is immutable",
                    "spec.clusterIP"));
          }
        }
      }
      default -> {}
    }
    if (!causes.isEmpty()) {
      throw ApiException.invalid(st, Json.name(obj), causes);
    }
  }

  private static void workload(ObjectNode obj, List<Cause> causes) {
    JsonNode spec = obj.path("spec");
    JsonNode selector = spec.get("selector");
    if (selector == null || selector.isNull()) {
      causes.add(new Cause("FieldValueRequired", "Required value", "spec.selector"));
    } else if (!LabelSelector.ofObject(selector).test(Json.labels(spec.path("template")))) {
      causes.add(
          new Cause(
              "FieldValueInvalid",
              "Invalid value: "
                  + spec.path("template").path("metadata").path("labels")
                  + ": `selector` does not match template `labels`",
              "spec.template.metadata.labels"));
    }
    if (spec.path("replicas").asInt(0) < 0) {
      causes.add(
          new Cause(
              "FieldValueInvalid",
              "Invalid value: "
                  + spec.path("replicas").asInt()
                  + ": must be greater than or equal to 0",
              "spec.replicas"));
    }
    podSpec(spec.path("template").path("spec"), "spec.template.spec", causes);
  }

  private static void podSpec(JsonNode spec, String path, List<Cause> causes) {
    JsonNode containers = spec.path("containers");
    if (!containers.isArray() || containers.isEmpty()) {
      causes.add(new Cause("FieldValueRequired", "Required value", path + ".containers"));
    }
    Set<String> names = new HashSet<>();
    for (String list : new String[] {"initContainers", "containers"}) {
      int i = 0;
      for (JsonNode c : spec.path(list)) {
        String at = path + "." + list + "[" + i + "]";
        String name = c.path("name").asText("");
        if (name.isEmpty()) {
          causes.add(new Cause("FieldValueRequired", "Required value", at + ".name"));
        } else if (!names.add(name)) {
          causes.add(
              new Cause("FieldValueDuplicate", "Duplicate value: \"" + name + "\"", at + ".name"));
        }
        if (c.path("image").asText("").isBlank()) {
          causes.add(new Cause("FieldValueRequired", "Required value", at + ".image"));
        }
        i++;
      }
    }
    projectedTokens(spec, path, causes);
    String rp = spec.path("restartPolicy").asText("Always");
    if (!Set.of("Always", "OnFailure", "Never").contains(rp)) {
      causes.add(
          new Cause(
              "FieldValueNotSupported",
              "Unsupported value: \""
                  + rp
                  + "\": supported values: \"Always\", \"OnFailure\","
                  + " \"Never\"",
              path + ".restartPolicy"));
    }
  }

  /**
   * The lifetime of a projected service-account token, as the real server checks it: at least ten
   * minutes, at most 2^32 seconds (TokenRequest refuses shorter ones too, so a pod admitted with
   * one could never get its token). Absent means the default, 3600.
   */
  private static void projectedTokens(JsonNode spec, String path, List<Cause> causes) {
    int v = 0;
    for (JsonNode volume : spec.path("volumes")) {
      int s = 0;
      for (JsonNode source : volume.path("projected").path("sources")) {
        JsonNode seconds = source.path("serviceAccountToken").path("expirationSeconds");
        String at =
            path
                + ".volumes["
                + v
                + "].projected.sources["
                + s
                + "].serviceAccountToken.expirationSeconds";
        if (seconds.isNumber() && seconds.asLong() < MIN_TOKEN_SECONDS) {
          causes.add(
              new Cause(
                  "FieldValueInvalid",
                  "Invalid value: "
                      + seconds.asLong()
                      + ": may not specify a duration less than 10 minutes",
                  at));
        } else if (seconds.isNumber() && seconds.asLong() > MAX_TOKEN_SECONDS) {
          causes.add(
              new Cause(
                  "FieldValueInvalid",
                  "Invalid value: "
                      + seconds.asLong()
                      + ": may not specify a duration larger than 2^32 seconds",
                  at));
        }
        s++;
      }
      v++;
    }
  }

  private static void podUpdate(JsonNode now, JsonNode was, List<Cause> causes) {
    if (mutableStripped(now).equals(mutableStripped(was))) {
      return;
    }
    causes.add(
        new Cause(
            "FieldValueForbidden",
            "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                + "`spec.tolerations` (only additions to existing tolerations),"
                + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was"
                + " previously negative)",
            "spec"));
  }

  private static JsonNode mutableStripped(JsonNode spec) {
    if (!(spec instanceof ObjectNode o)) {
      return spec;
    }
    ObjectNode c = o.deepCopy();
    c.remove("activeDeadlineSeconds");
    c.remove("tolerations");
    c.remove("terminationGracePeriodSeconds");
    c.remove("ephemeralContainers");
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode x : c.path(list)) {
        if (x instanceof ObjectNode xo) {
          xo.remove("image");
          xo.remove("imagePullPolicy");
        }
      }
    }
    return c;
  }
}
