package io.cronbeat.store.quartz;

import io.cronbeat.store.Firing;
import io.cronbeat.store.FiringHandler;
import java.time.Instant;
import java.util.Optional;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * The only Quartz job: it hands the firing to cronbeat, which records runs in its own table.
 * Commands never run on Quartz's threads.
 */
public class FireJob implements Job {

  private final FiringHandler handler;

  FireJob(FiringHandler handler) {
    this.handler = handler;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    String job = context.getJobDetail().getKey().getName();
    Instant scheduledAt = context.getScheduledFireTime().toInstant();
    // A firing whose node died before recording it comes back on another node through Quartz's
    // recovery trigger, scheduled at the original time; the unique (job, time) key absorbs it
    // when the dead node had recorded it after all.
    Firing firing = context.getTrigger() instanceof CronbeatTrigger trigger
        ? new Firing(job, scheduledAt, Optional.ofNullable(trigger.catchUpFrom()), trigger.schedule())
        : new Firing(job, scheduledAt, Optional.empty(), null);
    try {
      handler.fired(firing);
    } catch (RuntimeException e) {
      // Quartz would only log it; refire so that a database blip does not lose the firing.
      throw new JobExecutionException("recording the firing failed: " + e.getMessage(), e, true);
    }
  }
}
