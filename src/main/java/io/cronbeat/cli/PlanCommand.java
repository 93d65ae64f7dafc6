package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.JobSet;
import io.cronbeat.run.JobSpec;
import io.cronbeat.store.JobTable;
import io.cronbeat.store.Store;
import io.cronbeat.sync.SyncPlan;
import io.cronbeat.view.AfterView;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scheduler plan}: what the next sync would change, changing nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Show what the next sync would change in the store, changing nothing.",
        "Jobs to add, to change (with the fields that differ) and to remove.",
        "Exit 0 when nothing would change, 3 when something would, 2 when a job file is invalid."})
class PlanCommand implements Callable<Integer> {

  static final int CHANGES = 3;

  private final CliContext context;

  @Mixin JobOptions options;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  PlanCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CronbeatConfig config = options.config(context);
    JobSet declared = options.load(context, config, null);
    if (!declared.valid()) {
      return CommonOptions.report(declared, spec.commandLine().getErr());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Store store = options.store(context, config)) {
      SyncPlan plan = SyncPlan.of(SyncPlan.declare(declared.jobs()), store.jobs().digests());
      // Definitions are decoded only when something changed, to name the fields that did.
      Map<String, JobTable.StoredJob> stored = new HashMap<>();
      if (!plan.change().isEmpty()) {
        store.jobs().all().forEach(job -> stored.put(job.spec().name(), job));
      }
      Map<String, List<String>> changes = new LinkedHashMap<>();
      for (JobSpec job : plan.change()) {
        JobTable.StoredJob before = stored.get(job.name());
        List<String> fields = differences(before.spec(), job);
        if (before.enabled() != plan.enabled().get(job.name())) {
          fields.add("enabled");
        }
        changes.put(job.name(), fields);
      }
      if (json) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("add", plan.add().stream().map(JobSpec::name).toList());
        document.put("change", changes);
        document.put("remove", plan.remove());
        document.put("unchanged", plan.unchanged());
        Map<String, Object> after = new TreeMap<>();
        declared.jobs().forEach(job -> job.after().ifPresent(u -> after.put(job.name(), AfterView.of(u.after()))));
        if (!after.isEmpty()) {
          document.put("after", after); // only where there are chains: the shape of a plan without stays as it was
        }
        out.println(Json.of(document));
        return plan.isEmpty() ? ExitCodes.OK : CHANGES;
      }
      for (JobSpec job : plan.add()) {
        out.println("+ " + job.name() + (job.scheduled() ? "  schedule '" + job.schedule() + "' in " + job.timezone()
            : job.after() != null ? "" : "  (manual)") + (job.after() != null ? (job.scheduled() ? "," : " ") + " after "
            + job.after().describe() : "") + (plan.enabled().get(job.name()) ? "" : ", disabled"));
      }
      Map<String, JobSpec> changed = new HashMap<>();
      plan.change().forEach(job -> changed.put(job.name(), job));
      changes.forEach((name, fields) -> out.println("~ " + name + "  changes " + String.join(", ", fields)
          + (fields.contains("after") ? " (now " + (changed.get(name).after() == null ? "after nothing"
              : "after " + changed.get(name).after().describe()) + ")" : "")));
      plan.remove().forEach(name -> out.println("- " + name));
      out.println(plan.isEmpty() ? "No changes: the store matches " + config.schedules() + " (" + plan.unchanged() + " jobs)."
          : "Plan: " + plan.add().size() + " to add, " + plan.change().size() + " to change, " + plan.remove().size()
              + " to remove, " + plan.unchanged() + " unchanged.");
      return plan.isEmpty() ? ExitCodes.OK : CHANGES;
    }
  }

  /** The job-file fields whose values differ. */
  private static List<String> differences(JobSpec before, JobSpec after) {
    List<String> fields = new ArrayList<>();
    for (RecordComponent component : JobSpec.class.getRecordComponents()) {
      try {
        if (!Objects.equals(component.getAccessor().invoke(before), component.getAccessor().invoke(after))) {
          fields.add(component.getName());
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return fields;
  }
}
