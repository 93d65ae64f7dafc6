package io.cronbeat.http;

import io.cronbeat.dispatch.RequestException;
import io.cronbeat.dispatch.RequestForm;
import io.cronbeat.dispatch.RunRequests;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.run.JobSpec;
import io.cronbeat.run.RunState;
import io.cronbeat.store.RunQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The API's POST routes: trigger, submit, pause, resume, cancel. Each calls the run service the
 * CLI calls, with the API's words for the fields, the caller's idempotency key and the queue limit.
 */
final class ApiCommands {

  private static final Set<String> TRIGGER = Set.of("in", "at", "env", "args", "withDownstream");
  private static final Set<String> SUBMIT = Set.of("command", "name", "in", "at", "retries", "backoff", "timeout", "env");
  /** How long a refused client waits before it tries again: the queue drains at the nodes' pace. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final Supplier<Api> api;
  private final ApiReads reads;
  private final String caller;
  private final QueueCount queueCount;

  ApiCommands(Supplier<Api> api, ApiReads reads, String caller) {
    this.api = api;
    this.reads = reads;
    this.caller = caller;
    this.queueCount = new QueueCount(() -> api.get().service().queued());
  }

  void register(Router router) {
    router.add("POST", "/api/jobs/{job}/runs", this::trigger)
        .add("POST", "/api/jobs/{job}/pause", this::pause)
        .add("POST", "/api/jobs/{job}/resume", this::resume)
        .add("POST", "/api/runs", this::submit)
        .add("POST", "/api/runs/{id}/cancel", this::cancel);
  }

  private void trigger(Call call) throws IOException {
    if (refusedAsFull(call)) {
      return;
    }
    String name = call.path("job");
    // The body first: a malformed one is a 400 whatever the job.
    JsonBody json = JsonBody.read(call.exchange.getRequestBody(), TRIGGER);
    RunRequests.Trigger request = new RunRequests.Trigger(json.text("in"), json.text("at"), json.stringMap("env"),
        json.strings("args"), Boolean.TRUE.equals(json.bool("withDownstream")));
    JobSpec job = api.get().service().job(name).orElseThrow(() -> ApiError.notFound("no job named '" + name
        + "'; GET /api/jobs lists the jobs (a node adds declared jobs when it starts)"));
    Map<String, Object> fingerprint = new TreeMap<>();
    fingerprint.put("in", request.in());
    fingerprint.put("at", request.at());
    fingerprint.put("env", new TreeMap<>(request.env()));
    fingerprint.put("args", request.args());
    fingerprint.put("withDownstream", request.withDownstream());
    enqueue(call, "POST /api/jobs/" + name + "/runs", fingerprint, asking -> api.get().service().trigger(job, request, asking));
  }

  private void submit(Call call) throws IOException {
    if (refusedAsFull(call)) {
      return;
    }
    JsonBody json = JsonBody.read(call.exchange.getRequestBody(), SUBMIT);
    RunRequests.Submit request = new RunRequests.Submit(json.strings("command"), json.text("name"), json.text("in"),
        json.text("at"), json.integer("retries"), json.text("backoff"), json.text("timeout"), json.stringMap("env"));
    Map<String, Object> fingerprint = new TreeMap<>();
    fingerprint.put("command", request.command());
    fingerprint.put("name", request.name());
    fingerprint.put("in", request.in());
    fingerprint.put("at", request.at());
    fingerprint.put("retries", request.retries());
    fingerprint.put("backoff", request.backoff());
    fingerprint.put("timeout", request.timeout());
    fingerprint.put("env", new TreeMap<>(request.env()));
    enqueue(call, "POST /api/runs", fingerprint, asking -> api.get().service().submit(request, asking));
  }

  @FunctionalInterface
  private interface Enqueue {
    RunQueue.Outcome run(RunService.Asking asking);
  }

  private void enqueue(Call call, String route, Map<String, Object> request, Enqueue enqueue) throws IOException {
    int limit = api.get().queueLimit();
    Optional<RunQueue.Key> key = key(call.header("Idempotency-Key"), route + "\n" + request);
    RunQueue.Outcome outcome;
    try {
      outcome = enqueue.run(new RunService.Asking(RequestForm.API, key, OptionalInt.of(limit)));
    } catch (RequestException e) {
      throw ApiError.badRequest(e.field(), e.getMessage() + "; " + e.hint());
    }
    if (outcome instanceof RunQueue.Outcome.Queued queued) {
      call.exchange.getResponseHeaders().set("Location", "/api/runs/" + queued.runId());
      call.json(201, reads.run(queued.runId()));
    } else if (outcome instanceof RunQueue.Outcome.Repeated repeated) {
      call.json(200, reads.run(repeated.runId()));
    } else if (outcome instanceof RunQueue.Outcome.KeyReused reused) {
      throw new ApiError(422, "this Idempotency-Key was sent before with another request (it queued run " + reused.runId()
          + "); send a new key for a new request", "Idempotency-Key");
    } else if (outcome instanceof RunQueue.Outcome.Full full) {
      queueCount.full(full.limit());
      full(call, full.limit());
    }
  }

  /**
   * A flood that finds the queue full is refused here, from the cached count: before its body is
   * parsed and without a transaction. A call with an Idempotency-Key goes on: it may be the retry
   * of one that was queued, and gets its run.
   */
  private boolean refusedAsFull(Call call) throws IOException {
    int limit = api.get().queueLimit();
    if (call.header("Idempotency-Key") == null && queueCount.now() >= limit) {
      full(call, limit);
      return true;
    }
    return false;
  }

  private static void full(Call call, int limit) throws IOException {
    call.exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "the queue holds " + limit + " runs not yet started, its limit; nothing was queued. Try again after "
        + RETRY_AFTER_SECONDS + "s, or raise http.queue-limit (CRONBEAT_HTTP_QUEUE_LIMIT) if the nodes keep up with more");
    body.put("limit", limit);
    call.json(429, body);
  }

  /** The header's key (an sf-string: quotes are optional here), with the request's fingerprint. */
  private Optional<RunQueue.Key> key(String header, String request) {
    if (header == null) {
      return Optional.empty();
    }
    String key = header.strip();
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1);
    }
    if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw ApiError.badRequest("Idempotency-Key", "the Idempotency-Key header must be 1 to 255 printable ASCII characters,"
          + " e.g. a UUID");
    }
    return Optional.of(new RunQueue.Key(caller, key, sha256(request)));
  }

  private void pause(Call call) throws IOException {
    String name = call.path("job");
    if (!api.get().service().pause(name)) {
      reads.job(name); // says 404
    }
    call.json(200, Map.of("job", reads.job(name)));
  }

  private void resume(Call call) throws IOException {
    String name = call.path("job");
    RunService.Resumed resumed = api.get().service().resume(name).orElse(null);
    if (resumed == null) {
      reads.job(name); // says 404
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("job", reads.job(name));
    body.put("wasPaused", resumed.wasPaused());
    body.put("queuedRuns", resumed.queued());
    call.json(200, body);
  }

  private void cancel(Call call) throws IOException {
    long id = call.id("id");
    Optional<RunState> before = api.get().service().cancel(id, "the HTTP API");
    if (before.isEmpty()) {
      reads.run(id); // says 404
      return;
    }
    if (before.get().isFinal()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "run " + id + " had already ended " + before.get() + "; nothing to cancel");
      body.put("run", reads.run(id));
      call.json(409, body);
      return;
    }
    // A queued run is cancelled now; a running one when its node next beats (its whole process tree is stopped).
    call.json(before.get() == RunState.QUEUED ? 200 : 202, reads.run(id));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

}
