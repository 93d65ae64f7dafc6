package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.ChainGraph;
import io.cronbeat.job.JobSet;
import io.cronbeat.view.AfterView;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scheduler graph}: the chains (after:) of the job files as a tree. */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = {"Print the chains of the job files as a tree.",
        "Each job that starts a chain, with the jobs that run after it beneath (on success, failure or",
        "finished; all of or any of several upstream jobs).",
        "Reads the job files only; a job with several upstream jobs appears under each."},
    footer = {"%nExample: scheduler graph nightly-backup"})
class GraphCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "Only the jobs that run after this one.")
  String job;

  @Option(names = "--json", description = "Print the edges as JSON: upstream, downstream, need and on of each.")
  boolean json;

  GraphCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    JobSet set = options.load(context, config, null);
    if (!set.valid()) {
      return CommonOptions.report(set, spec.commandLine().getErr());
    }
    if (job != null && Jobs.find(set, job, config, spec.commandLine().getErr()) == null) {
      return ExitCodes.INVALID;
    }
    ChainGraph graph = new ChainGraph(set.jobs());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Set<String> from = job == null ? null : graph.below(job);
      out.println(Json.of(graph.edges().stream().filter(e -> from == null || from.contains(e.upstream()))
          .map(GraphCommand::edge).toList()));
      return ExitCodes.OK;
    }
    if (job != null) {
      graph.lines(job).forEach(out::println);
      return ExitCodes.OK;
    }
    List<String> lines = graph.lines();
    lines.forEach(out::println);
    List<String> alone = graph.unchained();
    if (lines.isEmpty()) {
      out.println("No chains: no job has after: (" + alone.size() + " jobs).");
    } else if (!alone.isEmpty()) {
      out.println(alone.size() + (alone.size() == 1 ? " job" : " jobs") + " in no chain: " + String.join(", ", alone));
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> edge(ChainGraph.Edge edge) {
    AfterView after = AfterView.of(edge.after());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("upstream", edge.upstream());
    row.put("downstream", edge.downstream());
    row.put("need", after.need());
    row.put("on", after.on());
    return row;
  }
}
