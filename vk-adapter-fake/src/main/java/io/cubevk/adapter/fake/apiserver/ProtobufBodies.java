package io.cubevk.adapter.fake.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cubevk.adapter.fake.apiserver.store.ApiException;
import io.cubevk.adapter.fake.apiserver.store.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the Kubernetes protobuf request bodies that kubectl sends for its typed commands ({@code
 * create secret|configmap|namespace|serviceaccount|deployment|job}, {@code auth can-i}) into the
 * JSON trees the store keeps. The envelope is {@code "k8s\0"} + {@code runtime.Unknown}; the object
 * inside is read with the field numbers of Kubernetes' {@code generated.proto} for the kinds and
 * fields those commands write (unknown fields are skipped, as protobuf allows). Any other kind is
 * refused with 415, asking for JSON. Responses are always JSON, which kubectl reads by their
 * Content-Type.
 */
final class ProtobufBodies {
  static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

  private enum Kind {
    STRING,
    BYTES,
    INT,
    BOOL,
    MESSAGE,
    MAP_STRING,
    MAP_BYTES,
    MAP_QUANTITY
  }

  private record Field(String name, Kind kind, boolean repeated, String type) {}

  // Field numbers of the fields being declared, consumed by schema(); declared before the
  // static block that fills the schemas, so that it exists when that block runs.
  private static final Map<Field, Integer> NUMBERS = new java.util.IdentityHashMap<>();
  private static final Map<String, Map<Integer, Field>> SCHEMAS = new HashMap<>();
  private static final Map<String, String> KINDS = new HashMap<>();
  // Non-pointer Go fields, always written, whose zero value JSON would omit.
  private static final java.util.Set<String> OMIT_ZERO =
      java.util.Set.of("hostPort", "minReadySeconds", "stdin", "tty", "hostNetwork", "paused");

  static {
    schema(
        "ObjectMeta",
        f(1, "name"),
        f(2, "generateName"),
        f(3, "namespace"),
        map(11, "labels"),
        map(12, "annotations"),
        list(14, "finalizers"),
        msgs(13, "ownerReferences", "OwnerReference"));
    schema(
        "OwnerReference",
        f(5, "apiVersion"),
        f(1, "kind"),
        f(3, "name"),
        f(4, "uid"),
        bool(6, "controller"),
        bool(7, "blockOwnerDeletion"));
    schema(
        "LabelSelector",
        map(1, "matchLabels"),
        msgs(2, "matchExpressions", "LabelSelectorRequirement"));
    schema("LabelSelectorRequirement", f(1, "key"), f(2, "operator"), list(3, "values"));
    schema(
        "Secret",
        msg(1, "metadata", "ObjectMeta"),
        f(3, "type"),
        map(4, "stringData"),
        bool(5, "immutable"));
    SCHEMAS.get("Secret").put(2, new Field("data", Kind.MAP_BYTES, false, null));
    schema("ConfigMap", msg(1, "metadata", "ObjectMeta"), map(2, "data"), bool(4, "immutable"));
    SCHEMAS.get("ConfigMap").put(3, new Field("binaryData", Kind.MAP_BYTES, false, null));
    schema("Namespace", msg(1, "metadata", "ObjectMeta"), msg(2, "spec", "NamespaceSpec"));
    schema("NamespaceSpec", list(1, "finalizers"));
    schema(
        "ServiceAccount",
        msg(1, "metadata", "ObjectMeta"),
        msgs(3, "imagePullSecrets", "LocalObjectReference"),
        bool(4, "automountServiceAccountToken"));
    schema("LocalObjectReference", f(1, "name"));
    schema("Deployment", msg(1, "metadata", "ObjectMeta"), msg(2, "spec", "DeploymentSpec"));
    schema(
        "DeploymentSpec",
        num(1, "replicas"),
        msg(2, "selector", "LabelSelector"),
        msg(3, "template", "PodTemplateSpec"),
        msg(4, "strategy", "DeploymentStrategy"),
        num(5, "minReadySeconds"),
        num(6, "revisionHistoryLimit"),
        bool(7, "paused"),
        num(9, "progressDeadlineSeconds"));
    schema("DeploymentStrategy", f(1, "type"));
    schema("Job", msg(1, "metadata", "ObjectMeta"), msg(2, "spec", "JobSpec"));
    schema(
        "JobSpec",
        num(1, "parallelism"),
        num(2, "completions"),
        num(3, "activeDeadlineSeconds"),
        msg(4, "selector", "LabelSelector"),
        bool(5, "manualSelector"),
        msg(6, "template", "PodTemplateSpec"),
        num(7, "backoffLimit"),
        num(8, "ttlSecondsAfterFinished"),
        bool(10, "suspend"));
    schema("PodTemplateSpec", msg(1, "metadata", "ObjectMeta"), msg(2, "spec", "PodSpec"));
    schema(
        "PodSpec",
        msgs(2, "containers", "Container"),
        msgs(20, "initContainers", "Container"),
        f(3, "restartPolicy"),
        num(4, "terminationGracePeriodSeconds"),
        num(5, "activeDeadlineSeconds"),
        f(6, "dnsPolicy"),
        map(7, "nodeSelector"),
        f(8, "serviceAccountName"),
        f(10, "nodeName"),
        bool(11, "hostNetwork"),
        msgs(15, "imagePullSecrets", "LocalObjectReference"),
        f(16, "hostname"),
        f(17, "subdomain"),
        f(19, "schedulerName"),
        bool(21, "automountServiceAccountToken"),
        msgs(22, "tolerations", "Toleration"));
    schema(
        "Container",
        f(1, "name"),
        f(2, "image"),
        list(3, "command"),
        list(4, "args"),
        f(5, "workingDir"),
        msgs(6, "ports", "ContainerPort"),
        msgs(7, "env", "EnvVar"),
        msg(8, "resources", "ResourceRequirements"),
        f(13, "terminationMessagePath"),
        f(14, "imagePullPolicy"),
        bool(16, "stdin"),
        bool(18, "tty"));
    schema(
        "ContainerPort",
        f(1, "name"),
        num(2, "hostPort"),
        num(3, "containerPort"),
        f(4, "protocol"));
    schema("EnvVar", f(1, "name"), f(2, "value"));
    schema("ResourceRequirements");
    SCHEMAS.get("ResourceRequirements").put(1, new Field("limits", Kind.MAP_QUANTITY, false, null));
    SCHEMAS
        .get("ResourceRequirements")
        .put(2, new Field("requests", Kind.MAP_QUANTITY, false, null));
    schema(
        "Toleration",
        f(1, "key"),
        f(2, "operator"),
        f(3, "value"),
        f(4, "effect"),
        num(5, "tolerationSeconds"));
    schema(
        "SelfSubjectAccessReview",
        msg(1, "metadata", "ObjectMeta"),
        msg(2, "spec", "SelfSubjectAccessReviewSpec"));
    schema(
        "SelfSubjectAccessReviewSpec",
        msg(1, "resourceAttributes", "ResourceAttributes"),
        msg(2, "nonResourceAttributes", "NonResourceAttributes"));
    schema(
        "SubjectAccessReview",
        msg(1, "metadata", "ObjectMeta"),
        msg(2, "spec", "SubjectAccessReviewSpec"));
    schema(
        "SubjectAccessReviewSpec",
        msg(1, "resourceAttributes", "ResourceAttributes"),
        msg(2, "nonResourceAttributes", "NonResourceAttributes"),
        f(3, "user"),
        list(4, "groups"),
        f(6, "uid"));
    schema(
        "ResourceAttributes",
        f(1, "namespace"),
        f(2, "verb"),
        f(3, "group"),
        f(4, "version"),
        f(5, "resource"),
        f(6, "subresource"),
        f(7, "name"));
    schema("NonResourceAttributes", f(1, "path"), f(2, "verb"));
    schema("SelfSubjectReview", msg(1, "metadata", "ObjectMeta"));
    schema("TokenReview", msg(1, "metadata", "ObjectMeta"), msg(2, "spec", "TokenReviewSpec"));
    schema("TokenReviewSpec", f(1, "token"), list(2, "audiences"));
    for (String k :
        new String[] {
          "Secret",
          "ConfigMap",
          "Namespace",
          "ServiceAccount",
          "Deployment",
          "Job",
          "SelfSubjectAccessReview",
          "SubjectAccessReview",
          "SelfSubjectReview",
          "TokenReview"
        }) {
      KINDS.put(k, k);
    }
  }

  private ProtobufBodies() {}

  /** Whether a request body is in Kubernetes' protobuf encoding. */
  static boolean isProtobuf(String contentType) {
    return CONTENT_TYPE.equals(contentType);
  }

  /** The JSON tree of a protobuf request body; 415 for kinds this server cannot read. */
  static ObjectNode decode(byte[] body) {
    if (body.length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0) {
      throw ApiException.badRequest("the protobuf body does not start with the k8s envelope");
    }
    ByteBuffer in = ByteBuffer.wrap(body, 4, body.length - 4);
    String apiVersion = "";
    String kind = "";
    byte[] raw = null;
    while (in.hasRemaining()) {
      long tag = varint(in);
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == 1 && wire == 2) {
        ByteBuffer tm = slice(in);
        while (tm.hasRemaining()) {
          long t = varint(tm);
          if ((t & 7) != 2) {
            skip(tm, (int) (t & 7));
            continue;
          }
          String s = string(slice(tm));
          if ((t >>> 3) == 1) {
            apiVersion = s;
          } else if ((t >>> 3) == 2) {
            kind = s;
          }
        }
      } else if (field == 2 && wire == 2) {
        ByteBuffer r = slice(in);
        raw = new byte[r.remaining()];
        r.get(raw);
      } else {
        skip(in, wire);
      }
    }
    if (!KINDS.containsKey(kind) || raw == null) {
      throw ApiException.of(
          415,
          "UnsupportedMediaType",
          "this server reads protobuf bodies only for "
              + String.join(", ", KINDS.keySet())
              + "; send "
              + (kind.isEmpty() ? "this object" : kind)
              + " as application/json");
    }
    ObjectNode out = message(ByteBuffer.wrap(raw), kind);
    ObjectNode obj = Json.object();
    obj.put("apiVersion", apiVersion);
    obj.put("kind", kind);
    obj.setAll(out);
    return obj;
  }

  private static ObjectNode message(ByteBuffer in, String type) {
    Map<Integer, Field> schema = SCHEMAS.getOrDefault(type, Map.of());
    ObjectNode out = Json.object();
    while (in.hasRemaining()) {
      long tag = varint(in);
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      Field f = schema.get(number);
      if (f == null) {
        skip(in, wire);
        continue;
      }
      switch (f.kind()) {
        case STRING -> {
          String s = string(slice(in));
          if (f.repeated()) {
            array(out, f.name()).add(s);
          } else if (!s.isEmpty()) {
            // Go writes every non-pointer string, empty ones too; JSON would omit them, and
            // defaulting must see them as absent.
            out.put(f.name(), s);
          }
        }
        case BYTES -> out.put(f.name(), Base64.getEncoder().encodeToString(bytes(slice(in))));
        case INT -> {
          long v = varint(in);
          if (v != 0 || !OMIT_ZERO.contains(f.name())) {
            out.put(f.name(), v);
          }
        }
        case BOOL -> {
          boolean v = varint(in) != 0;
          if (v || !OMIT_ZERO.contains(f.name())) {
            out.put(f.name(), v);
          }
        }
        case MESSAGE -> {
          ObjectNode m = message(slice(in), f.type());
          if (f.repeated()) {
            array(out, f.name()).add(m);
          } else {
            out.set(f.name(), m);
          }
        }
        case MAP_STRING, MAP_BYTES, MAP_QUANTITY -> {
          ByteBuffer entry = slice(in);
          String key = "";
          String value = "";
          while (entry.hasRemaining()) {
            long t = varint(entry);
            ByteBuffer v = slice(entry);
            if ((t >>> 3) == 1) {
              key = string(v);
            } else if (f.kind() == Kind.MAP_BYTES) {
              value = Base64.getEncoder().encodeToString(bytes(v));
            } else if (f.kind() == Kind.MAP_QUANTITY) {
              // resource.Quantity is a message with its string form in field 1.
              while (v.hasRemaining()) {
                long qt = varint(v);
                ByteBuffer qv = slice(v);
                if ((qt >>> 3) == 1) {
                  value = string(qv);
                }
              }
            } else {
              value = string(v);
            }
          }
          Json.child(out, f.name()).put(key, value);
        }
      }
    }
    return out;
  }

  private static ArrayNode array(ObjectNode o, String name) {
    return o.get(name) instanceof ArrayNode a ? a : o.putArray(name);
  }

  private static long varint(ByteBuffer in) {
    long v = 0;
    int shift = 0;
    while (true) {
      if (!in.hasRemaining()) {
        throw ApiException.badRequest("the protobuf body is truncated");
      }
      byte b = in.get();
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
      shift += 7;
      if (shift > 63) {
        throw ApiException.badRequest("the protobuf body has a malformed varint");
      }
    }
  }

  private static ByteBuffer slice(ByteBuffer in) {
    int len = (int) varint(in);
    if (len < 0 || len > in.remaining()) {
      throw ApiException.badRequest("the protobuf body is truncated");
    }
    ByteBuffer s = in.slice();
    s.limit(len);
    in.position(in.position() + len);
    return s;
  }

  private static void skip(ByteBuffer in, int wire) {
    switch (wire) {
      case 0 -> varint(in);
      case 1 -> in.position(in.position() + 8);
      case 2 -> slice(in);
      case 5 -> in.position(in.position() + 4);
      default -> throw ApiException.badRequest("the protobuf body has wire type " + wire);
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static String string(ByteBuffer b) {
    return new String(bytes(b), StandardCharsets.UTF_8);
  }

  private static void schema(String type, Field... fields) {
    Map<Integer, Field> m = new HashMap<>();
    SCHEMAS.put(type, m);
    for (Field f : fields) {
      Integer n = NUMBERS.remove(f);
      if (n != null) {
        m.put(n, f);
      }
    }
  }

  private static Field numbered(int n, Field f) {
    NUMBERS.put(f, n);
    return f;
  }

  private static Field f(int n, String name) {
    return numbered(n, new Field(name, Kind.STRING, false, null));
  }

  private static Field list(int n, String name) {
    return numbered(n, new Field(name, Kind.STRING, true, null));
  }

  private static Field num(int n, String name) {
    return numbered(n, new Field(name, Kind.INT, false, null));
  }

  private static Field bool(int n, String name) {
    return numbered(n, new Field(name, Kind.BOOL, false, null));
  }

  private static Field map(int n, String name) {
    return numbered(n, new Field(name, Kind.MAP_STRING, false, null));
  }

  private static Field msg(int n, String name, String type) {
    return numbered(n, new Field(name, Kind.MESSAGE, false, type));
  }

  private static Field msgs(int n, String name, String type) {
    return numbered(n, new Field(name, Kind.MESSAGE, true, type));
  }
}
