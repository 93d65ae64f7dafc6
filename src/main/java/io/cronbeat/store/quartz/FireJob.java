package io.cronbeat.store.quartz;

import io.cronbeat.store.Firing;
import io.cronbeat.store.FiringHandler;
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
    CronbeatTrigger trigger = (CronbeatTrigger) context.getTrigger();
    try {
      handler.fired(new Firing(context.getJobDetail().getKey().getName(), context.getScheduledFireTime().toInstant(),
          Optional.ofNullable(trigger.catchUpFrom()), trigger.schedule()));
    } catch (RuntimeException e) {
      // Quartz would only log it; refire so that a database blip does not lose the firing.
      throw new JobExecutionException("recording the firing failed: " + e.getMessage(), e, true);
    }
  }
}
