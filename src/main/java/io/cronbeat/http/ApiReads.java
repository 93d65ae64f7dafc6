package io.cronbeat.http;

import io.cronbeat.dispatch.RunViews;
import io.cronbeat.run.RunState;
import io.cronbeat.text.DurationText;
import io.cronbeat.view.RunView;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The API's GET routes: jobs, runs, one run, nodes. */
final class ApiReads {

  /** Runs a page holds unless {@code limit} says otherwise, and at most. */
  static final int PAGE = 50;
  static final int MAX_PAGE = 1000;

  private final Supplier<Api> api;

  ApiReads(Supplier<Api> api) {
    this.api = api;
  }

  void register(Router router) {
    router.add("GET", "/api/jobs", call -> call.json(200, Map.of("jobs", api.get().views().jobs())))
        .add("GET", "/api/jobs/{job}", call -> call.json(200, job(call.path("job"))))
        .add("GET", "/api/runs", this::runs)
        .add("GET", "/api/runs/{id}", call -> call.json(200, run(call.id("id"))))
        .add("GET", "/api/runs/{id}/output", call -> RunOutput.send(call, run(call.id("id")), attempt(call),
            api.get().service()))
        .add("GET", "/api/nodes", this::nodes);
  }

  /** The nodes and the depth of the queue they share: one queue for the cluster, so one number. */
  private void nodes(Call call) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodes", api.get().views().nodes(api.get().lease()));
    body.put("queued", api.get().service().queued());
    call.json(200, body);
  }

  Object job(String name) {
    return api.get().views().job(name).orElseThrow(() -> ApiError.notFound("no job named '" + name + "'; GET /api/jobs"
        + " lists the jobs (a node adds declared jobs when it starts)"));
  }

  RunView run(long id) {
    return api.get().views().run(id).orElseThrow(() -> ApiError.notFound("no run " + id + "; GET /api/runs lists the runs"));
  }

  private static Optional<Integer> attempt(Call call) {
    return call.query("attempt") == null ? Optional.empty() : Optional.of(call.count("attempt", 1, 1, Integer.MAX_VALUE));
  }

  private void runs(Call call) throws IOException {
    RunState state = state(call.query("state"));
    Instant since = since(call.query("since"));
    String before = call.query("before");
    Long cursor = null;
    if (before != null) {
      try {
        cursor = Long.parseLong(before);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("before", "`before`: '" + before + "' is not a cursor; pass the `next` of the page before");
      }
    }
    RunViews.Page page = api.get().views().runs(new RunViews.Filter(call.query("job"), state, since, cursor,
        call.count("limit", PAGE, 1, MAX_PAGE)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runs", page.runs());
    body.put("next", page.next() == null ? null : page.next().toString());
    call.json(200, body);
  }

  private static RunState state(String text) {
    if (text == null) {
      return null;
    }
    try {
      return RunState.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("state", "`state`: '" + text + "' is not a run state; write one of "
          + String.join(", ", Arrays.stream(RunState.values()).map(Enum::name).toList()));
    }
  }

  private Instant since(String text) {
    if (text == null) {
      return null;
    }
    Optional<Instant> ago = DurationText.parse(text).map(d -> api.get().views().now().minus(d));
    if (ago.isPresent()) {
      return ago.get();
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("since", "`since`: '" + text + "' is neither a duration (1d: runs of the last day) nor an"
          + " ISO-8601 time with offset (2026-03-08T06:30:00Z)");
    }
  }

}
