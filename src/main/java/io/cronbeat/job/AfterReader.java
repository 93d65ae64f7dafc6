package io.cronbeat.job;

import io.cronbeat.yaml.NodeReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a job's {@code after:} map. Whether the upstream jobs exist, and whether the chains
 * close a cycle, is known only once every file is read: {@link ChainCheck} says that.
 */
final class AfterReader {

  static final String HINT = "write after: {job: backup, on: success}, or after: {all: [extract-a, extract-b], on: success}";
  private static final Set<String> KEYS = Set.of("job", "all", "any", "on");
  private static final Map<String, After.On> ONS = words(After.On.values());

  private AfterReader() {}

  static Optional<JobDefinition.Upstreams> read(Node node, NodeReader reader) {
    Optional<MappingNode> map = reader.mapping(node, "after", HINT);
    if (map.isEmpty()) {
      return Optional.empty();
    }
    Map<String, NodeTuple> fields = reader.entries(map.get(), KEYS, "after");
    boolean ok = fields.size() == map.get().getValue().size();
    List<String> given = KEYS.stream().filter(k -> !k.equals("on") && fields.containsKey(k)).sorted().toList();
    if (given.size() > 1) {
      reader.error(fields.get(given.get(1)).getKeyNode(), "after has both '" + given.get(0) + "' and '" + given.get(1) + "'",
          "keep one: 'job' names one upstream job, 'all' a list that must all have run, 'any' a list of which each run counts");
      return Optional.empty();
    }
    if (given.isEmpty()) {
      if (ok) {
        reader.error(node, "after names no upstream job", HINT);
      }
      return Optional.empty();
    }
    Optional<After.On> on = fields.containsKey("on") ? reader.oneOf(fields.get("on").getValueNode(), "after on", ONS)
        : Optional.of(After.On.SUCCESS);
    String key = given.get(0);
    Node upstream = fields.get(key).getValueNode();
    List<Node> names = new ArrayList<>();
    if (key.equals("job")) {
      names.add(upstream);
    } else if (upstream instanceof SequenceNode list && !list.getValue().isEmpty()) {
      names.addAll(list.getValue());
    } else {
      reader.error(upstream, "after " + key + " must be a non-empty list of job names",
          "write after: {" + key + ": [extract-a, extract-b]}");
      return Optional.empty();
    }
    List<String> jobs = new ArrayList<>();
    List<JobDefinition.Source> at = new ArrayList<>();
    for (Node name : names) {
      Optional<String> job = reader.string(name, "after " + key, "write the name of a job declared in a job file");
      if (job.isEmpty()) {
        ok = false;
      } else if (jobs.contains(job.get())) {
        reader.error(name, "after " + key + " names job '" + job.get() + "' twice", "name each upstream job once");
        ok = false;
      } else {
        jobs.add(job.get());
        at.add(new JobDefinition.Source(reader.file(), name.getStartMark().getLine() + 1, name.getStartMark().getColumn() + 1));
      }
    }
    if (!ok || on.isEmpty()) {
      return Optional.empty();
    }
    After.Need need = key.equals("all") ? After.Need.ALL : After.Need.ANY;
    return Optional.of(new JobDefinition.Upstreams(new After(need, on.get(), jobs), at));
  }

  private static Map<String, After.On> words(After.On[] values) {
    Map<String, After.On> words = new LinkedHashMap<>();
    for (After.On value : values) {
      words.put(value.name().toLowerCase(Locale.ROOT), value);
    }
    return words;
  }
}
