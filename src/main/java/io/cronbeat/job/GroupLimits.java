package io.cronbeat.job;

import io.cronbeat.yaml.Diagnostics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The jobs of one concurrency group must agree on its limit: the limit belongs to the group, not to a job. */
final class GroupLimits {

  private GroupLimits() {}

  static void check(List<JobDefinition> jobs, Diagnostics diagnostics) {
    Map<String, JobDefinition> first = new HashMap<>();
    for (JobDefinition job : jobs) {
      job.placement().concurrency().ifPresent(group -> {
        JobDefinition earlier = first.putIfAbsent(group.name(), job);
        int limit = earlier == null ? group.limit() : earlier.placement().concurrency().orElseThrow().limit();
        if (limit != group.limit()) {
          diagnostics.add(job.source().file(), job.source().line(), job.source().column(),
              "job '" + job.name() + "' gives concurrency group " + group.name() + " limit " + group.limit() + ", job '"
                  + earlier.name() + "' (" + earlier.source() + ") gives it " + limit,
              "write the same limit in every job of the group, or set it once with concurrency.groups in the configuration");
        }
      });
    }
  }
}
