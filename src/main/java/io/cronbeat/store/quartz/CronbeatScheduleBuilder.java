package io.cronbeat.store.quartz;

import org.quartz.ScheduleBuilder;
import org.quartz.spi.MutableTrigger;

/** Builds a {@link CronbeatTrigger}; Quartz calls it when it loads a trigger from the store. */
public class CronbeatScheduleBuilder extends ScheduleBuilder<CronbeatTrigger> {

  private final String scheduleText;
  private final String zoneId;
  private final String seed;

  public CronbeatScheduleBuilder(String scheduleText, String zoneId, String seed) {
    this.scheduleText = scheduleText;
    this.zoneId = zoneId;
    this.seed = seed;
  }

  @Override
  protected MutableTrigger build() {
    return new CronbeatTrigger(scheduleText, zoneId, seed);
  }
}
