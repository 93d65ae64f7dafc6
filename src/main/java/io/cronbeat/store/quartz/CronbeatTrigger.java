package io.cronbeat.store.quartz;

import io.cronbeat.timing.Schedule;
import io.cronbeat.timing.ScheduleParser;
import io.cronbeat.timing.Zones;
import java.time.Instant;
import java.util.Date;
import org.quartz.Calendar;
import org.quartz.ScheduleBuilder;
import org.quartz.impl.triggers.AbstractTrigger;

/**
 * A Quartz trigger whose fire times come from cronbeat's own {@link Schedule}, so that what
 * {@code scheduler next} shows is what fires. Quartz keeps it in plain columns (see
 * {@link CronbeatTriggerPersistence}): the schedule as written, its zone and the job name.
 *
 * <p>Quartz computes its first fire time when sync schedules it; from then on cronbeat's firing
 * pass ({@link TriggerSweep}) moves its next fire time in the table, and Quartz's scheduler,
 * which would call {@link #triggered} and {@link #updateAfterMisfire}, never runs.
 */
public class CronbeatTrigger extends AbstractTrigger<CronbeatTrigger> {

  private static final long serialVersionUID = 1L;

  private String scheduleText;
  private String zoneId;
  private String seed;
  private Date startTime = new Date();
  private Date endTime;
  private Date nextFireTime;
  private Date previousFireTime;
  /**
   * First fire time an older cronbeat (whose Quartz scheduler fired) found missed; the firing
   * pass starts from it and clears it.
   */
  private Date missedFrom;
  private transient Schedule schedule;

  public CronbeatTrigger() {
    setMisfireInstruction(MISFIRE_INSTRUCTION_SMART_POLICY);
  }

  CronbeatTrigger(String scheduleText, String zoneId, String seed) {
    this();
    this.scheduleText = scheduleText;
    this.zoneId = zoneId;
    this.seed = seed;
  }

  /** The schedule, parsed once per trigger object. */
  public Schedule schedule() {
    if (schedule == null) {
      schedule = new ScheduleParser().parse(scheduleText, Zones.parse(zoneId), seed);
    }
    return schedule;
  }

  String scheduleText() {
    return scheduleText;
  }

  String zoneId() {
    return zoneId;
  }

  String seed() {
    return seed;
  }

  public Date getMissedFrom() {
    return missedFrom;
  }

  /** Set by Quartz when loading the trigger (see {@link CronbeatTriggerPersistence}). */
  public void setMissedFrom(Date missedFrom) {
    this.missedFrom = missedFrom;
  }

  @Override
  public Date getFireTimeAfter(Date after) {
    Instant from = after == null ? Instant.now() : after.toInstant();
    Date next = schedule().nextAfter(from).map(Date::from).orElse(null);
    return next != null && endTime != null && next.after(endTime) ? null : next;
  }

  @Override
  public Date computeFirstFireTime(Calendar calendar) {
    nextFireTime = getFireTimeAfter(new Date(startTime.getTime() - 1));
    return nextFireTime;
  }

  @Override
  public void triggered(Calendar calendar) {
    missedFrom = null;
    previousFireTime = nextFireTime;
    nextFireTime = getFireTimeAfter(nextFireTime);
  }

  @Override
  public void updateAfterMisfire(Calendar calendar) {
    if (missedFrom == null) {
      missedFrom = nextFireTime;
    }
    // Fire once, now; the job decides from missedFrom which missed firings run.
    nextFireTime = new Date();
  }

  @Override
  public void updateWithNewCalendar(Calendar calendar, long misfireThreshold) {
    nextFireTime = getFireTimeAfter(previousFireTime);
  }

  @Override
  protected boolean validateMisfireInstruction(int misfireInstruction) {
    return misfireInstruction == MISFIRE_INSTRUCTION_SMART_POLICY;
  }

  @Override
  public boolean mayFireAgain() {
    return nextFireTime != null;
  }

  @Override
  public Date getStartTime() {
    return startTime;
  }

  @Override
  public void setStartTime(Date startTime) {
    this.startTime = startTime;
  }

  @Override
  public Date getEndTime() {
    return endTime;
  }

  @Override
  public void setEndTime(Date endTime) {
    this.endTime = endTime;
  }

  @Override
  public Date getNextFireTime() {
    return nextFireTime;
  }

  @Override
  public void setNextFireTime(Date nextFireTime) {
    this.nextFireTime = nextFireTime;
  }

  @Override
  public Date getPreviousFireTime() {
    return previousFireTime;
  }

  @Override
  public void setPreviousFireTime(Date previousFireTime) {
    this.previousFireTime = previousFireTime;
  }

  @Override
  public Date getFinalFireTime() {
    return null;
  }

  @Override
  public ScheduleBuilder<CronbeatTrigger> getScheduleBuilder() {
    return new CronbeatScheduleBuilder(scheduleText, zoneId, seed);
  }
}
