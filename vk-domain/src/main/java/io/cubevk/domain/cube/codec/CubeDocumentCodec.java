package io.cubevk.domain.cube.codec;

import io.cubevk.domain.cube.CubeDocument;
import io.cubevk.domain.cube.CubeSpec;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Renders and parses Cube pod documents.
 *
 * <p>Rendering is deterministic: keys in a fixed order (the order of cube-api.md), maps sorted by
 * key, block style, no line wrapping. The same document always gives the same bytes, so a
 * RenewCubePod is only sent when something really changed. Parsing is lenient about fields it does
 * not know (the service adds its own) and strict about the ones it needs, naming the path of a bad
 * field.
 */
public final class CubeDocumentCodec {

  /** Inline configMap and secret data can be large (Cube allows 30 MiB per pod). */
  private static final int MAX_DOCUMENT_CODE_POINTS = 64 * 1024 * 1024;

  /**
   * SnakeYAML instances are not thread-safe but costly to build (milliseconds, against microseconds
   * for a render): one per thread, reused.
   */
  private static final ThreadLocal<Yaml> YAML = ThreadLocal.withInitial(CubeDocumentCodec::newYaml);

  private CubeDocumentCodec() {}

  /** The YAML of a spec alone, as CreateCubePod and RenewCubePod take it. */
  public static String render(CubeSpec spec) {
    return render(CubeDocument.of(spec));
  }

  /** The YAML of a document, with its cube id and status when it has them (as stored). */
  public static String render(CubeDocument document) {
    return YAML.get().dump(DocumentWriter.toTree(document));
  }

  /**
   * Reads a Cube document, stored or not.
   *
   * @throws CubeDocumentException naming the field path when the text is not a Cube document
   */
  public static CubeDocument parse(String yamlText) {
    Object tree;
    try {
      tree = YAML.get().load(yamlText);
    } catch (YAMLException e) {
      throw new CubeDocumentException("not valid YAML (" + e.getMessage() + ")", e);
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new CubeDocumentException("$", "expected a mapping at the top of the document");
    }
    return DocumentReader.read(map);
  }

  private static Yaml newYaml() {
    LoaderOptions loaderOptions = new LoaderOptions();
    loaderOptions.setCodePointLimit(MAX_DOCUMENT_CODE_POINTS);
    loaderOptions.setAllowDuplicateKeys(false);
    DumperOptions dumperOptions = new DumperOptions();
    dumperOptions.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    dumperOptions.setIndent(2);
    dumperOptions.setSplitLines(false);
    dumperOptions.setWidth(Integer.MAX_VALUE);
    // Control characters in env values or messages stay strings (escaped), never !!binary.
    dumperOptions.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    return new Yaml(
        new SafeConstructor(loaderOptions),
        new EscapingRepresenter(dumperOptions),
        dumperOptions,
        loaderOptions);
  }

  /**
   * Writes strings with line breaks or control characters double-quoted with escapes: block scalars
   * would normalise {@code \r}, NEL and the Unicode line separators, and a document must parse back
   * to exactly the strings it was rendered from. Every other string keeps SnakeYAML's choice (plain
   * where unambiguous, quoted where it would read as a number, boolean or time).
   */
  private static final class EscapingRepresenter extends Representer {
    EscapingRepresenter(DumperOptions options) {
      super(options);
      this.representers.put(
          String.class,
          data -> {
            String text = (String) data;
            return representScalar(
                Tag.STR,
                text,
                needsEscapes(text) ? DumperOptions.ScalarStyle.DOUBLE_QUOTED : defaultScalarStyle);
          });
    }

    private static boolean needsEscapes(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20
            || (c >= 0x7f && c <= 0x9f)
            || c == '\u2028'
            || c == '\u2029'
            || c == '\ufeff'
            || Character.isSurrogate(c) && !validSurrogatePair(text, i)) {
          return true;
        }
      }
      return false;
    }

    private static boolean validSurrogatePair(String text, int i) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      }
      return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
  }
}
