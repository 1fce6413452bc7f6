package io.cubevk.app.cli;

import com.google.gson.GsonBuilder;
import io.cubevk.adapter.k8s.PodTemplates;
import io.cubevk.adapter.k8s.PodViewMapper;
import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.EipOptions;
import io.cubevk.domain.cube.codec.CubeDocumentCodec;
import io.cubevk.domain.pod.PodView;
import io.cubevk.domain.size.CubeSize;
import io.cubevk.domain.translation.PodTranslation;
import io.cubevk.domain.translation.TranslationInputs;
import io.cubevk.domain.translation.TranslationResult;
import io.cubevk.domain.translation.Unresolved;
import io.cubevk.domain.translation.Violation;
import io.cubevk.domain.translation.Warning;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cube-vk translate}: shows what Cube would be asked to run for Kubernetes documents,
 * without a cluster or a cloud account. Exit codes: 0 translated, 1 unreadable or not Kubernetes, 2
 * at least one document has violations (or, with {@code --strict}, unresolved inputs).
 */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    description = {
      "Translates Pods, and the pod templates of Deployments, StatefulSets, DaemonSets, Jobs and"
          + " ReplicaSets, into Cube documents, offline.",
      "",
      "Nothing is resolved from a cluster: Secrets, ConfigMaps, PersistentVolumeClaims and pull"
          + " secrets the pods refer to become visible placeholders (errors with --strict).",
      "Violations are printed on stderr as <kind>/<name>: <field path>: <message>; the exit code"
          + " is then 2. Unreadable or non-Kubernetes input exits with 1."
    })
final class TranslateCommand implements Callable<Integer> {

  static final int TRANSLATED = 0;
  static final int UNREADABLE = 1;
  static final int VIOLATIONS = 2;

  /** The kinds whose pods are translated, by apiVersion and kind. */
  private static final Map<String, Class<?>> POD_KINDS =
      Map.of(
          "v1/Pod", V1Pod.class,
          "apps/v1/Deployment", V1Deployment.class,
          "apps/v1/StatefulSet", V1StatefulSet.class,
          "apps/v1/DaemonSet", V1DaemonSet.class,
          "apps/v1/ReplicaSet", V1ReplicaSet.class,
          "batch/v1/Job", V1Job.class);

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "The YAML (or JSON) file to read, one or more documents; - reads stdin.")
  String filename;

  @Option(
      names = "--node-default-size",
      paramLabel = "CPU:MEM",
      defaultValue = "1:2Gi",
      description = "The size of pods that request nothing (default: ${DEFAULT-VALUE}).")
  String nodeDefaultSize;

  @Option(
      names = "--strict",
      description = "Treat inputs that cannot be resolved offline as errors, not placeholders.")
  boolean strict;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "yaml",
      description = "yaml (the Cube documents) or json (one array with size, options, warnings).")
  Format output;

  /** Where {@code -f -} reads from; tests replace it. */
  Supplier<InputStream> stdin = () -> System.in;

  enum Format {
    yaml,
    json
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return translate(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int translate(PrintWriter out, PrintWriter err) {
    CubeSize defaultSize;
    try {
      defaultSize = CubeSize.parse(nodeDefaultSize);
    } catch (RuntimeException bad) {
      err.println("cube-vk translate: --node-default-size: " + bad.getMessage());
      return UNREADABLE;
    }
    if (!defaultSize.isAllowed()) {
      err.println(
          "cube-vk translate: --node-default-size: "
              + defaultSize
              + " is not a Cube size; allowed sizes: "
              + CubeSize.describeAllowed());
      return UNREADABLE;
    }
    String source = filename.equals("-") ? "stdin" : filename;
    List<Object> documents;
    try {
      documents = documents(read());
    } catch (IOException e) {
      err.println("cube-vk translate: cannot read " + source + ": " + oneLine(e));
      return UNREADABLE;
    } catch (RuntimeException e) {
      err.println("cube-vk translate: " + source + " is not YAML: " + oneLine(e));
      return UNREADABLE;
    }
    if (documents.isEmpty()) {
      err.println("cube-vk translate: " + source + " holds no Kubernetes documents");
      return UNREADABLE;
    }
    TranslationInputs inputs = TranslationInputs.offline(defaultSize);
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      if (!(documents.get(i) instanceof Map<?, ?> document)
          || !(document.get("apiVersion") instanceof String apiVersion)
          || !(document.get("kind") instanceof String kind)) {
        err.println(
            "cube-vk translate: document "
                + (i + 1)
                + " of "
                + source
                + " is not a Kubernetes object (it has no apiVersion and kind)");
        return UNREADABLE;
      }
      String name = name(document);
      Class<?> type = POD_KINDS.get(apiVersion + "/" + kind);
      if (type == null) {
        err.println(
            kind
                + "/"
                + name
                + ": skipped: translate reads Pods and the pod templates of Deployments,"
                + " StatefulSets, DaemonSets, Jobs and ReplicaSets");
        continue;
      }
      PodTemplates.DocumentPod pod;
      PodView view;
      try {
        Object typed = io.kubernetes.client.util.Yaml.loadAs(new Yaml().dump(document), type);
        pod =
            PodTemplates.of(typed)
                .orElseThrow(() -> new IllegalArgumentException("it has no pod spec"));
        view = PodViewMapper.toPodView(pod.pod());
      } catch (RuntimeException e) {
        err.println(
            "cube-vk translate: "
                + kind
                + "/"
                + name
                + " is not a valid "
                + kind
                + ": "
                + oneLine(e));
        return UNREADABLE;
      }
      outcomes.add(new Outcome(pod, PodTranslation.translate(view, inputs)));
    }
    return report(outcomes, out, err);
  }

  private int report(List<Outcome> outcomes, PrintWriter out, PrintWriter err) {
    int exit = TRANSLATED;
    List<Map<String, Object>> json = new ArrayList<>();
    List<String> yaml = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      String who = outcome.pod().kind() + "/" + outcome.pod().name();
      String prefix = outcome.pod().pathPrefix();
      if (outcome.result() instanceof TranslationResult.Rejected rejected) {
        for (Violation violation : rejected.violations()) {
          Violation v = violation.under(prefix);
          err.println(who + ": " + v.fieldPath() + ": " + v.message());
        }
        exit = VIOLATIONS;
        continue;
      }
      // Offline inputs never wait: missing inputs are placeholders in a translation.
      TranslationResult.Translated translated = (TranslationResult.Translated) outcome.result();
      if (strict && !translated.placeholders().isEmpty()) {
        for (Unresolved unresolved : translated.placeholders()) {
          Unresolved u = unresolved.under(prefix);
          err.println(
              who
                  + ": "
                  + u.fieldPath()
                  + ": "
                  + u.what()
                  + " cannot be resolved offline (--strict)");
        }
        exit = VIOLATIONS;
        continue;
      }
      List<String> notes = new ArrayList<>();
      for (Warning warning : translated.warnings()) {
        Warning w = warning.under(prefix);
        notes.add(w.fieldPath() + ": " + w.message());
      }
      for (Unresolved unresolved : translated.placeholders()) {
        Unresolved u = unresolved.under(prefix);
        notes.add(
            u.fieldPath() + ": " + u.what() + " is not resolved offline; a placeholder stands in");
      }
      String document = CubeDocumentCodec.render(translated.spec());
      if (output == Format.yaml) {
        notes.forEach(note -> err.println(who + ": warning: " + note));
        yaml.add(document);
      } else {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("kind", outcome.pod().kind());
        element.put("name", outcome.pod().name());
        element.put(
            "size",
            Map.of(
                "cpu", translated.sizing().size().cpu().toQuantity(),
                "memory", translated.sizing().size().memory().toQuantity()));
        element.put("cube", new Yaml(new SafeConstructor(new LoaderOptions())).load(document));
        element.put("options", options(translated.options()));
        element.put("warnings", notes);
        json.add(element);
      }
    }
    if (output == Format.yaml) {
      out.print(String.join("---\n", yaml));
    } else {
      out.println(
          new GsonBuilder()
              .setPrettyPrinting()
              .disableHtmlEscaping()
              .serializeNulls()
              .create()
              .toJson(json));
    }
    return exit;
  }

  /** The options as CreateCubePod and AllocateEIP take them. */
  private static Map<String, Object> options(CubeOptions options) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("chargeType", options.chargeType().apiWord());
    json.put("quantity", options.quantity());
    json.put("tag", options.tag());
    json.put("eip", options.eip().map(TranslateCommand::eip).orElse(null));
    return json;
  }

  private static Map<String, Object> eip(EipOptions eip) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("eipId", eip.eipId().orElse(null));
    json.put("payMode", eip.payMode().apiWord());
    json.put("shareBandwidthId", eip.shareBandwidthId().orElse(null));
    json.put("bandwidth", eip.bandwidth());
    json.put("chargeType", eip.chargeType().apiWord());
    json.put("quantity", eip.quantity());
    json.put("releaseOnDelete", eip.releaseOnDelete());
    json.put("securityGroupId", eip.securityGroupId().orElse(null));
    return json;
  }

  private String read() throws IOException {
    if (filename.equals("-")) {
      return new String(stdin.get().readAllBytes(), StandardCharsets.UTF_8);
    }
    return Files.readString(Path.of(filename));
  }

  private static List<Object> documents(String text) {
    List<Object> documents = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }

  private static String name(Map<?, ?> document) {
    if (document.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("name") instanceof String name) {
      return name;
    }
    return "";
  }

  /** The innermost cause's first line: YAML and model errors wrap the useful one deeply. */
  private static String oneLine(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message).trim();
  }

  private record Outcome(PodTemplates.DocumentPod pod, TranslationResult result) {}
}
