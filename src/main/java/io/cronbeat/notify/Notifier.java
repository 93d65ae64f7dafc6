package io.cronbeat.notify;

import io.cronbeat.exec.ProcessResult;
import io.cronbeat.exec.ProcessRunner;
import io.cronbeat.exec.ProcessSpec;
import io.cronbeat.job.HttpCall;
import io.cronbeat.job.Placeholders;
import io.cronbeat.run.JobSpec;
import io.cronbeat.store.NotificationTable;
import io.cronbeat.store.StoreException;
import io.cronbeat.text.DurationText;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells people what happened: a JSON POST to the job's webhook and/or its notify command. It
 * runs beside the scheduler: a webhook is sent asynchronously and tried again with backoff on a
 * 5xx answer, a timeout or a connection error; no hook ever blocks an executor thread or changes
 * a run. Each notice and how its delivery went is recorded in {@code cb_notifications}.
 *
 * <p>The webhook's URL and headers may hold {@code ${NAME}} placeholders, filled in from the
 * job's env and the node's environment at each send. Messages show the URL as written, without
 * its user info or query, and never a filled-in value.
 */
public final class Notifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Waits before the 2nd, 3rd, ... try of a webhook: five tries over some two and a half minutes. */
  public static final List<Duration> RETRY_DELAYS =
      List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));

  /**
   * Where the notifier looks things up.
   *
   * @param nodeEnv where placeholders are looked up, after the job's env
   * @param links the API's address of a run, if the node has an endpoint
   * @param retryDelays the waits between tries of a webhook (tries: one more than these)
   */
  public record Settings(Map<String, String> nodeEnv, LongFunction<Optional<String>> links, List<Duration> retryDelays) {

    public Settings {
      nodeEnv = Map.copyOf(nodeEnv);
      retryDelays = List.copyOf(retryDelays);
    }
  }

  private HttpClient http;
  /** Prepares and records webhook notices: the caller (an executor thread, the upkeep) never waits for the store or a hook. */
  private final ExecutorService senders = Executors.newSingleThreadExecutor(r -> daemon(r, "cronbeat-notify"));
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cronbeat-notify-retry"));
  /** Notify commands, which may take up to a minute each, apart from the webhooks. */
  private final ExecutorService commands = Executors.newSingleThreadExecutor(r -> daemon(r, "cronbeat-notify-command"));
  private final ProcessRunner runner;
  private final Path logDir;
  private final NotificationTable table;
  private final Clock clock;
  private final Settings settings;
  private final JsonMapper json = JsonMapper.builder().build();

  public Notifier(ProcessRunner runner, Path logDir, NotificationTable table, Clock clock, Settings settings) {
    this.runner = runner;
    this.logDir = logDir;
    this.table = table;
    this.clock = clock;
    this.settings = settings;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Sends the notice to the job's hooks if the job listens for its event; returns at once. */
  public void notify(JobSpec spec, Notice notice) {
    if (spec.notifyOn() == null || !spec.notifyOn().contains(notice.event())) {
      return;
    }
    try {
      if (spec.webhook() != null) {
        senders.execute(() -> webhook(spec, notice));
      }
      if (spec.notifyCommand() != null) {
        commands.execute(() -> command(spec.notifyCommand(), notice));
      }
    } catch (RejectedExecutionException e) {
      log.warn("{} not sent: the node is stopping", tag(notice));
    }
  }

  /** Made at the first webhook: a node whose jobs have none starts no client threads. */
  private synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }
    return http;
  }

  /** One notice to one webhook, with the secrets its placeholders filled in (kept out of messages). */
  private record Delivery(long id, Notice notice, String target, HttpRequest request, Set<String> secrets) {

    String safe(String message) {
      String safe = message == null ? "" : message;
      for (String secret : secrets) {
        // Very short values would blank out ordinary words; a secret is longer than that.
        if (secret.length() >= 4) {
          safe = safe.replace(secret, "****");
        }
      }
      return safe;
    }
  }

  private void webhook(JobSpec spec, Notice notice) {
    String target = HttpCall.target(spec.webhook());
    long id = opened(notice, target);
    Map<String, String> variables = new HashMap<>(settings.nodeEnv());
    variables.putAll(spec.env());
    Set<String> secrets = new HashSet<>();
    HttpRequest request;
    try {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(Placeholders.expand(spec.webhook(), variables, secrets::add)))
          .timeout(TIMEOUT).header("Content-Type", "application/json");
      for (Map.Entry<String, String> header : spec.notifyHeaders().entrySet()) {
        builder.header(header.getKey(), Placeholders.expand(header.getValue(), variables, secrets::add));
      }
      Optional<String> link = notice.runId() == null ? Optional.empty() : settings.links().apply(notice.runId());
      request = builder.POST(HttpRequest.BodyPublishers.ofString(
          json.writeValueAsString(WebhookBody.of(notice, link.orElse(null))))).build();
    } catch (Placeholders.Unset e) {
      ended(new Delivery(id, notice, target, null, secrets), NotificationTable.State.FAILED, 0, null, e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      ended(new Delivery(id, notice, target, null, secrets), NotificationTable.State.FAILED, 0, null,
          "its URL or a header is not valid once ${...} are filled in");
      return;
    }
    send(new Delivery(id, notice, target, request, secrets), 1);
  }

  private void send(Delivery delivery, int tryNumber) {
    http().sendAsync(delivery.request(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      Integer status = response == null ? null : response.statusCode();
      if (status != null && status / 100 == 2) {
        ended(delivery, NotificationTable.State.DELIVERED, tryNumber, status, null);
        return;
      }
      // A 4xx will not change by itself (but 408 and 429 say "later"); a 3xx is not followed.
      boolean worthRetrying = status == null || status >= 500 || status == 408 || status == 429;
      String why = status != null ? "HTTP " + status : delivery.safe(describe(error));
      if (!worthRetrying || tryNumber > settings.retryDelays().size()) {
        ended(delivery, NotificationTable.State.FAILED, tryNumber, status, why);
        return;
      }
      Duration wait = settings.retryDelays().get(tryNumber - 1);
      try {
        retries.schedule(() -> send(delivery, tryNumber + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        ended(delivery, NotificationTable.State.FAILED, tryNumber, status, why + "; not tried again: the node stopped");
        return;
      }
      record(delivery, NotificationTable.State.RETRYING, tryNumber, status, why);
      log.warn("{} webhook {} try {}/{} failed: {}; trying again in {}", tag(delivery.notice()), delivery.target(), tryNumber,
          settings.retryDelays().size() + 1, why, DurationText.format(wait));
    });
  }

  private void ended(Delivery delivery, NotificationTable.State state, int tries, Integer status, String why) {
    record(delivery, state, tries, status, why);
    if (state == NotificationTable.State.DELIVERED) {
      log.info("{} webhook {} delivered (HTTP {}, try {})", tag(delivery.notice()), delivery.target(), status, tries);
    } else {
      log.warn("{} webhook {} not delivered after {} tr{}: {}", tag(delivery.notice()), delivery.target(), tries,
          tries == 1 ? "y" : "ies", why);
    }
  }

  private static String describe(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + TIMEOUT.toSeconds() + "s";
    }
    if (cause instanceof ConnectException) {
      return "cannot connect" + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  private long opened(Notice notice, String target) {
    try {
      return table.opened(notice.job(), notice.runId(), event(notice), target, clock.instant());
    } catch (StoreException e) {
      log.warn("{} cannot record the notice (sent anyway): {}", tag(notice), e.getMessage());
      return -1;
    }
  }

  private void record(Delivery delivery, NotificationTable.State state, int tries, Integer status, String why) {
    if (delivery.id() < 0) {
      return;
    }
    try {
      table.tried(delivery.id(), state, tries, status, why, clock.instant());
    } catch (StoreException e) {
      log.warn("{} cannot record how its notice went: {}", tag(delivery.notice()), e.getMessage());
    }
  }

  private void command(List<String> argv, Notice notice) {
    long id = opened(notice, "command");
    String event = event(notice);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CRONBEAT_JOB", notice.job());
    env.put("CRONBEAT_RUN_ID", notice.runId() == null ? "" : Long.toString(notice.runId()));
    env.put("CRONBEAT_EVENT", event);
    env.put("CRONBEAT_STATE", notice.state() == null ? "" : notice.state());
    env.put("CRONBEAT_EXIT_CODE", notice.exitCode() == null ? "" : notice.exitCode().toString());
    env.put("CRONBEAT_SCHEDULED_AT", notice.scheduledAt() == null ? "" : notice.scheduledAt().toString());
    String name = (notice.runId() == null ? "job" : Long.toString(notice.runId())) + "-notify-" + event + ".log";
    var result = runner.run(new ProcessSpec(argv, Optional.empty(), env, Optional.of(Duration.ofMinutes(1)),
        logDir.resolve(notice.job()).resolve(name)), new ProcessRunner.Handle());
    boolean ok = result.outcome() == ProcessResult.Outcome.SUCCEEDED;
    record(new Delivery(id, notice, "command", null, Set.of()), ok ? NotificationTable.State.DELIVERED
        : NotificationTable.State.FAILED, 1, result.exitCode(), ok ? null : result.detail());
    log.info("{} notify command: {}", tag(notice), result.detail());
  }

  private static String event(Notice notice) {
    return notice.event().name().toLowerCase(Locale.ROOT);
  }

  private static String tag(Notice notice) {
    return "job=" + notice.job() + (notice.runId() == null ? "" : " run=" + notice.runId()) + " event=" + event(notice);
  }

  /** Stops sending: retries not yet due are dropped (their record says RETRYING). */
  @Override
  public void close() {
    senders.shutdown();
    commands.shutdown();
    retries.shutdownNow();
  }
}
