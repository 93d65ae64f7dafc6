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
 * <p>Missed firings are not Quartz's business: after an outage Quartz fires the trigger once,
 * now, and the trigger carries the first missed time, so cronbeat's catch-up policy decides
 * about every firing in between, however long the outage was.
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
  /** First fire time missed while no node could fire; persisted until the catch-up firing. */
  private Date missedFrom;
  /** What {@link #missedFrom} was when this firing happened, for the job that runs it. */
  private transient Date catchUpFrom;
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

  /** The first missed fire time this firing catches up from, if it is a catch-up firing. */
  public Instant catchUpFrom() {
    return catchUpFrom == null ? null : catchUpFrom.toInstant();
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
    catchUpFrom = missedFrom;
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
