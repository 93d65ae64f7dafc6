package io.cronbeat.exec;

import io.cronbeat.job.HttpCall;
import io.cronbeat.job.Placeholders;
import io.cronbeat.text.DurationText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes an HTTP job's request with the JDK client: the job's timeout for the whole exchange, a
 * stop request or the node's shutdown aborts it, the status line and body go to the attempt's log.
 * The attempt's thread waits for the answer and checks for a stop every few milliseconds, as
 * {@link ProcessWatch} does for a process. Redirects are not followed (as curl without -L).
 */
public final class HttpExecutor implements Executor {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 20;

  private final int maxOutputBytes;
  private final int tailLines;
  private final Map<String, String> nodeEnv;
  private final boolean outputToLog;
  private HttpClient client;

  /** @param nodeEnv where {@code ${NAME}} placeholders are looked up, after the job's env */
  public HttpExecutor(int maxOutputBytes, int tailLines, Map<String, String> nodeEnv) {
    this(maxOutputBytes, tailLines, nodeEnv, false);
  }

  /** @param outputToLog copy the status line and body, a line an event, to the node's log too ({@code log.job-output}) */
  public HttpExecutor(int maxOutputBytes, int tailLines, Map<String, String> nodeEnv, boolean outputToLog) {
    this.maxOutputBytes = maxOutputBytes;
    this.tailLines = tailLines;
    this.nodeEnv = Map.copyOf(nodeEnv);
    this.outputToLog = outputToLog;
  }

  /** Made at the first request: a node without HTTP jobs starts no client threads. */
  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }
    return client;
  }

  @Override
  public ProcessResult run(ProcessSpec spec, ProcessRunner.Handle handle) {
    HttpCall call = spec.http().orElseThrow(() -> new IllegalArgumentException("not an HTTP job: " + spec));
    Secrets secrets = new Secrets();
    HttpRequest request;
    try {
      request = request(call, spec, secrets);
    } catch (Placeholders.Unset e) {
      return notStarted("cannot start " + call.display() + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return notStarted("cannot start " + call.display() + ": its url or a header is not valid once ${...} are filled in");
    }
    if (handle.stopRequested()) {
      return new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "cancelled before it started", "");
    }
    CapturedBody body;
    try {
      OutputCapture capture = OutputCapture.create(spec.log(), maxOutputBytes);
      body = new CapturedBody(outputToLog ? capture.copyingLinesToLog() : capture);
    } catch (IOException e) {
      return notStarted("cannot write its log " + spec.log() + ": " + e.getMessage());
    }
    body.line("> " + call.display());
    CompletableFuture<HttpResponse<Void>> response = client().sendAsync(request, info -> {
      body.line("< " + (info.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1") + " " + info.statusCode());
      return body;
    });
    Ending ending = await(response, handle, spec.timeout());
    if (ending.result() == null) {
      response.cancel(true); // aborts the exchange and closes its connection
    }
    body.close();
    ProcessResult result = result(ending, call, request.uri(), spec, secrets);
    if (ending.kind() == Kind.SHUTDOWN) {
      Thread.currentThread().interrupt();
    }
    return result;
  }

  /** How the wait ended; {@code result} holds the answer or the failure when there is one. */
  private record Ending(Kind kind, HttpResponse<Void> result, Throwable failure) {
    static final Ending SHUTDOWN = new Ending(Kind.SHUTDOWN, null, null);
    static final Ending CANCELLED = new Ending(Kind.CANCELLED, null, null);
    static final Ending TIMED_OUT = new Ending(Kind.TIMED_OUT, null, null);
  }

  private enum Kind { ANSWERED, FAILED, TIMED_OUT, CANCELLED, SHUTDOWN }

  private static Ending await(CompletableFuture<HttpResponse<Void>> response, ProcessRunner.Handle handle,
      Optional<Duration> timeout) {
    long started = System.nanoTime();
    while (true) {
      try {
        return new Ending(Kind.ANSWERED, response.get(POLL_MILLIS, TimeUnit.MILLISECONDS), null);
      } catch (TimeoutException e) {
        // still waiting: check below
      } catch (ExecutionException e) {
        return new Ending(Kind.FAILED, null, e.getCause());
      } catch (InterruptedException e) {
        return Ending.SHUTDOWN;
      }
      if (handle.stopRequested()) {
        return Ending.CANCELLED;
      }
      if (timeout.isPresent() && System.nanoTime() - started >= timeout.get().toNanos()) {
        return Ending.TIMED_OUT;
      }
    }
  }

  private ProcessResult result(Ending ending, HttpCall call, URI uri, ProcessSpec spec, Secrets secrets) {
    String tail = OutputCapture.lastLines(spec.log(), tailLines);
    return switch (ending.kind()) {
      case ANSWERED -> {
        int status = ending.result().statusCode();
        String from = "HTTP " + status + " from " + call.target();
        yield call.accepts(status) ? new ProcessResult(ProcessResult.Outcome.SUCCEEDED, 0, from, tail)
            : new ProcessResult(ProcessResult.Outcome.FAILED, null, from + " (expected " + call.expected() + ")", tail);
      }
      case FAILED -> HttpFailure.of(ending.failure(), call, uri, spec.timeout(), secrets::scrub, tail);
      case TIMED_OUT -> new ProcessResult(ProcessResult.Outcome.TIMED_OUT, null,
          "timed out after " + DurationText.format(spec.timeout().orElseThrow()) + "; the request was aborted", tail);
      case CANCELLED -> new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "cancelled; the request was aborted", tail);
      case SHUTDOWN -> new ProcessResult(ProcessResult.Outcome.CANCELLED, null, "stopped: the node is shutting down", tail);
    };
  }

  private HttpRequest request(HttpCall call, ProcessSpec spec, Secrets secrets) throws Placeholders.Unset {
    Map<String, String> variables = new HashMap<>(nodeEnv);
    variables.putAll(spec.env());
    URI written = URI.create(Placeholders.expand(call.url(), variables, secrets::add));
    secrets.add(written.getRawUserInfo());
    secrets.add(written.getRawQuery());
    // The user info is not sent in the request line: as curl does, it becomes basic authentication.
    URI uri = URI.create(written.getScheme() + "://" + written.getRawAuthority().substring(
        written.getRawUserInfo() == null ? 0 : written.getRawUserInfo().length() + 1)
        + (written.getRawPath() == null ? "" : written.getRawPath())
        + (written.getRawQuery() == null ? "" : "?" + written.getRawQuery()));
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(call.method(),
        call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
    if (uri.getScheme().equalsIgnoreCase("http")) {
      builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade headers to servers that may choke on them
    }
    spec.timeout().ifPresent(builder::timeout);
    if (written.getRawUserInfo() != null && call.headers().keySet().stream().noneMatch("authorization"::equalsIgnoreCase)) {
      String basic = Base64.getEncoder().encodeToString(written.getUserInfo().getBytes(StandardCharsets.UTF_8));
      secrets.add(basic);
      builder.header("Authorization", "Basic " + basic);
    }
    for (Map.Entry<String, String> header : call.headers().entrySet()) {
      String value = Placeholders.expand(header.getValue(), variables, secrets::add);
      secrets.add(value);
      builder.header(header.getKey(), value);
    }
    return builder.build();
  }

  private static ProcessResult notStarted(String detail) {
    return new ProcessResult(ProcessResult.Outcome.NOT_STARTED, null, detail, "");
  }
}
