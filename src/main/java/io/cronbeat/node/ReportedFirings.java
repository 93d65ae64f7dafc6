package io.cronbeat.node;

import io.cronbeat.dispatch.RunEvents;
import io.cronbeat.store.DueTrigger;
import io.cronbeat.store.FiringHandler;
import io.cronbeat.store.FiringSlot;
import io.cronbeat.store.NewRun;
import java.time.Duration;
import java.util.List;

/** The firing handler, and then the node's listeners told what each committed pass recorded. */
record ReportedFirings(FiringHandler handler, RunEvents events) implements FiringHandler {

  @Override
  public List<NewRun> plan(FiringSlot slot, List<DueTrigger> due) {
    return handler.plan(slot, due);
  }

  @Override
  public void recorded(FiringSlot slot, List<NewRun> runs, Duration took) {
    handler.recorded(slot, runs, took);
    events.firingsRecorded(runs);
  }

  @Override
  public void due() {
    handler.due();
  }
}
