package io.cronbeat.notify;

import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.exec.ProcessSpec;
import io.cronbeat.job.Notify;
import io.cronbeat.store.JobSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells people about failures and recoveries: a JSON POST to the job's webhook and/or its
 * notify command. Runs beside the scheduler; a failing hook is logged, never retried forever,
 * and never changes the run.
 */
public final class Notifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** What happened, as the hooks see it. */
  public record Outcome(String job, long runId, String state, Integer exitCode, int attempts, String nodeId, String tail) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ExecutorService senders = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "cronbeat-notify");
    thread.setDaemon(true);
    return thread;
  });
  private final ProcessRunner runner;
  private final Path logDir;
  private final JsonMapper json = JsonMapper.builder().build();

  public Notifier(ProcessRunner runner, Path logDir) {
    this.runner = runner;
    this.logDir = logDir;
  }

  public void notify(JobSpec spec, Notify.Event event, Outcome outcome) {
    if (spec.notifyOn() == null || !spec.notifyOn().contains(event)) {
      return;
    }
    senders.execute(() -> {
      if (spec.webhook() != null) {
        post(spec.webhook(), event, outcome);
      }
      if (spec.notifyCommand() != null) {
        command(spec.notifyCommand(), event, outcome);
      }
    });
  }

  private void post(String url, Notify.Event event, Outcome outcome) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", event.name().toLowerCase(Locale.ROOT));
    body.put("job", outcome.job());
    body.put("run", outcome.runId());
    body.put("state", outcome.state());
    body.put("exit_code", outcome.exitCode());
    body.put("attempts", outcome.attempts());
    body.put("node", outcome.nodeId());
    body.put("output_tail", outcome.tail());
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() >= 300) {
        log.warn("job={} run={} webhook {} answered HTTP {}", outcome.job(), outcome.runId(), url, response.statusCode());
      } else {
        log.info("job={} run={} webhook notified of {}", outcome.job(), outcome.runId(), event.name().toLowerCase(Locale.ROOT));
      }
    } catch (Exception e) {
      log.warn("job={} run={} webhook {} failed: {}", outcome.job(), outcome.runId(), url, e.getMessage());
    }
  }

  private void command(java.util.List<String> argv, Notify.Event event, Outcome outcome) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CRONBEAT_JOB", outcome.job());
    env.put("CRONBEAT_RUN_ID", Long.toString(outcome.runId()));
    env.put("CRONBEAT_EVENT", event.name().toLowerCase(Locale.ROOT));
    env.put("CRONBEAT_STATE", outcome.state());
    env.put("CRONBEAT_EXIT_CODE", outcome.exitCode() == null ? "" : outcome.exitCode().toString());
    var result = runner.run(new ProcessSpec(argv, Optional.empty(), env, Optional.of(Duration.ofMinutes(1)),
        logDir.resolve(outcome.job()).resolve(outcome.runId() + "-notify-" + event.name().toLowerCase(Locale.ROOT) + ".log")),
        new ProcessRunner.Handle());
    log.info("job={} run={} notify command for {}: {}", outcome.job(), outcome.runId(), event.name().toLowerCase(Locale.ROOT),
        result.detail());
  }

  @Override
  public void close() {
    senders.shutdown();
  }
}
