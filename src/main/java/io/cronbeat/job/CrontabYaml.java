package io.cronbeat.job;

import io.cronbeat.yaml.YamlSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes imported crontab lines as a job file, in the crontab's order: its comments and blank
 * lines stay where they were, lines that were not converted stay as comments, and the
 * environment every job shares is written once, in an {@code x-env} anchor merged into each job.
 */
final class CrontabYaml {

  /** One crontab line's place in the job file. */
  sealed interface Item permits Comment, Blank, Job {}

  /** A comment (its text after the '#'), or a line that was not converted, kept as a comment so nothing is lost. */
  record Comment(String text) implements Item {}

  record Blank() implements Item {}

  /**
   * @param shell the shell from {@code SHELL=}, or null for /bin/sh (the job's command is then a string)
   */
  record Job(String name, String origin, String schedule, String zone, String shell, String script,
      Map<String, String> env) implements Item {}

  private CrontabYaml() {}

  static String write(String source, List<Item> items) {
    List<Job> jobs = items.stream().filter(Job.class::isInstance).map(Job.class::cast).toList();
    Map<String, String> shared = shared(jobs);
    StringBuilder yaml = new StringBuilder("# Converted from ").append(source).append(" by 'scheduler import-crontab'.\n")
        .append("# cron neither catches up missed runs nor prevents overlaps; these jobs keep that behaviour\n")
        .append("# (catch-up: none, overlap: allow). Review, then change what cron could not do.\n");
    if (!shared.isEmpty()) {
      yaml.append("\n# The environment every job had in the crontab.\nx-env: &env\n");
      shared.forEach((key, value) -> yaml.append("  ").append(key).append(": ").append(quote(value)).append('\n'));
      yaml.append('\n');
    }
    yaml.append(jobs.isEmpty() ? "jobs: {}\n" : "jobs:\n");
    for (Item item : items) {
      if (item instanceof Comment comment) {
        yaml.append("  #").append(comment.text()).append('\n');
      } else if (item instanceof Job job) {
        appendJob(yaml, job, shared);
      } else {
        yaml.append('\n');
      }
    }
    return yaml.toString();
  }

  /**
   * The variables all jobs have with the same value; none when an anchor would not pay (one job)
   * or could not be read back (more aliases than a job file allows).
   */
  private static Map<String, String> shared(List<Job> jobs) {
    if (jobs.size() < 2 || jobs.size() > YamlSource.MAX_ALIASES) {
      return Map.of();
    }
    Map<String, String> shared = new LinkedHashMap<>(jobs.get(0).env());
    for (Job job : jobs) {
      shared.entrySet().removeIf(entry -> !entry.getValue().equals(job.env().get(entry.getKey())));
    }
    return shared;
  }

  private static void appendJob(StringBuilder yaml, Job job, Map<String, String> shared) {
    yaml.append("  ").append(job.name()).append(":\n");
    yaml.append("    description: ").append(quote("from " + job.origin())).append('\n');
    yaml.append("    schedule: ").append(quote(job.schedule())).append('\n');
    if (job.zone() != null) {
      yaml.append("    timezone: ").append(quote(job.zone())).append('\n');
    }
    if (job.shell() == null) {
      yaml.append("    command: ").append(quote(job.script())).append('\n');
    } else {
      yaml.append("    command: [").append(quote(job.shell())).append(", \"-c\", ").append(quote(job.script())).append("]\n");
    }
    if (!job.env().isEmpty()) {
      yaml.append("    env:\n");
      if (!shared.isEmpty()) {
        yaml.append("      <<: *env\n");
      }
      job.env().forEach((key, value) -> {
        if (!shared.containsKey(key)) {
          yaml.append("      ").append(key).append(": ").append(quote(value)).append('\n');
        }
      });
    }
    yaml.append("    catch-up: none\n    overlap: allow\n");
  }

  /** A YAML double-quoted scalar (JSON escaping is valid YAML). */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
