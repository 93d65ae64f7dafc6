package io.cronbeat.cli;

import io.cronbeat.config.CronbeatConfig;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.JobSet;
import io.cronbeat.text.DidYouMean;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;

/** Looking a job up by name, with one clear line when it is not there. */
final class Jobs {

  private Jobs() {}

  /** The job, or null after printing why not. */
  static JobDefinition find(JobSet set, String name, CronbeatConfig config, PrintWriter err) {
    JobDefinition found = set.job(name).orElse(null);
    if (found == null) {
      unknown(name, set.jobs().stream().map(JobDefinition::name).toList(), "in " + config.schedules(), err);
    }
    return found;
  }

  static void unknown(String name, Collection<String> names, String where, PrintWriter err) {
    String suggestion = DidYouMean.closest(name, names).map(s -> ": did you mean '" + s + "'?").orElse("");
    err.println("error: no job named '" + name + "' " + where + suggestion);
    err.println("  hint: the jobs are: " + (names.isEmpty() ? "(none)" : String.join(", ", List.copyOf(names))));
  }
}
