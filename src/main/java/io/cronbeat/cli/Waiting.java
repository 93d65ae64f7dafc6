package io.cronbeat.cli;

import io.cronbeat.dispatch.RunWaits;
import java.time.Instant;

/** The one line {@code list} and {@code status} print for a job whose due runs wait. */
final class Waiting {

  private Waiting() {}

  /** {@code 3 runs waiting for a node with role=backup, the oldest due 5m ago}. */
  static String describe(RunWaits.Waiting wait, Instant now) {
    return wait.runs() + (wait.runs() == 1 ? " run " : " runs ") + wait.reason() + ", the oldest due " + Ago.of(wait.since(), now);
  }
}
