package io.cronbeat.store.quartz;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * The job class every trigger's Quartz job names (Quartz wants one, and stores its name). It
 * never runs: cronbeat's firing pass ({@link TriggerSweep}) fires the triggers, and Quartz's
 * scheduler thread is never started.
 */
public class FireJob implements Job {

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    throw new JobExecutionException("cronbeat fires its triggers itself; Quartz's scheduler must not run");
  }
}
