package io.cubevk.domain.translation;

import io.cubevk.domain.cube.CubeOptions;
import io.cubevk.domain.cube.CubeSpec;
import io.cubevk.domain.size.Sizing;
import java.util.List;
import java.util.Objects;

/** The outcome of translating a pod: translated, rejected for good, or waiting for inputs. */
public sealed interface TranslationResult
    permits TranslationResult.Translated, TranslationResult.Rejected, TranslationResult.Waiting {

  /** Things worth telling the pod's owner, whatever the outcome. */
  List<Warning> warnings();

  /**
   * The pod can run as a Cube.
   *
   * @param spec the Cube document
   * @param options what CreateCubePod needs besides the document (from the annotations)
   * @param sizing the Cube's size and how it was split into container limits
   * @param warnings things worth telling the pod's owner
   * @param placeholders inputs that were missing and stood in for by placeholders (only when the
   *     inputs asked for placeholders; never sent to Cube by the engine)
   */
  record Translated(
      CubeSpec spec,
      CubeOptions options,
      Sizing sizing,
      List<Warning> warnings,
      List<Unresolved> placeholders)
      implements TranslationResult {
    public Translated {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(sizing, "sizing");
      warnings = List.copyOf(warnings);
      placeholders = List.copyOf(placeholders);
    }
  }

  /**
   * The pod can never run on Cube.
   *
   * @param violations every problem, in spec order
   * @param unresolved inputs that were missing too (for information: fixing them is not enough)
   * @param warnings things worth telling the pod's owner
   */
  record Rejected(List<Violation> violations, List<Unresolved> unresolved, List<Warning> warnings)
      implements TranslationResult {
    public Rejected {
      violations = List.copyOf(violations);
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs at least one violation");
      }
      unresolved = List.copyOf(unresolved);
      warnings = List.copyOf(warnings);
    }

    /** The violations as one message: {@code path: message; path: message}. */
    public String message() {
      return String.join("; ", violations.stream().map(Violation::toString).toList());
    }
  }

  /**
   * The pod refers to inputs that do not exist yet; it stays Pending and is translated again.
   *
   * @param unresolved every missing input
   * @param warnings things worth telling the pod's owner
   */
  record Waiting(List<Unresolved> unresolved, List<Warning> warnings) implements TranslationResult {
    public Waiting {
      unresolved = List.copyOf(unresolved);
      if (unresolved.isEmpty()) {
        throw new IllegalArgumentException("waiting needs at least one unresolved input");
      }
      warnings = List.copyOf(warnings);
    }
  }
}
