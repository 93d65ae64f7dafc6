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
 * @param added declared jobs the store does not have, as they are written
 * @param changed declared jobs whose definition (or enabled flag) differs from the store's, as they are written
 * @param remove jobs the store has that are no longer declared
 * @param unchanged how many jobs stay as they are (and keep their next fire times)
 */
public record SyncPlan(List<JobTable.Declared> added, List<JobTable.Declared> changed, List<String> remove, int unchanged) {

  /**
   * The declared jobs as a sync compares and writes them: each definition serialized and
   * fingerprinted once, in parallel (most of the CPU of a sync of 10,000 unchanged jobs). Needs no
   * store: a node does it while its store opens.
   */
  public static List<JobTable.Declared> declare(List<JobDefinition> jobs) {
    return jobs.parallelStream().map(job -> new JobTable.Declared(JobSpec.of(job), job.enabled())).toList();
  }

  /** The plan for {@code declared} (see {@link #declare}) against the store's {@code stored} rows. */
  public static SyncPlan of(List<JobTable.Declared> declared, Map<String, JobTable.Digest> stored) {
    Map<String, JobTable.Digest> byName = new TreeMap<>(stored);
    List<JobTable.Declared> added = new ArrayList<>();
    List<JobTable.Declared> changed = new ArrayList<>();
    int unchanged = 0;
    for (JobTable.Declared job : declared) {
      JobTable.Digest current = byName.remove(job.name());
      if (current == null) {
        added.add(job);
      } else if (!current.fingerprint().equals(job.fingerprint()) || current.enabled() != job.enabled()) {
        changed.add(job);
      } else {
        unchanged++;
      }
    }
    return new SyncPlan(added, changed, List.copyOf(byName.keySet()), unchanged);
  }

  /** The specs of the jobs to add, in declaration order. */
  public List<JobSpec> add() {
    return added.stream().map(JobTable.Declared::spec).toList();
  }

  /** The specs of the jobs to change, in declaration order. */
  public List<JobSpec> change() {
    return changed.stream().map(JobTable.Declared::spec).toList();
  }

  /** Whether each job to add or change is enabled. */
  public Map<String, Boolean> enabled() {
    Map<String, Boolean> enabled = new TreeMap<>();
    added.forEach(job -> enabled.put(job.name(), job.enabled()));
    changed.forEach(job -> enabled.put(job.name(), job.enabled()));
    return enabled;
  }

  public boolean isEmpty() {
    return added.isEmpty() && changed.isEmpty() && remove.isEmpty();
  }
}
