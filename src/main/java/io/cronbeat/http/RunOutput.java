package io.cronbeat.http;

import io.cronbeat.dispatch.AttemptOutput;
import io.cronbeat.dispatch.RunService;
import io.cronbeat.run.Attempt;
import io.cronbeat.view.RunView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/runs/{id}/output}: an attempt's output as text. In full, streamed from its log
 * file in chunks, never read whole into memory; {@code ?tail=N}, its last N lines. Where this
 * node cannot read the log file (another node's machine), the lines the store kept, said so in
 * {@code X-Cronbeat-Output: kept-tail}.
 */
final class RunOutput {

  static final int MAX_TAIL = 10_000;

  private RunOutput() {}

  static void send(Call call, RunView run, Optional<Integer> number, RunService runs) throws IOException {
    List<Attempt> attempts = runs.attempts(run.id());
    Attempt attempt = RunService.attempt(attempts, number).orElseThrow(() -> ApiError.notFound(number.isPresent()
        ? "run " + run.id() + " has no attempt " + number.get() + " (it has " + attempts.size() + ")"
        : "run " + run.id() + " has not started yet: no output"));
    Integer tail = call.query("tail") == null ? null : call.count("tail", 0, 1, MAX_TAIL);
    Path log = AttemptOutput.readableLog(attempt).orElse(null);
    call.exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    call.exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (log == null) {
      call.exchange.getResponseHeaders().set("X-Cronbeat-Output", "kept-tail");
      String kept = AttemptOutput.kept(attempt);
      Call.send(call.exchange, 200, "text/plain; charset=utf-8", tail == null ? kept : last(kept.lines().toList(), tail));
      return;
    }
    if (tail != null) {
      Call.send(call.exchange, 200, "text/plain; charset=utf-8", tail(log, tail));
      return;
    }
    if (call.exchange.getRequestMethod().equals("HEAD")) {
      call.exchange.sendResponseHeaders(200, -1);
      return;
    }
    call.exchange.sendResponseHeaders(200, 0); // chunked: the file may still grow while its attempt runs
    try (OutputStream out = call.exchange.getResponseBody()) {
      Files.copy(log, out);
    }
  }

  /** The last lines of a file, read through once with only those lines held. */
  private static String tail(Path log, int count) throws IOException {
    Deque<String> lines = new ArrayDeque<>(Math.min(count, 1024));
    // An InputStreamReader replaces bytes that are not UTF-8 instead of failing, as a terminal would show them.
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (lines.size() == count) {
          lines.removeFirst();
        }
        lines.addLast(line);
      }
    }
    return last(List.copyOf(lines), count);
  }

  private static String last(List<String> lines, int count) {
    List<String> kept = lines.subList(Math.max(0, lines.size() - count), lines.size());
    return kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
  }
}
