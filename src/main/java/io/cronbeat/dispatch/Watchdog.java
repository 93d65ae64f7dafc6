package io.cronbeat.dispatch;

import io.cronbeat.job.Notify;
import io.cronbeat.notify.Notice;
import io.cronbeat.notify.Notifier;
import io.cronbeat.store.JobTable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upkeep's look at overdue jobs: it records when an overdue episode begins and ends, and
 * the node whose conditional update recorded it, and no other, sends the job's {@code overdue}
 * notice, or its {@code recovery} when a success ends the episode. Every node looks at every
 * heartbeat; the row decides, so a second node or a restart never notifies twice.
 */
final class Watchdog {

  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  private final OverdueJobs overdue;
  private final JobTable jobs;
  private final Notifier notifier;
  private final RunEvents events;
  private final String nodeId;

  Watchdog(OverdueJobs overdue, DispatchContext context) {
    this.overdue = overdue;
    this.jobs = context.jobs();
    this.notifier = context.notifier();
    this.events = context.events();
    this.nodeId = context.nodeId();
  }

  void pass(Instant now) {
    Map<String, Boolean> watched = new LinkedHashMap<>();
    for (OverdueJobs.Verdict verdict : overdue.verdicts(now)) {
      JobTable.Watched row = verdict.row();
      Optional<OverdueJobs.Overdue> late = verdict.overdue();
      if (late.isPresent() && row.overdueSince() == null) {
        begins(verdict, late.get());
      } else if (late.isEmpty() && row.overdueSince() != null) {
        ends(verdict);
      }
      watched.put(row.name(), late.isPresent());
    }
    events.jobsWatched(watched);
  }

  private void begins(OverdueJobs.Verdict verdict, OverdueJobs.Overdue late) {
    if (jobs.overdueBegins(late.job(), late.due(), late.since())) {
      log.warn("job={} overdue: no success for its firing of {} by {}", late.job(), late.due(), late.since());
      notifier.notify(verdict.spec(), Notice.aboutJob(Notify.Event.OVERDUE, late.job(), late.due(), late.since(), nodeId));
    }
  }

  /**
   * Ends an episode. Only a success for the missed firing or a later one is a recovery; an
   * episode ended by a pause, a disable or a change of the job ends without a word.
   */
  private void ends(OverdueJobs.Verdict verdict) {
    JobTable.Watched row = verdict.row();
    if (!jobs.overdueEnds(row.name())) {
      return;
    }
    boolean succeeded = verdict.lastSuccess() != null && !verdict.lastSuccess().isBefore(row.overdueDue());
    log.info("job={} no longer overdue{}", row.name(), succeeded ? ": it succeeded" : " (paused, disabled or changed)");
    if (succeeded) {
      notifier.notify(verdict.spec(), Notice.aboutJob(Notify.Event.RECOVERY, row.name(), row.overdueDue(), null, nodeId));
    }
  }
}
