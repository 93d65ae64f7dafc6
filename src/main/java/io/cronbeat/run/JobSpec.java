package io.cronbeat.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cronbeat.job.After;
import io.cronbeat.job.CatchUp;
import io.cronbeat.job.Command;
import io.cronbeat.job.ConcurrencyGroup;
import io.cronbeat.job.HttpCall;
import io.cronbeat.job.JobDefinition;
import io.cronbeat.job.NodeSelector;
import io.cronbeat.job.Notify;
import io.cronbeat.job.Overlap;
import io.cronbeat.job.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A job as the store keeps it (as JSON in {@code cb_jobs}): everything a node needs to run it,
 * so every node runs the same command whatever files it has. Durations in seconds.
 *
 * @param schedule the schedule as written, or null for a job that only runs when triggered
 * @param argv the command, or empty for an HTTP job
 * @param http the request of an HTTP job, else null; left out of the JSON when null, so a command
 *     job's row (and its fingerprint) is what versions before HTTP jobs wrote, and their rows load
 * @param notifyHeaders the webhook's headers (placeholders unfilled); left out when empty, as http
 * @param expectSeconds the watchdog's grace as declared: null for the configured default, 0 for
 *     off; left out when null, as http
 * @param nodes the labels a node must have to run it ({@link NodeSelector}); left out when empty, as http
 * @param concurrency its concurrency group with the limit its file gives, or null; left out when null
 * @param after the upstream jobs whose runs queue this job's, or null; left out when null, as http
 */
public record JobSpec(
    String name,
    String schedule,
    String timezone,
    List<String> argv,
    boolean shell,
    String workdir,
    Map<String, String> env,
    Long timeoutSeconds,
    int attempts,
    long backoffSeconds,
    long maxBackoffSeconds,
    Overlap overlap,
    CatchUp catchUp,
    long jitterSeconds,
    String webhook,
    List<String> notifyCommand,
    Set<Notify.Event> notifyOn,
    @JsonInclude(JsonInclude.Include.NON_NULL) HttpCall http,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> notifyHeaders,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long expectSeconds,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> nodes,
    @JsonInclude(JsonInclude.Include.NON_NULL) ConcurrencyGroup concurrency,
    @JsonInclude(JsonInclude.Include.NON_NULL) After after) {

  public JobSpec {
    // Sorted: the JSON, and so the fingerprint, must not depend on a map's iteration order.
    notifyHeaders = Collections.unmodifiableMap(notifyHeaders == null ? new TreeMap<>()
        : new TreeMap<>(notifyHeaders));
    nodes = new NodeSelector(nodes == null ? Map.of() : nodes).labels();
  }

  /** The nodes that may run it. */
  public NodeSelector selector() {
    return new NodeSelector(nodes);
  }

  /** A job in no chain. */
  public JobSpec(String name, String schedule, String timezone, List<String> argv, boolean shell, String workdir,
      Map<String, String> env, Long timeoutSeconds, int attempts, long backoffSeconds, long maxBackoffSeconds, Overlap overlap,
      CatchUp catchUp, long jitterSeconds, String webhook, List<String> notifyCommand, Set<Notify.Event> notifyOn,
      HttpCall http, Map<String, String> notifyHeaders, Long expectSeconds, Map<String, List<String>> nodes,
      ConcurrencyGroup concurrency) {
    this(name, schedule, timezone, argv, shell, workdir, env, timeoutSeconds, attempts, backoffSeconds, maxBackoffSeconds,
        overlap, catchUp, jitterSeconds, webhook, notifyCommand, notifyOn, http, notifyHeaders, expectSeconds, nodes,
        concurrency, null);
  }

  /** Env values are secrets often enough: a stray log of the spec shows their names only. */
  @Override
  public String toString() {
    return "JobSpec[name=" + name + ", schedule=" + schedule + (http == null ? ", argv=" + argv : ", http=" + http)
        + ", env=" + new TreeSet<>(env.keySet()) + "]";
  }

  public static JobSpec of(JobDefinition job) {
    JobDefinition.Execution run = job.execution();
    JobDefinition.Policies policies = job.policies();
    Notify notify = job.notifications();
    Command command = run.work() instanceof Command c ? c : null;
    return new JobSpec(
        job.name(),
        job.when().map(JobDefinition.When::text).orElse(null),
        job.when().map(w -> w.zone().getId()).orElse(null),
        command == null ? List.of() : command.argv(),
        command != null && command.shell(),
        run.workdir().map(Object::toString).orElse(null),
        new TreeMap<>(run.env()),
        run.timeout().map(Duration::getSeconds).orElse(null),
        policies.retry().attempts(),
        policies.retry().backoff().getSeconds(),
        policies.retry().maxBackoff().getSeconds(),
        policies.overlap(),
        policies.catchUp(),
        policies.jitter().getSeconds(),
        notify.webhook().map(Object::toString).orElse(null),
        notify.command().map(c -> c.argv()).orElse(null),
        new TreeSet<>(notify.events()),
        run.work() instanceof HttpCall call ? call : null,
        notify.headers(),
        job.expect().map(Duration::getSeconds).orElse(null),
        job.placement().nodes().labels(),
        job.placement().concurrency().orElse(null),
        job.after().map(JobDefinition.Upstreams::after).orElse(null));
  }

  public boolean scheduled() {
    return schedule != null;
  }

  /** The watchdog's grace for this job: its own, else {@code byDefault}; empty when it is not watched. */
  public Optional<Duration> expect(Optional<Duration> byDefault) {
    Optional<Duration> grace = expectSeconds == null ? byDefault : Optional.of(Duration.ofSeconds(expectSeconds));
    return scheduled() ? grace.filter(d -> !d.isZero()) : Optional.empty();
  }

  /** This job with more environment variables, for one run. */
  public JobSpec withEnv(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(env);
    all.putAll(more);
    return new JobSpec(name, schedule, timezone, argv, shell, workdir, all, timeoutSeconds, attempts, backoffSeconds,
        maxBackoffSeconds, overlap, catchUp, jitterSeconds, webhook, notifyCommand, notifyOn, http, notifyHeaders,
        expectSeconds, nodes, concurrency, after);
  }

  /** This job with arguments appended to its argument vector, for one run (never through a shell). */
  public JobSpec withArguments(List<String> more) {
    List<String> all = new ArrayList<>(argv);
    all.addAll(more);
    return new JobSpec(name, schedule, timezone, all, shell, workdir, env, timeoutSeconds, attempts, backoffSeconds,
        maxBackoffSeconds, overlap, catchUp, jitterSeconds, webhook, notifyCommand, notifyOn, http, notifyHeaders,
        expectSeconds, nodes, concurrency, after);
  }

  /** A one-off command: no schedule, no overlap rule, no notifications. */
  public static JobSpec adHoc(String name, List<String> argv, int attempts, Duration backoff, Duration timeout) {
    return new JobSpec(name, null, null, argv, false, null, Map.of(), timeout == null ? null : timeout.getSeconds(), attempts,
        backoff.getSeconds(), Math.max(backoff.getSeconds(), RetryPolicy.DEFAULT_MAX_BACKOFF.getSeconds()),
        Overlap.ALLOW, CatchUp.NONE, 0, null, null, Set.of(), null, Map.of(), null, Map.of(), null);
  }
}
