package io.cronbeat.dispatch;

import io.cronbeat.run.JobSpec;
import io.cronbeat.run.Run;
import io.cronbeat.store.JobTable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each due run runs: its own definition (a triggered or submitted run) or its job's as
 * stored now. A claim pass reads the jobs it needs in one query, and a definition seen before is
 * not parsed again: a backlog of one job's runs costs one read and one parse per pass, not per run.
 */
final class SpecCache {

  /** Distinct definitions kept parsed; a node runs a few hundred jobs at most at once. */
  private static final int KEEP = 1024;

  private final JobTable jobs;
  private final Map<String, JobSpec> parsed = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, JobSpec> eldest) {
      return size() > KEEP;
    }
  };

  SpecCache(JobTable jobs) {
    this.jobs = jobs;
  }

  /** The spec of each run that has one, by run id; a run of a job no longer declared has none. */
  synchronized Map<Long, JobSpec> of(List<Run> runs) {
    Set<String> declared = runs.stream().filter(r -> r.definition() == null).map(Run::job).collect(Collectors.toSet());
    Map<String, String> stored = jobs.definitions(declared);
    Map<Long, JobSpec> specs = new HashMap<>();
    for (Run run : runs) {
      String definition = run.definition() != null ? run.definition() : stored.get(run.job());
      if (definition != null) {
        specs.put(run.id(), parsed.computeIfAbsent(definition, jobs::fromJson));
      }
    }
    return specs;
  }
}
