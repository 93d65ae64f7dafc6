package io.cronbeat.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The line (or JSON) that says a run was queued. */
final class Queued {

  private Queued() {}

  static void print(PrintWriter out, boolean json, long id, String job, Instant due, Instant now) {
    if (json) {
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("run", id);
      run.put("job", job);
      run.put("due", due.toString());
      out.println(Json.of(run));
    } else {
      out.println("queued run " + id + " of job " + job
          + (due.isAfter(now) ? ", due " + TimeFormat.show(due, ZoneOffset.UTC) : ", due now"));
    }
    out.flush();
  }
}
