package io.cronbeat.store;

import java.time.Duration;
import java.util.List;

/** What cronbeat records when triggers come due; the firing pass persists it. */
public interface FiringHandler {

  /**
   * How far ahead of their time firings are recorded, and runs claimed: a pass and a claim of
   * hundreds of runs take a few hundred milliseconds on a busy machine, and both are done by the
   * instant the runs are due. The cost: a job paused or changed less than this before a firing
   * still runs that firing as it was.
   */
  Duration AHEAD = Duration.ofSeconds(1);

  /**
   * The runs to record for these due triggers. They are written in the same transaction that
   * moves the triggers on, so a firing is recorded exactly when its trigger has passed it.
   */
  List<NewRun> plan(FiringSlot slot, List<DueTrigger> due);

  /** The runs of a pass are committed; the pass took {@code took}. */
  void recorded(FiringSlot slot, List<NewRun> runs, Duration took);

  /** Runs recorded ahead of their time are due now. */
  void due();
}
