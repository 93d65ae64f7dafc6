package io.cronbeat.yaml;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML file into a node tree with positions, defensively: a size cap, strict UTF-8,
 * limits on aliases and nesting, and no explicit tags. Nothing is ever instantiated from the
 * document; callers read plain nodes.
 */
public final class YamlSource {

  public static final int MAX_BYTES = 1024 * 1024;
  /** Aliases to maps or lists one file may use (each {@code <<: *anchor} is one). */
  public static final int MAX_ALIASES = 50;
  private static final int MAX_DEPTH = 32;
  private static final Set<Tag> PLAIN_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP, Tag.MERGE);

  private YamlSource() {}

  /**
   * The document's top-level mapping, or empty after reporting why there is none.
   *
   * @param topLevelHint what the top level must hold, e.g. "declare jobs under a top-level 'jobs:' map";
   *     null when an empty document is fine (it then reads as an empty map)
   */
  public static Optional<MappingNode> read(Path path, String shownName, String topLevelHint, Diagnostics diagnostics) {
    byte[] bytes;
    try {
      if (Files.size(path) > MAX_BYTES) {
        diagnostics.add(shownName, 1, 1, "file is larger than " + MAX_BYTES / 1024 + " KiB",
            "split the jobs over several smaller files");
        return Optional.empty();
      }
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      diagnostics.add(shownName, 1, 1, "cannot read file: " + describe(e), "check that the file exists and is readable");
      return Optional.empty();
    }
    return parse(bytes, shownName, topLevelHint, diagnostics);
  }

  static Optional<MappingNode> parse(byte[] bytes, String file, String topLevelHint, Diagnostics diagnostics) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(in, out, true);
    if (result.isError()) {
      reportBadByte(bytes, in.position(), file, diagnostics);
      return Optional.empty();
    }
    String text = out.flip().toString();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    Node root;
    try {
      root = newComposer(text).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = readable(e.getProblem() != null ? e.getProblem() : e.getContext());
      diagnostics.add(file, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
          "invalid YAML: " + oneLine(problem), hintFor(problem));
      return Optional.empty();
    } catch (YAMLException e) {
      diagnostics.add(file, 1, 1, "invalid YAML: " + oneLine(readable(e.getMessage())), hintFor(e.getMessage()));
      return Optional.empty();
    }
    if (root == null) {
      if (topLevelHint == null) {
        return Optional.of(new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.BLOCK));
      }
      diagnostics.add(file, 1, 1, "file is empty", topLevelHint);
      return Optional.empty();
    }
    if (!checkTags(root, file, diagnostics)) {
      return Optional.empty();
    }
    if (!(root instanceof MappingNode mapping)) {
      diagnostics.at(file, root, "the top level must be a map of keys and values",
          topLevelHint == null ? "write one 'key: value' per line" : topLevelHint);
      return Optional.empty();
    }
    return Optional.of(mapping);
  }

  /**
   * What {@code new Yaml(options).compose(...)} does, without building a whole {@code Yaml} (its
   * constructor and representer introspect classes) for every file: a tenth of loading 10,000.
   */
  private static Composer newComposer(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    options.setMergeOnCompose(true);
    options.setAllowDuplicateKeys(true); // duplicates are reported by the readers, with positions
    return new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options);
  }

  private static void reportBadByte(byte[] bytes, int offset, String file, Diagnostics diagnostics) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        column = 1;
      } else if ((bytes[i] & 0xC0) != 0x80) {
        column++; // count characters, not the continuation bytes of one
      }
    }
    diagnostics.add(file, line, column, String.format("byte 0x%02X is not valid UTF-8", bytes[offset] & 0xFF),
        "save the file as UTF-8");
  }

  /** Explicit tags such as {@code !!javax.script.ScriptEngineManager} are refused outright. */
  private static boolean checkTags(Node root, String file, Diagnostics diagnostics) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Node> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Node node = todo.pop();
      if (!seen.add(node)) {
        continue;
      }
      if (!PLAIN_TAGS.contains(node.getTag())) {
        diagnostics.at(file, node, "YAML tag '" + shortTag(node.getTag()) + "' is not allowed",
            "remove the tag: cronbeat reads plain strings, numbers, lists and maps");
        return false;
      }
      if (node instanceof MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
          todo.push(tuple.getValueNode());
          todo.push(tuple.getKeyNode());
        }
      } else if (node instanceof SequenceNode sequence) {
        sequence.getValue().forEach(todo::push);
      }
    }
    return true;
  }

  private static String shortTag(Tag tag) {
    String value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
  }

  private static String hintFor(String problem) {
    String text = problem == null ? "" : problem;
    if (text.contains("aliases")) {
      return "anchors and aliases may be used a few times (for shared settings), not to build huge documents";
    }
    if (text.contains("Nesting Depth")) {
      return "cronbeat's files need only a few levels of nesting";
    }
    if (text.toLowerCase(Locale.ROOT).contains("tab")) {
      return "indent with spaces, not tabs";
    }
    if (text.contains("tag")) {
      return "remove the tag: cronbeat reads plain strings, numbers, lists and maps";
    }
    return "check indentation and quoting near this position; quote values that contain ': ' or start with '*' or '@'";
  }

  /** SnakeYAML's words for a refused tag, in the form the file used. */
  private static String readable(String problem) {
    String refused = "Global tag is not allowed: ";
    if (problem != null && problem.startsWith(refused)) {
      return "YAML tag '" + shortTag(new Tag(problem.substring(refused.length()).trim())) + "' is not allowed";
    }
    if (problem != null && problem.contains("\\t(TAB)")) {
      return "a tab where YAML expects spaces";
    }
    return problem;
  }

  private static String oneLine(String text) {
    return text == null ? "unreadable" : text.replaceAll("\\s+", " ").trim();
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "it does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
