package io.cronbeat.store;

/** A test's two views of {@code cb_runs} on one pool: the queue it fills and the history it reads back. */
public record Runs(RunQueue queue, RunHistory history) {

  public static Runs of(Jdbc jdbc) {
    return new Runs(new RunQueue(jdbc), new RunHistory(jdbc));
  }
}
