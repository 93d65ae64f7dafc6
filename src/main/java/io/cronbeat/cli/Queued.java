package io.cronbeat.cli;

import io.cronbeat.view.RunView;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;

/** The line (or the run as JSON, the API's shape) that says a run was queued. */
final class Queued {

  private Queued() {}

  static void print(PrintWriter out, boolean json, RunView run, Instant now) {
    if (json) {
      out.println(Json.of(run));
    } else {
      out.println("queued run " + run.id() + " of job " + run.job()
          + (run.dueAt().isAfter(now) ? ", due " + TimeFormat.show(run.dueAt(), ZoneOffset.UTC) : ", due now"));
    }
    out.flush();
  }
}
