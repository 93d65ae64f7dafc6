package io.cronbeat.store;

import java.time.Duration;
import java.util.List;

/** What cronbeat records when triggers come due; the firing pass persists it. */
public interface FiringHandler {

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
