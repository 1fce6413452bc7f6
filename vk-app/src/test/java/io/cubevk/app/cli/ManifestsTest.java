package io.cubevk.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

  @TempDir Path dir;

  @Test
  void documentsAreCreatedInDependencyOrderWhateverTheirOrderInTheFiles() throws IOException {
    Path app = dir.resolve("app.yaml");
    Files.writeString(
        app,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        ---
        kind: List
        apiVersion: v1
        items:
          - {apiVersion: v1, kind: Service, metadata: {name: api}}
          - {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data}}
        """);
    Path base = dir.resolve("base.json");
    Files.writeString(
        base,
        """
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}}
        """);
    Path ns = dir.resolve("ns.yaml");
    Files.writeString(ns, "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
    List<String> problems = new ArrayList<>();

    List<Manifests.Document> docs = Manifests.read(List.of(app, base, ns), problems);

    assertThat(problems).isEmpty();
    assertThat(Manifests.inDependencyOrder(docs))
        .extracting(d -> d.kind() + "/" + d.name())
        .containsExactly(
            "Namespace/shop",
            "Secret/db",
            "PersistentVolumeClaim/data",
            "Service/api",
            "Deployment/api",
            "Pod/web");
  }

  @Test
  void everyUnreadableFileAndEveryDocumentThatIsNotAnObjectIsReported() throws IOException {
    Path odd = dir.resolve("odd.yaml");
    Files.writeString(odd, "just a string\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n");

    List<String> problems = new ArrayList<>();
    Manifests.read(List.of(odd, dir.resolve("gone.yaml")), problems);

    assertThat(problems)
        .containsExactly(
            odd + " (document 1): not a Kubernetes object (a mapping)",
            odd
                + " (document 2): not a Kubernetes object; apiVersion, kind and metadata.name are"
                + " required",
            dir.resolve("gone.yaml") + ": cannot read it: no such file");
  }
}
