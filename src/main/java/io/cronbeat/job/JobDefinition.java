package io.cronbeat.job;

import io.cronbeat.timing.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One job as declared in a job file, validated and with every default applied.
 *
 * @param when the schedule, or empty for a job that only runs when triggered
 * @param expect how long after each firing a success must have come (the watchdog's grace):
 *     empty for the configured default ({@code jobs.expect}), zero for "not watched" ({@code expect: off})
 * @param placement the nodes that may run it and the concurrency group it counts in
 * @param source where it was declared, for messages
 * @param after the upstream jobs whose runs queue this job's (its chain), or empty
 */
public record JobDefinition(
    String name,
    String description,
    boolean enabled,
    Optional<When> when,
    Execution execution,
    Policies policies,
    Notify notifications,
    Optional<Duration> expect,
    Placement placement,
    Source source,
    Optional<Upstreams> after) {

  /**
   * The chain as declared, with where each upstream job is named (for messages).
   *
   * @param at the position of each of {@code after.jobs()}, in the same order
   */
  public record Upstreams(After after, List<Source> at) {

    public Upstreams {
      at = List.copyOf(at);
    }
  }

  /**
   * The schedule as written, its zone, and the fire times it computes.
   *
   * @param stored the text the store keeps: as written, with the dialect in front when one applies
   */
  public record When(String text, ZoneId zone, Schedule schedule, String stored) {

    public When(String text, ZoneId zone, Schedule schedule) {
      this(text, zone, schedule, text);
    }
  }

  /**
   * How an attempt runs.
   *
   * @param work the command to run or the HTTP request to make
   * @param workdir working directory, or empty for the node's own
   * @param timeout how long an attempt may run, or empty for no limit
   */
  public record Execution(Work work, Optional<Path> workdir, Map<String, String> env, Optional<Duration> timeout) {

    public Execution {
      env = Map.copyOf(env);
    }

    /** Env values are secrets often enough: a stray log of the job shows their names only. */
    @Override
    public String toString() {
      return "Execution[work=" + work + ", env=" + new TreeSet<>(env.keySet()) + "]";
    }
  }

  /** What happens around attempts: retries, overlap, missed firings, start delay. */
  public record Policies(RetryPolicy retry, Overlap overlap, CatchUp catchUp, Duration jitter) {

    public static final Policies DEFAULTS = new Policies(RetryPolicy.NONE, Overlap.FORBID, CatchUp.LATEST, Duration.ZERO);
  }

  /** The file, line and column of the job's name. */
  public record Source(String file, int line, int column) {

    @Override
    public String toString() {
      return file + ":" + line + ":" + column;
    }
  }
}
