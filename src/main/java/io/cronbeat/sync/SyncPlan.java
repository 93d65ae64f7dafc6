package io.cronbeat.sync;

import io.cronbeat.job.JobDefinition;
import io.cronbeat.run.JobSpec;
import io.cronbeat.store.JobTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sync changes: declared jobs against the jobs the store has. Pure, so that a preview
 * ({@code scheduler plan}) and the sync itself agree.
 *
 * @param add declared jobs the store does not have
 * @param change declared jobs whose definition (or enabled flag) differs from the store's
 * @param remove jobs the store has that are no longer declared
 * @param unchanged how many jobs stay as they are (and keep their next fire times)
 */
public record SyncPlan(List<JobSpec> add, List<JobSpec> change, List<String> remove, int unchanged,
    Map<String, Boolean> enabled) {

  public static SyncPlan of(List<JobDefinition> declared, Map<String, JobTable.Digest> stored, JobTable table) {
    Map<String, JobTable.Digest> byName = new TreeMap<>(stored);
    List<JobSpec> add = new ArrayList<>();
    List<JobSpec> change = new ArrayList<>();
    Map<String, Boolean> enabled = new TreeMap<>();
    int unchanged = 0;
    // Each job's definition serialized and hashed in parallel: most of a sync of 10,000 unchanged
    // jobs on one core. The comparison stays in declaration order.
    for (Declared job : declared.parallelStream().map(job -> Declared.of(job, table)).toList()) {
      JobSpec spec = job.spec();
      enabled.put(spec.name(), job.enabled());
      JobTable.Digest current = byName.remove(spec.name());
      if (current == null) {
        add.add(spec);
      } else if (!current.fingerprint().equals(job.fingerprint()) || current.enabled() != job.enabled()) {
        change.add(spec);
      } else {
        unchanged++;
      }
    }
    return new SyncPlan(add, change, List.copyOf(byName.keySet()), unchanged, enabled);
  }

  /** A declared job as the store would hold it, and that definition's fingerprint. */
  private record Declared(JobSpec spec, boolean enabled, String fingerprint) {

    static Declared of(JobDefinition job, JobTable table) {
      JobSpec spec = JobSpec.of(job);
      return new Declared(spec, job.enabled(), table.fingerprint(spec));
    }
  }

  public boolean isEmpty() {
    return add.isEmpty() && change.isEmpty() && remove.isEmpty();
  }
}
