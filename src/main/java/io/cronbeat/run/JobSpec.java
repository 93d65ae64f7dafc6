package io.cronbeat.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A job as the store keeps it (as JSON in {@code cb_jobs}): everything a node needs to run it,
 * so every node runs the same command whatever files it has. Durations are whole seconds (a part
 * second is dropped, as the JSON keeps them); in the JSON each is a number of seconds under its
 * name with {@code Seconds} appended ({@code timeoutSeconds}...), as when these fields were longs.
 *
 * @param schedule the schedule as written, or null for a job that only runs when triggered
 * @param argv the command, or empty for an HTTP job
 * @param http the request of an HTTP job, else null; left out of the JSON when null, so a command
 *     job's row (and its fingerprint) is what versions before HTTP jobs wrote, and their rows load
 * @param notifyHeaders the webhook's headers (placeholders unfilled); left out when empty, as http
 * @param timeout how long an attempt may run, or null for no limit
 * @param expect the watchdog's grace as declared: null for the configured default, zero for
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
    @JsonProperty("timeoutSeconds") @JsonSerialize(using = SecondsJson.Writer.class)
        @JsonDeserialize(using = SecondsJson.Reader.class) Duration timeout,
    int attempts,
    @JsonProperty("backoffSeconds") @JsonSerialize(using = SecondsJson.Writer.class)
        @JsonDeserialize(using = SecondsJson.Reader.class) Duration backoff,
    @JsonProperty("maxBackoffSeconds") @JsonSerialize(using = SecondsJson.Writer.class)
        @JsonDeserialize(using = SecondsJson.Reader.class) Duration maxBackoff,
    Overlap overlap,
    CatchUp catchUp,
    @JsonProperty("jitterSeconds") @JsonSerialize(using = SecondsJson.Writer.class)
        @JsonDeserialize(using = SecondsJson.Reader.class) Duration jitter,
    String webhook,
    List<String> notifyCommand,
    Set<Notify.Event> notifyOn,
    @JsonInclude(JsonInclude.Include.NON_NULL) HttpCall http,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> notifyHeaders,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("expectSeconds")
        @JsonSerialize(using = SecondsJson.Writer.class) @JsonDeserialize(using = SecondsJson.Reader.class) Duration expect,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> nodes,
    @JsonInclude(JsonInclude.Include.NON_NULL) ConcurrencyGroup concurrency,
    @JsonInclude(JsonInclude.Include.NON_NULL) After after) {

  public JobSpec {
    timeout = timeout == null ? null : wholeSeconds(timeout);
    // Read as zero when a row lacks them, as they were when they were longs (no version wrote such a row).
    backoff = backoff == null ? Duration.ZERO : wholeSeconds(backoff);
    maxBackoff = maxBackoff == null ? Duration.ZERO : wholeSeconds(maxBackoff);
    jitter = jitter == null ? Duration.ZERO : wholeSeconds(jitter);
    expect = expect == null ? null : wholeSeconds(expect);
    // Sorted: the JSON, and so the fingerprint, must not depend on a map's iteration order.
    notifyHeaders = Collections.unmodifiableMap(notifyHeaders == null ? new TreeMap<>()
        : new TreeMap<>(notifyHeaders));
    nodes = new NodeSelector(nodes == null ? Map.of() : nodes).labels();
  }

  private static Duration wholeSeconds(Duration duration) {
    return Duration.ofSeconds(duration.getSeconds());
  }

  /** The nodes that may run it. */
  public NodeSelector selector() {
    return new NodeSelector(nodes);
  }

  /** A job in no chain. */
  public JobSpec(String name, String schedule, String timezone, List<String> argv, boolean shell, String workdir,
      Map<String, String> env, Duration timeout, int attempts, Duration backoff, Duration maxBackoff, Overlap overlap,
      CatchUp catchUp, Duration jitter, String webhook, List<String> notifyCommand, Set<Notify.Event> notifyOn,
      HttpCall http, Map<String, String> notifyHeaders, Duration expect, Map<String, List<String>> nodes,
      ConcurrencyGroup concurrency) {
    this(name, schedule, timezone, argv, shell, workdir, env, timeout, attempts, backoff, maxBackoff, overlap, catchUp,
        jitter, webhook, notifyCommand, notifyOn, http, notifyHeaders, expect, nodes, concurrency, null);
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
        run.timeout().orElse(null),
        policies.retry().attempts(),
        policies.retry().backoff(),
        policies.retry().maxBackoff(),
        policies.overlap(),
        policies.catchUp(),
        policies.jitter(),
        notify.webhook().map(Object::toString).orElse(null),
        notify.command().map(c -> c.argv()).orElse(null),
        new TreeSet<>(notify.events()),
        run.work() instanceof HttpCall call ? call : null,
        notify.headers(),
        job.expect().orElse(null),
        job.placement().nodes().labels(),
        job.placement().concurrency().orElse(null),
        job.after().map(JobDefinition.Upstreams::after).orElse(null));
  }

  public boolean scheduled() {
    return schedule != null;
  }

  /** The watchdog's grace for this job: its own, else {@code byDefault}; empty when it is not watched. */
  public Optional<Duration> expect(Optional<Duration> byDefault) {
    Optional<Duration> grace = expect == null ? byDefault : Optional.of(expect);
    return scheduled() ? grace.filter(d -> !d.isZero()) : Optional.empty();
  }

  /** This job with more environment variables, for one run. */
  public JobSpec withEnv(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(env);
    all.putAll(more);
    return new JobSpec(name, schedule, timezone, argv, shell, workdir, all, timeout, attempts, backoff, maxBackoff, overlap,
        catchUp, jitter, webhook, notifyCommand, notifyOn, http, notifyHeaders, expect, nodes, concurrency, after);
  }

  /** This job with arguments appended to its argument vector, for one run (never through a shell). */
  public JobSpec withArguments(List<String> more) {
    List<String> all = new ArrayList<>(argv);
    all.addAll(more);
    return new JobSpec(name, schedule, timezone, all, shell, workdir, env, timeout, attempts, backoff, maxBackoff, overlap,
        catchUp, jitter, webhook, notifyCommand, notifyOn, http, notifyHeaders, expect, nodes, concurrency, after);
  }

  /** A one-off command: no schedule, no overlap rule, no notifications. */
  public static JobSpec adHoc(String name, List<String> argv, int attempts, Duration backoff, Duration timeout) {
    Duration maxBackoff = backoff.compareTo(RetryPolicy.DEFAULT_MAX_BACKOFF) > 0 ? backoff : RetryPolicy.DEFAULT_MAX_BACKOFF;
    return new JobSpec(name, null, null, argv, false, null, Map.of(), timeout, attempts, backoff, maxBackoff, Overlap.ALLOW,
        CatchUp.NONE, Duration.ZERO, null, null, Set.of(), null, Map.of(), null, Map.of(), null);
  }
}
